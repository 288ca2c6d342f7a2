import { DEFAULT_MAX_PROVIDERS } from './constants.js'
import type { CapabilityRecord, VerifiedCapability } from '../../protocols/capability/index.js'
import type { PeerId } from '@libp2p/interface'

/** Where the gateway learned of a record. */
export type RecordSource = 'gossip' | 'dht'

/** A live provider as the gateway knows it. */
export interface ProviderEntry {
  peerId: PeerId
  record: CapabilityRecord
  /** the signed record, as received */
  bytes: Uint8Array
  source: RecordSource
  /** when the newest record arrived, unix ms */
  receivedAtMs: number
}

/** What happened to an offered record. */
export type OfferResult = 'accepted' | 'duplicate' | 'superseded' | 'table_full'

/** Which providers a caller wants. */
export interface ProviderFilter {
  /** a service name, e.g. 'proxy' */
  service?: string
  /** ISO 3166-1 alpha-2, upper case */
  country?: string
}

/** Options of the table. */
export interface ProviderTableInit {
  /** default DEFAULT_MAX_PROVIDERS */
  maxEntries?: number
  /** the clock, unix ms (default Date.now) */
  now?: () => number
}

/**
 * The gateway's table of live providers: one entry per peer, the record with
 * the highest seq wins, expired entries are never returned and are swept.
 * Records must be verified before they are offered.
 */
export class ProviderTable {
  private readonly entries = new Map<string, ProviderEntry>()
  private readonly maxEntries: number
  private readonly now: () => number

  constructor (init: ProviderTableInit = {}) {
    this.maxEntries = init.maxEntries ?? DEFAULT_MAX_PROVIDERS
    this.now = init.now ?? Date.now
  }

  /** Number of entries, expired ones not yet swept included. */
  get size (): number {
    return this.entries.size
  }

  /** Offers a verified record; the table keeps it if it is the newest from its peer. */
  offer (verified: VerifiedCapability, source: RecordSource): OfferResult {
    const key = verified.peerId.toString()
    const existing = this.entries.get(key)
    if (existing != null && this.isLive(existing)) {
      if (verified.record.seq < existing.record.seq) return 'superseded'
      if (verified.record.seq === existing.record.seq) return 'duplicate'
    }
    if (existing == null && this.entries.size >= this.maxEntries && !this.makeRoom(verified.record.expiresAtMs)) {
      return 'table_full'
    }
    this.entries.set(key, { ...verified, source, receivedAtMs: this.now() })
    return 'accepted'
  }

  /** The live entry of a peer. */
  get (peerId: PeerId): ProviderEntry | undefined {
    const entry = this.entries.get(peerId.toString())
    return entry != null && this.isLive(entry) ? entry : undefined
  }

  /** Live entries matching the filter, by country then peer id. */
  list (filter: ProviderFilter = {}): ProviderEntry[] {
    return this.matching(filter).sort((a, b) => a.record.country.localeCompare(b.record.country) ||
      a.peerId.toString().localeCompare(b.peerId.toString()))
  }

  /** Live entries matching the filter, in no particular order (for the proxy's hot path: no sort). */
  matching (filter: ProviderFilter = {}): ProviderEntry[] {
    const found: ProviderEntry[] = []
    for (const entry of this.entries.values()) {
      if (!this.isLive(entry)) continue
      if (filter.country != null && entry.record.country !== filter.country) continue
      if (filter.service != null && !entry.record.services.includes(filter.service)) continue
      found.push(entry)
    }
    return found
  }

  /** Forgets a peer (e.g. it stopped answering). */
  remove (peerId: PeerId): void {
    this.entries.delete(peerId.toString())
  }

  /** Drops expired entries; returns how many. */
  sweep (): number {
    let dropped = 0
    for (const [key, entry] of this.entries) {
      if (!this.isLive(entry)) {
        this.entries.delete(key)
        dropped++
      }
    }
    return dropped
  }

  private isLive (entry: ProviderEntry): boolean {
    return entry.record.expiresAtMs > this.now()
  }

  /** Evicts the entry that expires soonest, if it expires before `expiresAtMs`. */
  private makeRoom (expiresAtMs: number): boolean {
    if (this.sweep() > 0) return true
    let victim: [string, ProviderEntry] | undefined
    for (const item of this.entries) {
      if (victim == null || item[1].record.expiresAtMs < victim[1].record.expiresAtMs) victim = item
    }
    if (victim == null || victim[1].record.expiresAtMs >= expiresAtMs) return false
    this.entries.delete(victim[0])
    return true
  }
}
