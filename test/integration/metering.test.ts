import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalApi } from '../../node/api/server.js'
import { registerGatewayRoutes } from '../../node/gateway/api.js'
import { registerProviderRoutes } from '../../node/provider/api.js'
import { IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES } from '../../node/provider/exit/constants.js'
import { silentLogger } from '../../node/logger.js'
import { receiptAmount } from '../../protocols/receipts/index.js'
import { metricValue, waitFor } from '../helpers.js'
import { exchange } from '../sink.js'
import { TESTNET_CREDIT, sinkTestnet } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { SinkTestnet, Testnet } from '../testnet.js'

const KiB = 1024
const MiB = 1024 * KiB
const PRICE = 3_000_000

describe('metering through a testnet: receipts signed, counter-signed, submitted and booked (about 10 s)', () => {
  let net: Testnet
  let fronts: ProxyFronts
  let sink: SinkTestnet['sink']
  let testnet: SinkTestnet | undefined
  const UP = 300 * KiB + 11
  const DOWN = 3 * MiB + 5
  beforeAll(async () => {
    testnet = await sinkTestnet(2, {
      countries: ['DE'],
      provider: { prices: { microsPerGib: PRICE, microsPerCpuSecond: 0 }, exit: { exitAllow: ['127.0.0.0/8'] } },
      // receipts every 256 KiB; the exit submits what it holds every 200 ms
      gateway: { metering: { everyBytes: 256 * KiB, everyMs: 500 } },
      protocols: { receiptSubmitter: { intervalMs: 200, minBackoffMs: 50, maxBackoffMs: 200 } }
    }, DOWN, { socksPort: 0, httpProxyPort: 0 })
    ;({ net, fronts, sink } = testnet)
  })
  afterAll(async () => { await testnet?.destroy() })

  it('books known byte counts as exactly the expected amounts for customer, provider and operator', async () => {
    const customer = net.gateways[0]!.credentials!.current()!.account
    const provider = net.providers[0]!.credentials!.current()!.account
    const rendezvous = net.rendezvous.rendezvous!

    const result = await exchange(fronts.socks!, sink.port, UP)
    expect(result).toEqual({ down: DOWN })
    expect(sink.received).toEqual([UP])

    const amount = receiptAmount(UP, DOWN, PRICE)
    const fee = Math.floor(amount * 100_000 / 1_000_000)
    // the final receipt (at close) reaches the exit, then the rendezvous
    await waitFor(async () => TESTNET_CREDIT - (await rendezvous.ledger.balance(`customer:${customer}`)) === amount ? true : undefined, 'the session to be booked', 10_000)
    expect(await rendezvous.ledger.balance(`customer:${customer}`)).toBe(TESTNET_CREDIT - amount)
    expect(await rendezvous.ledger.balance(`provider:${provider}`)).toBe(amount - fee)
    expect(await rendezvous.ledger.balance('operator:fees')).toBe(fee)
    expect(await rendezvous.ledger.check()).toMatchObject({ ok: true, total: 0 })
    const [session] = await rendezvous.receipts.sessionsOf({ providerAccount: provider })
    expect(session).toMatchObject({ bytesUp: UP, bytesDown: DOWN, amount, pricePerGiB: PRICE, payingAccount: customer })
    // more than one receipt was signed (every 256 KiB), and only the increase was booked each time
    expect(session!.seq).toBeGreaterThan(1)
    // and the metrics say so on every side
    expect(await metricValue(net.rendezvous.registry, 'peergrid_rendezvous_booked_micro_units_total')).toBe(amount)
    expect(await metricValue(net.rendezvous.registry, 'peergrid_rendezvous_receipts_total', { outcome: 'booked' })).toBeGreaterThanOrEqual(1)
    expect(await metricValue(net.providers[0]!.registry, 'peergrid_provider_receipts_total', { result: 'countersigned' })).toBe(session!.seq)
    expect(await metricValue(net.providers[0]!.registry, 'peergrid_provider_metered_bytes_total', { direction: 'down' })).toBe(DOWN)
    expect(await metricValue(net.gateways[0]!.registry, 'peergrid_gateway_receipts_total', { result: 'countersigned' })).toBe(session!.seq)
    expect(await metricValue(net.rendezvous.registry, 'peergrid_ledger_balance_micro_units', { kind: 'operator:fees' })).toBe(fee)
    const log = await net.providers[0]!.provider!.transparency.list(0, 100)
    expect(log.find(e => e.meteringSession === session!.session)).toMatchObject({ bytesSent: UP, bytesReceived: DOWN, end: 'closed', pricePerGiB: PRICE, earnedMicroUnits: amount })

    // the statements on the local APIs, as peergrid earnings and peergrid usage read them
    const api = createLocalApi({ token: 't', logger: silentLogger() })
    registerProviderRoutes(api, net.providers[0]!.provider!, { statements: net.providers[0]!.libp2p.services.statementClient })
    const gatewayApi = createLocalApi({ token: 't', logger: silentLogger() })
    registerGatewayRoutes(gatewayApi, net.gateways[0]!.gateway!, { getConnections: () => [] })
    const urls = new Map<typeof api, string>()
    const get = async (app: typeof api, path: string): Promise<any> => {
      if (!urls.has(app)) urls.set(app, await app.listen({ port: 0, host: '127.0.0.1' }))
      return (await fetch(`${urls.get(app)}${path}`, { headers: { authorization: 'Bearer t' } })).json()
    }
    const earnings = await get(api, '/api/earnings?since=0')
    expect(earnings).toMatchObject({ connections: 1, earnedMicroUnits: amount, byAccount: [{ account: customer, connections: 1, bytesSent: UP, bytesReceived: DOWN, earnedMicroUnits: amount }], receipts: { waiting: 0, refused: 0 } })
    expect(earnings.receipts.settled).toBeGreaterThanOrEqual(1)
    const usage = await get(gatewayApi, '/api/usage')
    expect(usage).toEqual({ metering: true, sessions: 1, jobs: 0, receipts: session!.seq, refused: 0, amount })
    // peergrid earnings --verify: the exit's counters, the counter-signed receipts and the books agree
    const verified = await get(api, '/api/earnings/verify?since=0')
    expect(verified).toMatchObject({ rendezvous: net.rendezvous.libp2p.peerId.toString(), differences: 0, counts: { ok: 1 }, totals: { counted: amount, countersigned: amount, booked: amount } })
    expect(verified.sessions).toEqual([expect.objectContaining({ session: session!.session, account: customer, status: 'ok', booked: { seq: session!.seq, bytesUp: UP, bytesDown: DOWN, cpuMs: 0, amount } })])
    await Promise.all([api.close(), gatewayApi.close()])
  })

  it('refuses a customer out of credit with 402 Payment Required (SOCKS5: not allowed), once per attempt (not retried), and serves it again once credited', async () => {
    const rendezvous = net.rendezvous.rendezvous!
    const customer = net.gateways[0]!.credentials!.current()!.account
    const provider = net.providers[0]!.provider!
    await rendezvous.revocations.setUnfunded({ add: [customer] })
    await waitFor(() => net.providers[0]!.revocations?.current()?.unfunded.has(customer) === true ? true : undefined, 'the exit to hold the list', 10_000)
    const [host, port] = fronts.httpProxy!.split(':')
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), host, () => { socket.write(`CONNECT 127.0.0.1:${sink.port} HTTP/1.1\r\nHost: 127.0.0.1:${sink.port}\r\n\r\n`) })
      let got = ''
      socket.on('data', (chunk: Buffer) => { got += chunk.toString() })
      socket.on('close', () => { resolve(got) })
      socket.on('error', reject)
    })
    expect(answer).toMatch(/^HTTP\/1\.1 402 Payment Required\r\n/)
    await expect(exchange(fronts.socks!, sink.port, 10)).rejects.toThrow(/rejected connection - NotAllowed/)
    // the exit writes its log entry as it answers: wait for the second one
    const refused = await waitFor(async () => {
      const entries = (await provider.transparency.list(0, 1000)).filter(e => e.reason === 'unfunded')
      return entries.length >= 2 ? entries : undefined
    }, 'both refusals in the exit\'s log', 5_000)
    expect(refused).toHaveLength(2)
    expect(refused[0]).toMatchObject({ decision: 'refused', account: customer })
    await rendezvous.revocations.setUnfunded({ remove: [customer] })
    await waitFor(() => net.providers[0]!.revocations?.current()?.unfunded.has(customer) === false ? true : undefined, 'the exit to hold the new list', 10_000)
    expect((await exchange(fronts.socks!, sink.port, 10)).down).toBe(DOWN)
  })
})

describe('a customer who stops signing (about 5 s)', () => {
  let net: Testnet
  let fronts: ProxyFronts
  let sink: SinkTestnet['sink']
  let testnet: SinkTestnet | undefined
  const BOUND = 256 * KiB
  beforeAll(async () => {
    testnet = await sinkTestnet(2, {
      countries: ['DE'],
      provider: { exit: { exitAllow: ['127.0.0.0/8'], maxUnreceiptedBytes: BOUND } },
      // a gateway that signs no receipt
      gateway: { metering: false }
    }, 12 * MiB, { socksPort: 0, httpProxyPort: 0 })
    ;({ net, fronts, sink } = testnet)
  })
  afterAll(async () => { await testnet?.destroy() })

  it('is cut off after the bound, logged as unpaid, and refused until receipts catch up', async () => {
    const result = await exchange(fronts.socks!, sink.port, 10)
    expect(result.down).toBeLessThan(12 * MiB)
    const provider = net.providers[0]!.provider!
    const entry = await waitFor(async () => (await provider.transparency.list(0, 100)).find(e => e.end != null), 'the cut connection in the log', 5_000)
    expect(entry.end).toBe('unpaid')
    // what the exit relayed before it stopped: the bound and the one open session's in-flight allowance, plus at most the data already in hand
    expect(entry.bytesReceived).toBeGreaterThan(BOUND + IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES)
    expect(entry.bytesReceived).toBeLessThan(BOUND + IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES + 1 * MiB)
    expect(provider.meter!.unreceipted(net.gateways[0]!.libp2p.peerId.toString())).toBeGreaterThan(BOUND)
    expect(await metricValue(net.providers[0]!.registry, 'peergrid_provider_unpaid_cutoffs_total')).toBe(1)
    // the next open is refused by the exit (POLICY: traffic not covered by receipts)
    const again = await exchange(fronts.socks!, sink.port, 10).catch((err: Error) => ({ down: 0, error: err.message }))
    expect(again.down).toBe(0)
    const refused = await waitFor(async () => (await provider.transparency.list(0, 100)).find(e => e.decision === 'refused'), 'the refusal in the log', 5_000)
    expect(refused).toMatchObject({ reason: 'policy', rule: expect.stringMatching(/not covered by a receipt/) })
    // peergrid earnings --verify lists what the exit relayed and nobody signed for
    const api = createLocalApi({ token: 't', logger: silentLogger() })
    registerProviderRoutes(api, provider, { statements: net.providers[0]!.libp2p.services.statementClient })
    const verified = await (await fetch(`${await api.listen({ port: 0, host: '127.0.0.1' })}/api/earnings/verify?since=0`, { headers: { authorization: 'Bearer t' } })).json() as { differences: number, sessions: unknown[] }
    await api.close()
    expect(verified.differences).toBe(1)
    expect(verified.sessions).toEqual([expect.objectContaining({ session: entry.meteringSession, status: 'unreceipted', countersigned: 0 })])
  })
})
