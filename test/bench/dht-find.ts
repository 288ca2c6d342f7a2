import { capabilityKey } from '../../protocols/capability/index.js'
import { metricValue, waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import { ms, percentile } from './stats.js'
import type { Figure } from './stats.js'
import type { PeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import type { Multiaddr } from '@multiformats/multiaddr'

/**
 * One ping, timed here (libp2p reports whole milliseconds, so loopback often
 * reads 0); libp2p allows one outbound ping stream per connection and kad-dht
 * pings too, so retry briefly.
 */
async function pingOnce (from: PeergridLibp2p, to: Multiaddr): Promise<number | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const started = performance.now()
      await from.services.ping.ping(to)
      return performance.now() - started
    } catch (err: any) {
      if (err.name !== 'TooManyOutboundProtocolStreamsError') throw err
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }
  return undefined
}

/**
 * DHT find time in an n-node testnet (gossip off, so the DHT is all there is):
 * from the query's start to the first provider of a country key, and to the
 * query's end. Baseline: a libp2p ping from the gateway to a provider, the
 * same transport's round trip, in the same run.
 */
export async function dhtFind (nodes: number, lookups: number): Promise<Figure[]> {
  const net = await createTestnet(nodes, { gossip: false, gateway: { dhtRefreshIntervalMs: 0 } })
  try {
    for (const provider of net.providers) {
      await waitFor(async () => await metricValue(provider.registry, 'peergrid_provider_announcements_total', { channel: 'dht', result: 'ok' }) > 0,
        'every provider to provide its keys', 120_000, 250)
    }
    const gateway = net.gateways[0]!.libp2p
    const countries = [...new Set(net.providers.map(p => p.country as string))]
    const first: number[] = []
    const complete: number[] = []
    const pings: number[] = []
    for (let i = 0; i < lookups; i++) {
      const key = await capabilityKey('proxy', countries[i % countries.length])
      const t0 = performance.now()
      let firstAt: number | undefined
      for await (const event of gateway.services.dht.findProviders(key, { signal: AbortSignal.timeout(30_000) })) {
        if (event.name === 'PROVIDER' && event.providers.length > 0) firstAt ??= performance.now()
      }
      complete.push(performance.now() - t0)
      if (firstAt != null) first.push(firstAt - t0)
      const target = net.providers[i % net.providers.length]!.libp2p
      const rtt = await pingOnce(gateway, target.getMultiaddrs()[0]!)
      if (rtt != null) pings.push(rtt)
    }
    const pingP50 = percentile(pings, 50)
    return [
      { what: `libp2p ping gateway→provider (p50 of ${lookups})`, value: ms(pingP50) },
      { what: `DHT find, first provider (p50; ${nodes} nodes)`, value: ms(percentile(first, 50)), baseline: ms(pingP50), ratio: `${(percentile(first, 50) / pingP50).toFixed(1)}x` },
      { what: 'DHT find, first provider (p90)', value: ms(percentile(first, 90)) },
      { what: 'DHT find, whole query (p50)', value: ms(percentile(complete, 50)), baseline: ms(pingP50), ratio: `${(percentile(complete, 50) / pingP50).toFixed(1)}x` },
      { what: 'DHT find, whole query (p90)', value: ms(percentile(complete, 90)) },
      { what: 'lookups that found a provider', value: `${first.length} of ${lookups}` }
    ]
  } finally {
    await net.destroy()
  }
}
