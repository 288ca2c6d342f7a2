import { describe, expect, it } from 'vitest'
import { openCapabilityRecord } from '../../protocols/capability/index.js'
import { createLocalApi } from '../../node/api/server.js'
import { registerGatewayRoutes } from '../../node/gateway/api.js'
import { ProviderTable } from '../../node/gateway/provider-table.js'
import { silentLogger } from '../../node/logger.js'
import { ed25519, signedRecord } from '../fixtures.js'
import type { Gateway } from '../../node/gateway/index.js'

const TOKEN = 'a'.repeat(64)

async function app () {
  const table = new ProviderTable()
  for (const country of ['DE', 'US']) {
    table.offer(await openCapabilityRecord(await signedRecord(await ed25519(), { country })), 'gossip')
  }
  const api = createLocalApi({ token: TOKEN, logger: silentLogger() })
  registerGatewayRoutes(api, { table } as unknown as Gateway, { getConnections: () => [] })
  return api
}

describe('local API', () => {
  const auth = { authorization: `Bearer ${TOKEN}` }
  const cases: Array<{ name: string, url: string, headers?: Record<string, string>, status: number, code?: string, count?: number }> = [
    { name: 'no token', url: '/api/providers', status: 401, code: 'UNAUTHORIZED' },
    { name: 'wrong token', url: '/api/providers', headers: { authorization: `Bearer ${'b'.repeat(64)}` }, status: 401, code: 'UNAUTHORIZED' },
    { name: 'token without Bearer', url: '/api/providers', headers: { authorization: TOKEN }, status: 401, code: 'UNAUTHORIZED' },
    { name: 'health needs no token', url: '/api/health', status: 200 },
    { name: 'all providers', url: '/api/providers', headers: auth, status: 200, count: 2 },
    { name: 'by country, any case', url: '/api/providers?country=de', headers: auth, status: 200, count: 1 },
    { name: 'unknown service', url: '/api/providers?service=storage', headers: auth, status: 400, code: 'BAD_REQUEST' },
    { name: 'malformed country', url: '/api/providers?country=Germany', headers: auth, status: 400, code: 'BAD_REQUEST' },
    { name: 'unknown parameter', url: '/api/providers?colour=red', headers: auth, status: 400, code: 'BAD_REQUEST' },
    { name: 'unknown route', url: '/api/nope', headers: auth, status: 404, code: 'NOT_FOUND' }
  ]
  for (const c of cases) {
    it(`${c.name}: ${c.status}`, async () => {
      const res = await (await app()).inject({ method: 'GET', url: c.url, headers: c.headers })
      expect(res.statusCode, c.name).toBe(c.status)
      const body = res.json()
      if (c.code != null) expect(body.error.code, c.name).toBe(c.code)
      if (c.count != null) expect(body.providers.length, c.name).toBe(c.count)
    })
  }
})
