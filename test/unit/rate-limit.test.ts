import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../node/utils/rate-limit.js'

describe('rate limiter (token buckets)', () => {
  it('lets a burst through, then the refill rate', () => {
    let now = 0
    const limiter = new RateLimiter({ perSecond: 5, burst: 10 }, 100, () => now)
    const burst = Array.from({ length: 15 }, () => limiter.take('a'))
    expect(burst.filter(Boolean)).toHaveLength(10)
    now += 1_000
    expect(Array.from({ length: 8 }, () => limiter.take('a')).filter(Boolean)).toHaveLength(5)
    now += 60_000
    expect(Array.from({ length: 12 }, () => limiter.take('a')).filter(Boolean)).toHaveLength(10)
  })

  it('keeps one bucket per key: one customer\'s burst does not touch another\'s', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 2 }, 100, () => 0)
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, false])
    expect([limiter.take('b'), limiter.take('b')]).toEqual([true, true])
  })

  it('tracks at most maxKeys keys, forgetting the least recently used', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1 }, 2, () => 0)
    limiter.take('a')
    limiter.take('b')
    limiter.take('c')
    // 'a' was forgotten, so it starts again with a full bucket
    expect(limiter.take('a')).toBe(true)
    expect(limiter.take('c')).toBe(false)
  })
})
