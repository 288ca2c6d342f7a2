import { boundedMap } from '../../../protocols/common/index.js'
import { MAX_STICKY_SESSIONS } from './constants.js'

interface Binding {
  peerId: string
  expiresAtMs: number
}

/**
 * Sticky sessions: a session key names the provider that serves every
 * connection of the session until the session's ttl runs out. Bounded at
 * MAX_STICKY_SESSIONS; the least recently used binding goes first when it is full.
 */
export class StickySessions {
  private readonly bindings = boundedMap<string, Binding>(MAX_STICKY_SESSIONS)
  private readonly now: () => number

  constructor (now: () => number = Date.now) {
    this.now = now
  }

  get size (): number {
    return this.bindings.size
  }

  /** The provider bound to a live session. */
  get (key: string): string | undefined {
    const binding = this.bindings.get(key)
    if (binding == null) return undefined
    if (binding.expiresAtMs <= this.now()) {
      this.bindings.delete(key)
      return undefined
    }
    return binding.peerId
  }

  /**
   * Binds a session to a provider. A new session lives `ttlS` seconds from
   * now; rebinding a live session (its provider failed) keeps its expiry.
   */
  bind (key: string, peerId: string, ttlS: number): void {
    const existing = this.bindings.peek(key)
    const expiresAtMs = existing != null && existing.expiresAtMs > this.now() ? existing.expiresAtMs : this.now() + ttlS * 1000
    this.bindings.set(key, { peerId, expiresAtMs })
  }

  /** Drops expired bindings; returns how many. */
  sweep (): number {
    let dropped = 0
    const now = this.now()
    for (const [key, binding] of this.bindings.entries()) {
      if (binding.expiresAtMs <= now) {
        this.bindings.delete(key)
        dropped++
      }
    }
    return dropped
  }
}
