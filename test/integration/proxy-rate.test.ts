import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { silentLogger } from '../../node/logger.js'
import { curl } from '../curl.js'
import { startFileServer } from '../file-server.js'
import { tryOpen, waitFor, waitForLog } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { FileServer } from '../file-server.js'
import type { TestNode, Testnet } from '../testnet.js'

const RATE = { perSecond: 5, burst: 10 }

// the exit's rate clock stands still, so no token refills while the test runs, however slow the machine
const frozenClock = (): number => 1_000_000

describe('per-customer open rate on the exit (about 2 s)', () => {
  let net: Testnet
  let files: FileServer
  let noisy: TestNode
  let quiet: TestNode
  let fronts: ProxyFronts
  beforeAll(async () => {
    files = await startFileServer()
    net = await createTestnet(3, { gateways: 2, countries: ['DE'], provider: { exit: { exitAllow: ['127.0.0.0/8'], customerOpenRate: RATE, now: frozenClock } } })
    ;[noisy, quiet] = net.gateways as [TestNode, TestNode]
    for (const gateway of net.gateways) await waitFor(() => gateway.gateway!.table.list({ service: 'proxy' }).length === 1, 'the gateways to know the provider')
    fronts = await listenProxyFronts(noisy.gateway!.router, { httpProxyPort: 0 }, silentLogger())
  })
  afterAll(async () => {
    await fronts?.close()
    await net?.destroy()
    await files?.close()
  })

  const open = async (gateway: TestNode): Promise<string> => tryOpen(gateway.gateway!, { host: '127.0.0.1', port: files.port })


  it('holds one customer to its rate under a bounded burst while another customer is unaffected', async () => {
    const noisyResults = await Promise.all(Array.from({ length: 40 }, async () => open(noisy)))
    // exactly the burst, and nothing refills while the clock stands still
    expect(noisyResults.filter(r => r === 'ok').length).toBe(RATE.burst)
    expect(noisyResults.filter(r => r !== 'ok')).toEqual(Array(40 - RATE.burst).fill('over-rate'))
    const allowed = RATE.burst

    const quietResults = await Promise.all(Array.from({ length: RATE.burst }, async () => open(quiet)))
    expect(quietResults).toEqual(Array(RATE.burst).fill('ok'))

    const refused = await waitForLog(net.providers[0]!.provider!, 0, 40 - allowed, e => e.reason === 'over-rate')
    expect(refused.length).toBe(40 - allowed)
    expect(refused.every(e => e.customer === noisy.libp2p.peerId.toString() && e.rule === 'customer open rate')).toBe(true)
  })

  it('tells an HTTP client 429 while the customer is over its rate', async () => {
    // the first test spent the noisy customer's whole burst, and the clock does not move
    expect(await open(noisy)).toBe('over-rate')
    const answer = await curl(['-p', '-x', `http://${fronts.httpProxy!}`, '-o', '/dev/null', '-w', '%{http_connect}', files.url(1)])
    expect(answer.stdout).toBe('429')
  })
})
