import { SocksClient } from 'socks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalApi } from '../../node/api/server.js'
import { registerGatewayRoutes } from '../../node/gateway/api.js'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { silentLogger } from '../../node/logger.js'
import { curl } from '../curl.js'
import { startFileServer } from '../file-server.js'
import { metricValue, waitFor } from '../helpers.js'
import { socksFetch } from '../socks-fetch.js'
import { creditTransaction } from '../../rendezvous/ledger/postings.js'
import { createTestnet } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { FileServer } from '../file-server.js'
import type { TestNode, Testnet } from '../testnet.js'
import type { Socket } from 'node:net'

describe('hosted gateway: many customers, each with an API key (about 5 s)', () => {
  let net: Testnet
  let files: FileServer
  let gateway: TestNode
  let fronts: ProxyFronts
  const keys: Record<string, string> = {}
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    files = await startFileServer()
    net = await createTestnet(2, { countries: ['DE'], gateway: { hosted: true, proxy: { maxTunnelsPerCustomer: 2 } }, provider: { exit: { exitAllow: ['127.0.0.0/8'] } } })
    gateway = net.gateways[0]!
    await waitFor(() => gateway.gateway!.table.list({ service: 'proxy' }).length === 1, 'the gateway to know the provider')
    const accounts = net.rendezvous.rendezvous!.accounts
    for (const name of ['alice', 'bob', 'carol']) {
      const { account } = await accounts.create('customer')
      ids[name] = account.id
      await net.rendezvous.rendezvous!.ledger.book(creditTransaction({ customer: account.id, amount: 1_000_000_000, reference: 'prepaid', atMs: Date.now() }))
      keys[name] = (await accounts.createApiKey(account.id))!
      if (name === 'carol') await net.rendezvous.rendezvous!.revocations.revokeAccount(account.id)
    }
    const apiKeys = gateway.gateway!.apiKeys!
    fronts = await listenProxyFronts(gateway.gateway!.router, {
      socksPort: 0,
      httpProxyPort: 0,
      requireAuth: true,
      authenticate: async (_username, password) => (await apiKeys.verify(password)) != null
    }, silentLogger())
  })
  afterAll(async () => {
    await fronts?.close()
    await net?.destroy()
    await files?.close()
  })

  const hold = async (key: string): Promise<Socket> => {
    const [host, port] = fronts.socks!.split(':')
    const { socket } = await SocksClient.createConnection({
      proxy: { host: host!, port: Number(port), type: 5, userId: 'country-de', password: key },
      command: 'connect',
      destination: { host: '127.0.0.1', port: files.port },
      timeout: 10_000
    })
    return socket
  }

  it('serves a customer who logs in with a valid API key, on both fronts', async () => {
    const viaSocks = await socksFetch(fronts.socks!, { host: '127.0.0.1', port: files.port }, '/bytes/1000', { username: 'country-de', password: keys.alice })
    expect(viaSocks.sha256).toBe(files.sha256(1000))
    const viaHttp = await curl(['-p', '-x', `http://country-de:${keys.alice!}@${fronts.httpProxy!}`, files.url(1000)])
    expect(viaHttp.sha256).toBe(files.sha256(1000))
  })

  it('refuses a client without a login, with an unknown key, or with a disabled account\'s key', async () => {
    const [host, port] = fronts.socks!.split(':')
    await expect(SocksClient.createConnection({ proxy: { host: host!, port: Number(port), type: 5 }, command: 'connect', destination: { host: '127.0.0.1', port: files.port }, timeout: 5_000 })).rejects.toThrow()
    await expect(hold('pgh_not-a-key')).rejects.toThrow(/Authentication failed/)
    await expect(hold(keys.carol!)).rejects.toThrow(/Authentication failed/)
    const anonymous = await curl(['-p', '-x', `http://${fronts.httpProxy!}`, '-o', '/dev/null', '-w', '%{http_connect}', files.url(1)])
    expect(anonymous.stdout).toBe('407')
    const wrong = await curl(['-p', '-x', `http://x:pgh_wrong@${fronts.httpProxy!}`, '-o', '/dev/null', '-w', '%{http_connect}', files.url(1)])
    expect(wrong.stdout).toBe('407')
    expect(await metricValue(net.rendezvous.registry, 'peergrid_protocol_requests_total', { protocol: 'apikey', side: 'server', result: 'disabled' })).toBeGreaterThanOrEqual(1)
  })

  it('holds each customer to its own tunnel limit; another customer is unaffected', async () => {
    const held = [await hold(keys.alice!), await hold(keys.alice!)]
    await expect(hold(keys.alice!)).rejects.toThrow(/Failure/)
    const bobs = await hold(keys.bob!)
    for (const socket of [...held, bobs]) socket.destroy()
    // a tunnel closed is a tunnel free again
    await waitFor(() => gateway.gateway!.router.activeTunnels === 0, 'the tunnels to close')
    const again = await hold(keys.alice!)
    again.destroy()
  })

  it('books what a customer\'s API key opened to that customer: the hosted gateway signs for it', async () => {
    const ledger = net.rendezvous.rendezvous!.ledger
    const before = await ledger.balance(`customer:${ids.bob!}`)
    const gatewayAccount = gateway.credentials!.current()!.account
    const gatewayBefore = await ledger.balance(`customer:${gatewayAccount}`)
    const got = await socksFetch(fronts.socks!, { host: '127.0.0.1', port: files.port }, `/bytes/${3 * 1024 * 1024}`, { username: 'country-de', password: keys.bob })
    expect(got.bytes).toBe(3 * 1024 * 1024)
    // the final receipt reaches the exit, then the rendezvous (bob's earlier tunnels may be booked too)
    const session = await waitFor(async () => {
      await net.providers[0]!.libp2p.services.receiptSubmitter!.flush()
      return (await net.rendezvous.rendezvous!.receipts.sessionsOf({ payingAccount: ids.bob! })).find(s => s.bytesDown >= 3 * 1024 * 1024)
    }, 'bob\'s download to be booked', 10_000)
    expect(await ledger.balance(`customer:${ids.bob!}`)).toBeLessThanOrEqual(before - session.amount)
    expect(session.payingAccount).toBe(ids.bob)
    // the hosted gateway's own account paid nothing for it
    expect(await ledger.balance(`customer:${gatewayAccount}`)).toBe(gatewayBefore)

    // the dashboard's list of the hosted gateway's customers: bob's sessions and what his receipts came to
    const api = createLocalApi({ token: 't', logger: silentLogger(), webDir: false })
    registerGatewayRoutes(api, gateway.gateway!, gateway.libp2p)
    const listed = (await api.inject({ url: '/api/customers', headers: { authorization: 'Bearer t' } })).json().customers as Array<{ account: string, tunnels: number, sessions: number, spentMicroUnits: number }>
    const bob = listed.find(c => c.account === ids.bob)
    expect(bob?.sessions).toBeGreaterThanOrEqual(2)
    expect(bob?.spentMicroUnits).toBeGreaterThanOrEqual(session.amount)
    expect(bob?.tunnels).toBe(0)
    expect(listed.map(c => c.account)).not.toContain(gatewayAccount)
    expect((await api.inject({ url: '/api/status', headers: { authorization: 'Bearer t' } })).json().hosted).toBe(true)
  })

  it('issues API keys for customer accounts only', async () => {
    const { account } = await net.rendezvous.rendezvous!.accounts.create('provider')
    expect(await net.rendezvous.rendezvous!.accounts.createApiKey(account.id)).toBeUndefined()
    expect(await net.rendezvous.rendezvous!.accounts.createApiKey('acct-nobody')).toBeUndefined()
  })
})
