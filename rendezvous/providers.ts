import { boundedMap } from '../protocols/common/index.js'
import { toCapabilityView } from '../protocols/capability/index.js'
import type { CapabilityView, VerifiedCapability } from '../protocols/capability/index.js'

/** Providers a rendezvous keeps the newest record of (the least recently heard go first). */
export const MAX_HEARD_PROVIDERS = 10_000

/**
 * The providers whose capability records this rendezvous relayed on
 * gossipsub, newest record each: what the operator's dashboard lists by
 * country. Only verified records get here; an expired one is not listed.
 */
export class HeardProviders {
  private readonly records = boundedMap<string, VerifiedCapability>(MAX_HEARD_PROVIDERS)
  private readonly now: () => number

  constructor (now: () => number = Date.now) {
    this.now = now
  }

  /** Keeps a verified record unless an equal or newer one is held. */
  heard (verified: VerifiedCapability): void {
    const key = verified.peerId.toString()
    const held = this.records.get(key)
    if (held != null && held.record.seq >= verified.record.seq) return
    this.records.set(key, verified)
  }

  /** The live records, by country then peer id. */
  list (): CapabilityView[] {
    const nowMs = this.now()
    return [...this.records.values()]
      .filter(verified => verified.record.expiresAtMs > nowMs)
      .map(toCapabilityView)
      .sort((a, b) => a.country.localeCompare(b.country) || a.peerId.localeCompare(b.peerId))
  }
}
