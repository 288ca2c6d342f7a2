import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROXY_PROTOCOL } from '../../protocols/proxy/index.js'
import { metricValue, waitFor } from '../helpers.js'
import { exchange } from '../sink.js'
import { sinkTestnet } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { Stream } from '@libp2p/interface'
import type { SinkTestnet, Testnet } from '../testnet.js'

const DOWN = 300_007
const UP = 100_003

describe('a gateway keeps a proxy stream ready to the provider it last opened to (about 5 s)', () => {
  let net: Testnet
  let fronts: ProxyFronts
  let sink: SinkTestnet['sink']
  let testnet: SinkTestnet | undefined
  beforeAll(async () => {
    testnet = await sinkTestnet(2, {
      countries: ['DE'],
      provider: { exit: { exitAllow: ['127.0.0.0/8'] } },
      protocols: { proxyClient: { readyStreamMaxAgeMs: 3_000 } }
    }, DOWN)
    ;({ net, fronts, sink } = testnet)
  })
  afterAll(async () => { await testnet?.destroy() })

  const proxyStreams = (): Stream[] => net.gateways[0]!.libp2p.getConnections().flatMap(c => c.streams).filter(s => s.protocol === PROXY_PROTOCOL)
  const client = () => net.gateways[0]!.libp2p.services.proxyClient!

  it('carries the next connection on the ready stream, byte for byte, and readies another', async () => {
    const unused = async (): Promise<number> => metricValue(net.providers[0]!.registry, 'peergrid_provider_proxy_opens_total', { result: 'unused' })
    expect(await exchange(fronts.socks!, sink.port, UP)).toEqual({ down: DOWN })
    const ready = await waitFor(() => client().readyStreamCount === 1 && proxyStreams().length === 1 ? proxyStreams()[0] : undefined, 'a stream to be readied', 5_000, 10)
    const unusedBefore = await unused()
    expect(await exchange(fronts.socks!, sink.port, UP)).toEqual({ down: DOWN })
    expect(sink.received).toEqual([UP, UP])
    // the ready stream carried the second connection (and closed with it), rather than expiring unused; a new one waits for the next
    expect(ready.status).not.toBe('open')
    expect(await unused()).toBe(unusedBefore)
    const next = await waitFor(() => client().readyStreamCount === 1 ? proxyStreams().find(s => s.status === 'open') : undefined, 'another stream to be readied', 5_000, 10)
    expect(next).not.toBe(ready)
  })

  it('closes a ready stream nobody takes, and the exit counts it unused: no open, no stream held on either side', async () => {
    const provider = net.providers[0]!
    const unusedBefore = await metricValue(provider.registry, 'peergrid_provider_proxy_opens_total', { result: 'unused' })
    const badBefore = await metricValue(provider.registry, 'peergrid_provider_proxy_opens_total', { result: 'bad-open' })
    await waitFor(() => client().readyStreamCount === 1 ? true : undefined, 'a ready stream', 5_000, 10)
    expect(provider.libp2p.services.proxyServer!.activeStreams).toBe(0)
    await waitFor(() => client().readyStreamCount === 0 && proxyStreams().length === 0 ? true : undefined, 'the ready stream to be closed', 10_000)
    await waitFor(async () => await metricValue(provider.registry, 'peergrid_provider_proxy_opens_total', { result: 'unused' }) === unusedBefore + 1 ? true : undefined, 'the exit to count it', 5_000)
    expect(await metricValue(provider.registry, 'peergrid_provider_proxy_opens_total', { result: 'bad-open' })).toBe(badBefore)
    const providerStreams = provider.libp2p.getConnections().flatMap(c => c.streams).filter(s => s.protocol === PROXY_PROTOCOL)
    expect(providerStreams).toHaveLength(0)
  })
})
