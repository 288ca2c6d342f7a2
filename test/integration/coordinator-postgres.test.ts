import { SocksClient } from 'socks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { silentLogger } from '../../node/logger.js'
import { customerAccount } from '../../rendezvous/ledger/accounts.js'
import { creditTransaction } from '../../rendezvous/ledger/postings.js'
import { openPostgresStore } from '../../rendezvous/store/postgres/index.js'
import { startFileServer } from '../file-server.js'
import { metricValue, waitFor } from '../helpers.js'
import { freshPostgresDatabase } from '../stores.js'
import { TESTNET_CREDIT, createTestnet } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { Rendezvous } from '../../rendezvous/index.js'
import type { FileServer } from '../file-server.js'
import type { TestNode, Testnet } from '../testnet.js'

const KiB = 1024

/** Served requests of a protocol at one rendezvous, by result. */
async function served (node: TestNode, protocol: string, result = 'ok'): Promise<number> {
  return metricValue(node.registry, 'peergrid_protocol_requests_total', { protocol, side: 'server', result })
}

describe('three rendezvous on one PostgreSQL database behave as one coordinator (about 10 s)', () => {
  let net: Testnet
  let files: FileServer
  let fronts: ProxyFronts
  let A: Rendezvous, B: Rendezvous, C: Rendezvous
  beforeAll(async () => {
    files = await startFileServer()
    const url = await freshPostgresDatabase()
    net = await createTestnet(1, {
      rendezvous: 3,
      coordinatorStore: async () => (await openPostgresStore({ url, logger: silentLogger(), poolSize: 4 })).store,
      gateway: { hosted: true, metering: { everyBytes: 64 * KiB, everyMs: 300 } },
      provider: { exit: { exitAllow: ['127.0.0.0/8'] } },
      protocols: { receiptSubmitter: { intervalMs: 200, minBackoffMs: 50, maxBackoffMs: 200 } }
    });
    [A, B, C] = net.rendezvousNodes.map(node => node.rendezvous!) as [Rendezvous, Rendezvous, Rendezvous]
  })
  afterAll(async () => {
    await fronts?.close()
    await net?.destroy()
    await files?.close()
  })

  it('an account created on one enrolls through another', async () => {
    const { enrollmentKey } = await A.accounts.create('provider')
    const [beforeA, beforeB] = [await served(net.rendezvousNodes[0]!, 'register'), await served(net.rendezvousNodes[1]!, 'register')]
    const provider = await net.add('provider', { country: 'DE', enrollmentKey, trustedKeys: [A.credentialKeyId], bootstrap: [net.rendezvousAddrs[1]!] })
    await waitFor(() => provider.credentials?.current() != null, 'the provider\'s credential from rendezvous B')
    expect(await served(net.rendezvousNodes[1]!, 'register')).toBe(beforeB + 1)
    expect(await served(net.rendezvousNodes[0]!, 'register')).toBe(beforeA)
  })

  it('an API key issued by one is accepted by a hosted gateway asking another', async () => {
    const gateway = await net.add('gateway', { bootstrap: [net.rendezvousAddrs[2]!] })
    const { account } = await A.accounts.create('customer')
    const key = (await A.accounts.createApiKey(account.id))!
    expect(await gateway.gateway!.apiKeys!.verify(key)).toBe(account.id)
    expect(await served(net.rendezvousNodes[2]!, 'apikey')).toBeGreaterThan(0)
    expect(await gateway.gateway!.apiKeys!.verify('pgh_not-a-key')).toBeUndefined()
  })

  it('numbers rule sets and revocation lists once across all three, and every one serves the newest', async () => {
    const start = A.rules.current()!.version
    const versions = await Promise.all([A, B, C, A, B, C, A, B, C].map(async (r, i) => (await r.rules.set(JSON.stringify({ blockedPorts: [{ port: 1000 + i }] }))).version))
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 9 }, (_, i) => start + 1 + i))
    await waitFor(() => [A, B, C].every(r => r.rules.current()?.version === start + 9), 'every rendezvous to serve the newest rule set')
    const { account } = await B.accounts.create('customer')
    await B.revocations.revokeAccount(account.id)
    await C.revocations.revokeAccount((await C.accounts.create('provider')).account.id)
    await waitFor(() => [A, B, C].every(r => r.revocations.version === 2), 'every rendezvous to serve revocation list 2')
    expect(A.revocations.book.currentStored()?.meta.accounts).toHaveLength(2)
    expect((await A.accounts.get(account.id))?.disabled).toBe(true)
  })

  it('books receipts sent to different rendezvous exactly once, in one ledger that adds up', async () => {
    // a second exit, submitting to C; the first (enrolled through B) submits to B
    const { enrollmentKey } = await A.accounts.create('provider')
    const exitC = await net.add('provider', { country: 'US', enrollmentKey, trustedKeys: [A.credentialKeyId], bootstrap: [net.rendezvousAddrs[2]!] })
    await waitFor(() => exitC.credentials?.current() != null, 'the second exit\'s credential')
    const gateway = net.gateways[0]!.gateway!
    await waitFor(() => gateway.table.list({ service: 'proxy' }).length === 2, 'the gateway to know both exits')
    fronts = await listenProxyFronts(gateway.router, { socksPort: 0, httpProxyPort: 0, requireAuth: true, authenticate: async (_u, password) => (await gateway.apiKeys!.verify(password)) != null }, silentLogger())
    const { account: customer } = await C.accounts.create('customer')
    await B.ledger.book(creditTransaction({ customer: customer.id, amount: TESTNET_CREDIT, reference: 'prepaid', atMs: Date.now() }))
    const key = (await B.accounts.createApiKey(customer.id))!
    const [host, port] = fronts.socks!.split(':')
    for (const country of ['de', 'us', 'de', 'us']) {
      const { socket } = await SocksClient.createConnection({ proxy: { host: host!, port: Number(port), type: 5, userId: `country-${country}`, password: key }, command: 'connect', destination: { host: '127.0.0.1', port: files.port }, timeout: 10_000 })
      await new Promise<void>((resolve, reject) => {
        socket.on('error', reject)
        socket.on('close', () => { resolve() })
        socket.on('data', () => {})
        socket.end(`GET /bytes/${512 * KiB} HTTP/1.0\r\nHost: files\r\n\r\n`)
      })
    }
    // the exits' receipts are booked at B (the first exit's rendezvous) and at C (the second's), none at A
    const booked = async (node: TestNode): Promise<number> => metricValue(node.registry, 'peergrid_rendezvous_receipts_total', { outcome: 'booked' })
    await waitFor(async () => (await booked(net.rendezvousNodes[1]!)) > 0 && (await booked(net.rendezvousNodes[2]!)) > 0, 'receipts booked at B and at C')
    expect(await booked(net.rendezvousNodes[0]!)).toBe(0)
    await waitFor(async () => (await A.receipts.sessionsOf({ payingAccount: customer.id })).length === 4 &&
      net.providers.every(p => (p.provider?.receiptOutbox?.size() ?? 0) === 0), 'all four sessions booked and nothing left to submit')
    const sessions = await A.receipts.sessionsOf({ payingAccount: customer.id })
    const spent = sessions.reduce((sum, s) => sum + s.amount, 0)
    expect(spent).toBeGreaterThan(0)
    expect(TESTNET_CREDIT - await C.ledger.balance(customerAccount(customer.id))).toBe(spent)
    expect(await B.ledger.check()).toMatchObject({ ok: true, total: 0 })
  })
})
