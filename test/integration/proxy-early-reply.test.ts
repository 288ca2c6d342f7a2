import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { receiptAmount } from '../../protocols/receipts/index.js'
import { metricValue, waitFor, waitForLog } from '../helpers.js'
import { exchange } from '../sink.js'
import { TESTNET_CREDIT, sinkTestnet } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { SinkTestnet, Testnet } from '../testnet.js'

const KiB = 1024
const PRICE = 3_000_000
const UP = 200 * KiB + 3
const DOWN = 700 * KiB + 9

describe('a gateway that replies early (--early-reply): the client\'s first bytes go with the open (about 5 s)', () => {
  let net: Testnet
  let fronts: ProxyFronts
  let sink: SinkTestnet['sink']
  let testnet: SinkTestnet | undefined
  beforeAll(async () => {
    testnet = await sinkTestnet(2, {
      countries: ['DE'],
      provider: { prices: { microsPerGib: PRICE, microsPerCpuSecond: 0 }, exit: { exitAllow: ['127.0.0.0/8'] } },
      gateway: { proxy: { earlyReply: true }, metering: { everyBytes: 64 * KiB, everyMs: 500 } },
      protocols: { receiptSubmitter: { intervalMs: 200, minBackoffMs: 50, maxBackoffMs: 200 } }
    }, DOWN)
    ;({ net, fronts, sink } = testnet)
  })
  afterAll(async () => { await testnet?.destroy() })

  it('delivers both ways byte for byte, and books exactly what moved, the bytes sent before the exit answered included', async () => {
    const customer = net.gateways[0]!.credentials!.current()!.account
    const result = await exchange(fronts.socks!, sink.port, UP)
    expect(result).toEqual({ down: DOWN })
    expect(sink.received).toEqual([UP])
    const amount = receiptAmount(UP, DOWN, PRICE)
    const rendezvous = net.rendezvous.rendezvous!
    await waitFor(async () => TESTNET_CREDIT - (await rendezvous.ledger.balance(`customer:${customer}`)) === amount ? true : undefined, 'the session to be booked', 10_000)
    const log = await net.providers[0]!.provider!.transparency.list(0, 100)
    expect(log.find(e => e.port === sink.port)).toMatchObject({ decision: 'allowed', bytesSent: UP, bytesReceived: DOWN, end: 'closed', earnedMicroUnits: amount })
  })

  it('closes a refused connection after its success reply (no SOCKS5 code to give), and counts the refusal', async () => {
    const before = await metricValue(net.gateways[0]!.registry, 'peergrid_gateway_proxy_opens_total', { result: 'rules' })
    // port 25 is on every exit's blocked list
    const result = await exchange(fronts.socks!, 25, 10)
    expect(result.down).toBe(0)
    await waitFor(async () => await metricValue(net.gateways[0]!.registry, 'peergrid_gateway_proxy_opens_total', { result: 'rules' }) === before + 1, 'the refusal to be counted', 5_000)
    // the exit writes a refusal down after it answered it
    const [entry] = await waitForLog(net.providers[0]!.provider!, 0, 1, e => e.port === 25)
    expect(entry).toMatchObject({ decision: 'refused', reason: 'rules' })
  })
})
