import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SocksClient } from 'socks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalApi } from '../../node/api/server.js'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { silentLogger } from '../../node/logger.js'
import { registerRendezvousRoutes } from '../../rendezvous/index.js'
import { customerAccount } from '../../rendezvous/ledger/accounts.js'
import { openPostgresStore } from '../../rendezvous/store/postgres/index.js'
import { firstLine, requireBuild, startCli } from '../cli.js'
import { startFileServer } from '../file-server.js'
import { metricValue, waitFor } from '../helpers.js'
import { startPostgres } from '../postgres-server.js'
import { TESTNET_CREDIT, createTestnet } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { Rendezvous } from '../../rendezvous/index.js'
import type { FileServer } from '../file-server.js'
import type { PostgresServer } from '../postgres-server.js'
import type { Testnet } from '../testnet.js'
import type { FastifyInstance } from 'fastify'

const KiB = 1024
const TOKEN = 'failover-test-token'

describe('the rendezvous while its PostgreSQL server stops and starts under load (about 25 s)', () => {
  let server: PostgresServer
  let net: Testnet
  let files: FileServer
  let fronts: ProxyFronts
  let api: FastifyInstance
  let rendezvous: Rendezvous

  /** One proxied download through the gateway's SOCKS5 front (the data path needs no database). */
  const download = async (): Promise<number> => {
    const [host, port] = fronts.socks!.split(':')
    const { socket } = await SocksClient.createConnection({ proxy: { host: host!, port: Number(port), type: 5 }, command: 'connect', destination: { host: '127.0.0.1', port: files.port }, timeout: 10_000 })
    return new Promise((resolve, reject) => {
      let bytes = 0
      socket.on('error', reject)
      socket.on('data', (chunk: Buffer) => { bytes += chunk.byteLength })
      socket.on('close', () => { resolve(bytes) })
      socket.end(`GET /bytes/${256 * KiB} HTTP/1.0\r\nHost: files\r\n\r\n`)
    })
  }
  const status = async (): Promise<any> => (await api.inject({ method: 'GET', url: '/api/status', headers: { authorization: `Bearer ${TOKEN}` } })).json()

  beforeAll(async () => {
    server = await startPostgres()
    files = await startFileServer()
    const url = await server.createDatabase()
    net = await createTestnet(2, {
      countries: ['DE'],
      coordinatorStore: async () => (await openPostgresStore({ url, logger: silentLogger(), poolSize: 4 })).store,
      gateway: { metering: { everyBytes: 64 * KiB, everyMs: 300 } },
      provider: { exit: { exitAllow: ['127.0.0.0/8'] } },
      protocols: { receiptSubmitter: { intervalMs: 200, minBackoffMs: 50, maxBackoffMs: 300 } }
    })
    rendezvous = net.rendezvous.rendezvous!
    api = createLocalApi({ token: TOKEN, logger: silentLogger() })
    await registerRendezvousRoutes(api, rendezvous)
    const gateway = net.gateways[0]!.gateway!
    await waitFor(() => gateway.table.list({ service: 'proxy' }).length === 1, 'the gateway to know the provider')
    fronts = await listenProxyFronts(gateway.router, { socksPort: 0, httpProxyPort: 0 }, silentLogger())
  })
  afterAll(async () => {
    await fronts?.close()
    await api?.close()
    await net?.destroy()
    await files?.close()
    await server?.destroy()
  })

  it('keeps the mesh and the data path up, refuses the books with a clear error, and books everything once the database is back', async () => {
    const customer = net.gateways[0]!.credentials!.current()!.account
    const before = await rendezvous.accounts.create('provider')
    expect((await status()).database).toMatchObject({ store: 'postgresql', state: 'up', schemaVersion: 1 })
    // load through the whole outage: downloads one after another (at most 60), each a metered session
    let loading = true
    const load = (async () => {
      const sizes: number[] = []
      while (loading && sizes.length < 60) sizes.push(await download())
      return sizes
    })()
    await waitFor(async () => (await rendezvous.receipts.sessionsOf({ payingAccount: customer })).length >= 2, 'sessions booked before the outage')

    await server.stop()
    // what needs the books is refused, and says why; the rendezvous notices without being asked
    await expect(rendezvous.accounts.create('customer')).rejects.toThrow(/cannot be reached|not ready/)
    await waitFor(() => rendezvous.databaseStatus().state === 'down', 'the rendezvous to report its database down')
    const refused = await api.inject({ method: 'GET', url: '/api/accounts', headers: { authorization: `Bearer ${TOKEN}` } })
    expect(refused.statusCode).toBe(503)
    expect(refused.json().error).toMatchObject({ code: 'UNAVAILABLE' })
    expect((await status()).database).toMatchObject({ state: 'down' })
    expect(await metricValue(net.rendezvous.registry, 'peergrid_rendezvous_database_up', { store: 'postgresql' })).toBe(0)
    // the proxy keeps working (its receipts wait in the exit's outbox), and a new node still joins the mesh through the rendezvous
    await waitFor(async () => await metricValue(net.rendezvous.registry, 'peergrid_protocol_requests_total', { protocol: 'receipts', side: 'server', result: 'failure' }) > 0, 'the exit\'s receipts to be refused for now (they stay in its outbox)')
    const late = await net.add('gateway', { enrollmentKey: 'pgk_refused-while-the-database-is-down' })
    await waitFor(() => late.libp2p.getPeers().some(peer => peer.equals(net.providers[0]!.libp2p.peerId)), 'a node that joined during the outage to find the provider')

    await server.start()
    await waitFor(() => rendezvous.databaseStatus().state === 'up', 'the rendezvous to reach its database again by itself', 20_000)
    expect(await metricValue(net.rendezvous.registry, 'peergrid_rendezvous_database_up', { store: 'postgresql' })).toBe(1)
    loading = false
    const sizes = await load
    expect(sizes.every(bytes => bytes > 256 * KiB)).toBe(true)
    // the receipts of the outage are booked, once: what the customer paid is what its sessions say
    await waitFor(async () => (await rendezvous.receipts.sessionsOf({ payingAccount: customer })).length === sizes.length && (net.providers[0]!.provider!.receiptOutbox!.size() === 0), `all ${sizes.length} sessions booked and the outbox empty`, 20_000)
    const sessions = await rendezvous.receipts.sessionsOf({ payingAccount: customer })
    expect(TESTNET_CREDIT - await rendezvous.ledger.balance(customerAccount(customer))).toBe(sessions.reduce((sum, s) => sum + s.amount, 0))
    expect(await rendezvous.ledger.check()).toMatchObject({ ok: true, total: 0 })
    expect(await rendezvous.accounts.get(before.account.id)).toEqual(before.account)
    expect((await rendezvous.accounts.create('customer')).account.role).toBe('customer')
  })

  it('a rendezvous daemon started while its database is down serves the mesh at once, and its books once the server is up', async () => {
    requireBuild()
    const url = await server.createDatabase()
    const dataDir = await mkdtemp(join(tmpdir(), 'peergrid-failover-daemon-'))
    await server.stop()
    const child = startCli(['rendezvous', '--json', '--listen', '/ip4/127.0.0.1/tcp/0', '--api-port', '0', '--data-dir', dataDir, '--database', url])
    try {
      const ready = JSON.parse(await firstLine(child)) as { api: string, multiaddrs: string[] }
      expect(ready.multiaddrs.length).toBeGreaterThan(0)
      const token = (await readFile(join(dataDir, 'api-token'), 'utf8')).trim()
      const get = async (path: string): Promise<{ status: number, body: any }> => {
        const response = await fetch(`${ready.api}${path}`, { headers: { authorization: `Bearer ${token}` } })
        return { status: response.status, body: await response.json() }
      }
      expect((await get('/api/status')).body).toMatchObject({ database: { store: 'postgresql', state: 'down' }, rulesVersion: 0 })
      expect((await get('/api/accounts')).status).toBe(503)
      await server.start()
      // the store reaches the server, migrates, and the rendezvous publishes the default rule set nobody had
      await waitFor(async () => (await get('/api/status')).body.rulesVersion === 1, 'the daemon to reach its database and publish the default rule set', 20_000)
      expect((await get('/api/status')).body.database).toMatchObject({ state: 'up', schemaVersion: 1 })
      expect((await get('/api/accounts')).body).toEqual({ accounts: [] })
    } finally {
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('starts without its database, refusing the books, and migrates and serves once the server is up', async () => {
    const url = await server.createDatabase()
    await server.stop()
    const { store, migration } = await openPostgresStore({ url, logger: silentLogger(), poolSize: 2, startWithoutDatabase: true })
    try {
      expect(migration).toBeUndefined()
      expect(store.status()).toMatchObject({ state: 'down' })
      await expect(store.allAccounts()).rejects.toThrow(/not ready/)
      await server.start()
      await waitFor(() => store.status().state === 'up', 'the store to reach the server and migrate by itself', 20_000)
      expect(await store.allAccounts()).toEqual([])
      expect(store.status().schemaVersion).toBe(1)
    } finally {
      await store.close()
    }
  })
})
