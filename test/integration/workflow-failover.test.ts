import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { Testnet } from '../testnet.js'
import type { Server } from 'node:http'

const BODY = JSON.stringify({ report: 'x'.repeat(10_000) })

describe('a workflow fetch whose exit dies mid-response goes again through another (about 10 s)', () => {
  let net: Testnet
  let server: Server
  let base: string
  let hits = 0
  beforeAll(async () => {
    // the first half of the body at once, the rest after 1.5 s: a response still coming when its exit dies
    server = createServer((_request, response) => {
      hits++
      response.sendDate = false
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(BODY)) })
      response.write(BODY.slice(0, 5_000))
      const timer = setTimeout(() => { response.end(BODY.slice(5_000)) }, 1_500)
      response.on('close', () => { clearTimeout(timer) })
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    net = await createTestnet(3, { countries: ['DE', 'DE'], provider: { exit: { exitAllow: ['127.0.0.0/8'] } } })
    const gateway = net.gateways[0]!.gateway!
    await waitFor(() => gateway.table.list({ service: 'proxy' }).length === 2, 'the gateway to know both exits')
  })
  afterAll(async () => {
    await net?.destroy()
    server?.close()
  })

  it('finishes the fetch, byte-exact, through the other exit', async () => {
    const workflows = net.gateways[0]!.gateway!.workflows!
    const document = { workflow: 1, nodes: [{ id: 'report', type: 'fetch', url: `"${base}/report"`, country: '"DE"' }], output: 'size(report.body)' }
    const { id } = await workflows.submit({ document, input: null })
    // the exit now relaying the response: its log holds the connection open
    const serving = await waitFor(async () => {
      for (const provider of net.providers) {
        const open = (await provider.provider!.transparency.list(0, 100)).find(e => e.decision === 'allowed' && e.end == null)
        if (open != null) return provider
      }
      return undefined
    }, 'an exit to relay the response', 10_000)
    await serving.stop()
    await workflows.settled(id)
    const run = await workflows.get(id)
    expect(run).toMatchObject({ state: 'done', output: BODY.length })
    expect(hits).toBe(2)
  })
})
