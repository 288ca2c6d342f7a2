import { it } from 'vitest'
import { createTestnet } from '../testnet.js'
import { capabilityKey } from '../../protocols/capability/index.js'
it('debug', async () => {
  const net = await createTestnet(6, { gossip: false, gateway: { dhtRefreshIntervalMs: 0 }, provider: { provideIntervalMs: 3600000 } })
  await new Promise(r => setTimeout(r, 1000))
  const p = net.providers[0]!
  const key = await capabilityKey('proxy', 'XX')
  const t0 = Date.now()
  const counts: Record<string, number> = {}
  for await (const ev of p.libp2p.services.dht.provide(key)) {
    const k = ev.name + ':' + ((ev as any).messageName ?? '') + ((ev as any).error ? ':' + (ev as any).error.name : '')
    counts[k] = (counts[k] ?? 0) + 1
  }
  console.log('provide', Date.now() - t0, JSON.stringify(counts))
  await net.destroy()
}, 120000)
