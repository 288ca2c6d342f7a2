import { describe, expect, it, onTestFinished } from 'vitest'
import { metricValue, waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'

describe('discovery on a 20-node testnet (about 10 s per test)', () => {
  it('a gateway finds providers by country through gossip', async () => {
    // gossip only: a lost announcement comes again within 5 s instead of the default 60 s
    const net = await createTestnet(20, { teardown: onTestFinished, gateway: { dhtRefreshIntervalMs: 0 }, provider: { announceIntervalMs: 5_000 } })
    const gateway = net.gateways[0]!.gateway!
    const german = net.providers.filter(p => p.country === 'DE').map(p => p.libp2p.peerId.toString()).sort()
    expect(german.length).toBe(2)

    const found = await waitFor(() => {
      const entries = gateway.table.list({ country: 'DE', service: 'proxy' })
      return entries.length === german.length && entries
    }, 'both German providers by gossip')
    expect(found.map(e => e.peerId.toString()).sort()).toEqual(german)
    for (const entry of found) {
      expect(entry.source, entry.peerId.toString()).toBe('gossip')
      expect(entry.record.country).toBe('DE')
    }
    expect(await metricValue(net.gateways[0]!.registry, 'peergrid_gateway_dht_lookups_total', { result: 'ok' })).toBe(0)
  })

  it('a gateway finds providers by country through the DHT alone with gossip off', async () => {
    const net = await createTestnet(20, { teardown: onTestFinished, gossip: false, gateway: { dhtRefreshIntervalMs: 0 } })
    const node = net.gateways[0]!
    expect(node.libp2p.services.pubsub).toBeUndefined()
    for (const provider of net.providers) {
      await waitFor(async () => await metricValue(provider.registry, 'peergrid_provider_announcements_total', { channel: 'dht', result: 'ok' }) > 0,
        `provider ${provider.country} to provide its keys`)
    }
    const japanese = net.providers.filter(p => p.country === 'JP').map(p => p.libp2p.peerId.toString()).sort()

    // a lookup that misses a record on a loaded machine is looked up again, as the gateway's refresh would (every LOOKUP_COOLDOWN_MS at most)
    const found = await waitFor(async () => {
      await node.gateway!.lookup('proxy', 'JP')
      const entries = node.gateway!.table.list({ country: 'JP', service: 'proxy' })
      return entries.length === japanese.length && entries
    }, 'both Japanese providers through the DHT', 40_000)

    expect(found.map(e => e.peerId.toString()).sort()).toEqual(japanese)
    for (const entry of found) {
      expect(entry.source, entry.peerId.toString()).toBe('dht')
    }
    expect(node.gateway!.table.list().every(e => e.record.country === 'JP')).toBe(true)
  })
})
