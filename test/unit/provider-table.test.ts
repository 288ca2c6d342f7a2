import { describe, expect, it } from 'vitest'
import { openCapabilityRecord } from '../../protocols/capability/index.js'
import { ProviderTable } from '../../node/gateway/provider-table.js'
import { ed25519, signedRecord } from '../fixtures.js'
import type { VerifiedCapability } from '../../protocols/capability/index.js'
import type { PrivateKey } from '@libp2p/interface'

const T0 = Date.now()

async function verified (key: PrivateKey, overrides: Parameters<typeof signedRecord>[1] = {}): Promise<VerifiedCapability> {
  return openCapabilityRecord(await signedRecord(key, { issuedAtMs: T0, expiresAtMs: T0 + 60_000, ...overrides }), { nowMs: T0 })
}

describe('provider table', () => {
  it('keeps the newest record per peer', async () => {
    const table = new ProviderTable({ now: () => T0 })
    const key = await ed25519()
    expect(table.offer(await verified(key, { seq: 2 }), 'gossip')).toBe('accepted')
    expect(table.offer(await verified(key, { seq: 2 }), 'dht')).toBe('duplicate')
    expect(table.offer(await verified(key, { seq: 1, country: 'US' }), 'gossip')).toBe('superseded')
    expect(table.offer(await verified(key, { seq: 3, country: 'FR' }), 'dht')).toBe('accepted')
    const [entry] = table.list()
    expect(table.size).toBe(1)
    expect(entry?.record.country).toBe('FR')
    expect(entry?.source).toBe('dht')
  })

  it('filters by service and country', async () => {
    const table = new ProviderTable({ now: () => T0 })
    table.offer(await verified(await ed25519(), { country: 'DE', services: ['proxy'] }), 'gossip')
    table.offer(await verified(await ed25519(), { country: 'DE', services: ['compute'] }), 'gossip')
    table.offer(await verified(await ed25519(), { country: 'US', services: ['proxy', 'compute'] }), 'gossip')
    expect(table.list({ country: 'DE' }).length).toBe(2)
    expect(table.list({ service: 'compute' }).map(e => e.record.country)).toEqual(['DE', 'US'])
    expect(table.list({ service: 'proxy', country: 'US' }).length).toBe(1)
    expect(table.list({ country: 'JP' })).toEqual([])
  })

  it('never returns an expired entry and sweeps it', async () => {
    let now = T0
    const table = new ProviderTable({ now: () => now })
    const key = await ed25519()
    table.offer(await verified(key), 'gossip')
    now = T0 + 60_000
    expect(table.list()).toEqual([])
    expect(table.get((await verified(key)).peerId)).toBeUndefined()
    expect(table.sweep()).toBe(1)
    expect(table.size).toBe(0)
  })

  it('accepts a lower seq once the newer record has expired (provider lost its data dir)', async () => {
    let now = T0
    const table = new ProviderTable({ now: () => now })
    const key = await ed25519()
    table.offer(await verified(key, { seq: 9 }), 'gossip')
    now = T0 + 61_000
    const fresh = await openCapabilityRecord(await signedRecord(key, { seq: 1, issuedAtMs: now, expiresAtMs: now + 60_000 }), { nowMs: now })
    expect(table.offer(fresh, 'gossip')).toBe('accepted')
  })

  it('when full, evicts the entry expiring soonest, never a longer-lived one', async () => {
    const table = new ProviderTable({ now: () => T0, maxEntries: 2 })
    const short = await verified(await ed25519(), { expiresAtMs: T0 + 10_000 })
    table.offer(short, 'gossip')
    table.offer(await verified(await ed25519(), { expiresAtMs: T0 + 50_000 }), 'gossip')
    expect(table.offer(await verified(await ed25519(), { expiresAtMs: T0 + 5_000 }), 'gossip')).toBe('table_full')
    expect(table.offer(await verified(await ed25519(), { expiresAtMs: T0 + 60_000 }), 'gossip')).toBe('accepted')
    expect(table.size).toBe(2)
    expect(table.get(short.peerId)).toBeUndefined()
  })
})
