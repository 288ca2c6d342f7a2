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
  private readonly rate: Rate
  private readonly buckets = new Map<string, Bucket>()
  private readonly maxKeys: number
  private readonly now: () => number

  constructor (rate: Rate, maxKeys: number, now: () => number = Date.now) {
    this.rate = rate
    this.maxKeys = maxKeys
    this.now = now
  }

  /** Spends a token for `key`; false when it has none left. */
  take (key: string): boolean {
    const now = this.now()
    const bucket = this.buckets.get(key) ?? { tokens: this.rate.burst, updatedMs: now }
    bucket.tokens = Math.min(this.rate.burst, bucket.tokens + (now - bucket.updatedMs) / 1000 * this.rate.perSecond)
    bucket.updatedMs = now
    const allowed = bucket.tokens >= 1
    if (allowed) bucket.tokens -= 1
    this.buckets.delete(key)
    this.buckets.set(key, bucket)
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string)
    return allowed
  }
}
