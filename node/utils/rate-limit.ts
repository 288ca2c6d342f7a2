import { boundedMap } from '../../protocols/common/index.js'

/** A rate: `perSecond` on average, up to `burst` at once. */
export interface Rate {
  perSecond: number
  burst: number
}

interface Bucket {
  tokens: number
  updatedMs: number
}

/**
 * Token buckets by key (a customer, or a customer and a destination), with an
 * injected clock. Each take() spends one token; tokens refill at `perSecond`
 * up to `burst`. At most `maxKeys` buckets are kept; a full bucket carries no
 * state, so the least recently used is dropped first.
 */
export class RateLimiter {
  readonly rate: Rate
  private readonly buckets: ReturnType<typeof boundedMap<string, Bucket>>
  private readonly now: () => number

  constructor (rate: Rate, maxKeys: number, now: () => number = Date.now) {
    this.rate = rate
    this.buckets = boundedMap(maxKeys)
    this.now = now
  }

  /** True when `key` has a token at `nowMs`; spends nothing. */
  allows (key: string, nowMs: number = this.now()): boolean {
    return this.tokens(key, nowMs) >= 1
  }

  /** Spends a token for `key`; false when it has none left. */
  take (key: string, nowMs: number = this.now()): boolean {
    const tokens = this.tokens(key, nowMs)
    const allowed = tokens >= 1
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, updatedMs: nowMs })
    return allowed
  }

  private tokens (key: string, nowMs: number): number {
    const bucket = this.buckets.get(key)
    if (bucket == null) return this.rate.burst
    return Math.min(this.rate.burst, bucket.tokens + Math.max(0, nowMs - bucket.updatedMs) / 1000 * this.rate.perSecond)
  }
}

/** A per-second open limit with bursts up to 4x; none for an absent or zero rate. */
export function openRate (perSecond: number | undefined): Rate | undefined {
  return perSecond == null || perSecond === 0 ? undefined : { perSecond, burst: perSecond * 4 }
}
