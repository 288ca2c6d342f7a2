import { describe, expect, it } from 'vitest'
import { ProviderScores, scoreProvider } from '../../node/gateway/proxy/provider-scores.js'
import { StickySessions } from '../../node/gateway/proxy/sticky-sessions.js'
import { MAX_STICKY_SESSIONS } from '../../node/gateway/proxy/constants.js'

describe('provider scores', () => {
  it('an unknown provider scores as a perfect one, so new providers get tried', () => {
    expect(scoreProvider(undefined)).toBe(1)
  })

  it('failures and latency lower the score; destination refusals recorded as successes do not', () => {
    const scores = new ProviderScores()
    for (let i = 0; i < 5; i++) {
      scores.record('fast', true, 5)
      scores.record('slow', true, 400)
      scores.record('flaky', i % 2 === 0, 5)
    }
    expect(scores.score('fast')).toBeGreaterThan(scores.score('slow'))
    expect(scores.score('fast')).toBeGreaterThan(scores.score('flaky'))
    expect(scores.get('flaky')?.opens).toBe(5)
    expect(scores.get('slow')?.latencyMs).toBeGreaterThan(300)
  })

  it('a failure leaves the latency average alone', () => {
    const scores = new ProviderScores()
    scores.record('p', true, 10)
    scores.record('p', false, 20_000)
    expect(scores.get('p')?.latencyMs).toBe(10)
    expect(scores.get('p')?.successRate).toBeLessThan(1)
  })
})

describe('sticky sessions', () => {
  it('binds a session until its ttl, then forgets it', () => {
    let now = 1_000_000
    const sessions = new StickySessions(() => now)
    sessions.bind('s1', 'peer-a', 60)
    now += 59_000
    expect(sessions.get('s1')).toBe('peer-a')
    now += 2_000
    expect(sessions.get('s1')).toBeUndefined()
  })

  it('rebinding a live session (its provider failed) keeps the original expiry', () => {
    let now = 0
    const sessions = new StickySessions(() => now)
    sessions.bind('s1', 'peer-a', 60)
    now = 30_000
    sessions.bind('s1', 'peer-b', 60)
    expect(sessions.get('s1')).toBe('peer-b')
    now = 61_000
    expect(sessions.get('s1')).toBeUndefined()
  })

  it(`holds at most ${MAX_STICKY_SESSIONS} sessions, dropping the oldest`, () => {
    const sessions = new StickySessions(() => 0)
    for (let i = 0; i <= MAX_STICKY_SESSIONS; i++) sessions.bind(`s${i}`, 'p', 60)
    expect(sessions.size).toBe(MAX_STICKY_SESSIONS)
    expect(sessions.get('s0')).toBeUndefined()
    expect(sessions.get(`s${MAX_STICKY_SESSIONS}`)).toBe('p')
  })

  it('sweep drops expired sessions', () => {
    let now = 0
    const sessions = new StickySessions(() => now)
    sessions.bind('a', 'p', 10)
    sessions.bind('b', 'p', 100)
    now = 50_000
    expect(sessions.sweep()).toBe(1)
    expect(sessions.size).toBe(1)
  })
})
