import { describe, expect, it, onTestFinished } from 'vitest'
import { waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'

describe('memory-transport testnet, 40 nodes (about 10 s)', () => {
  it('a gateway learns every provider by gossip without TCP', async () => {
    // gossip only: a lost announcement comes again within 5 s instead of the default 60 s
    const net = await createTestnet(40, { transport: 'memory', teardown: onTestFinished, gateway: { dhtRefreshIntervalMs: 0 }, provider: { announceIntervalMs: 5_000 } })
    expect(net.rendezvous.libp2p.getMultiaddrs()[0]?.toString()).toMatch(/^\/memory\//)
    const gateway = net.gateways[0]!.gateway!
    await waitFor(() => gateway.table.list().length === net.providers.length, `all ${net.providers.length} providers in the gateway table`, 60_000)
    const countries = new Set(gateway.table.list().map(e => e.record.country))
    expect(countries.size).toBe(10)
  }, 120_000)
})
