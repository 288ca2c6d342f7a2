import { describe, expect, it } from 'vitest'
import { ProviderScores, scoreProvider } from '../../node/gateway/proxy/provider-scores.js'
import { StickySessions } from '../../node/gateway/proxy/sticky-sessions.js'
import { MAX_STICKY_SESSIONS } from '../../node/gateway/proxy/constants.js'
import { chooseProvider } from '../../node/gateway/proxy/provider-choice.js'
import type { ProviderEntry } from '../../node/gateway/provider-table.js'
import type { ChoiceInput } from '../../node/gateway/proxy/provider-choice.js'

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

describe('provider choice (a pure function)', () => {
  const entry = (id: string, deniedDomains: string[] = []): ProviderEntry => ({
    peerId: { toString: () => id } as unknown as ProviderEntry['peerId'],
    record: { policy: { categories: [], customerAllowlist: false, blockedPorts: [], deniedDomains } } as unknown as ProviderEntry['record'],
    bytes: new Uint8Array(0),
    source: 'gossip',
    receivedAtMs: 0
  })
  const scores: Record<string, number> = { a: 1, b: 0.9, c: 0.5, d: 1 }
  const choose = (input: Partial<ChoiceInput>): string => {
    const choice = chooseProvider({ candidates: [entry('a'), entry('b'), entry('c')], host: 'example.com', score: id => scores[id] ?? 1, random: 0, ...input })
    return 'none' in choice ? `none: ${choice.none}` : choice.provider.peerId.toString()
  }
  const cases: Array<[string, Partial<ChoiceInput>, string]> = [
    ['the best scored, the first of the near-equals at random 0', {}, 'a'],
    ['another near-equal at a higher random draw', { random: 0.99 }, 'b'],
    ['never a provider far below the best', { random: 0.999_999 }, 'b'],
    ['the session\'s provider wins while it is a candidate', { sessionProvider: 'c' }, 'c'],
    ['a session whose provider is gone gets the best', { sessionProvider: 'z' }, 'a'],
    ['rotation: not the provider the previous connection used', { lastProvider: 'a' }, 'b'],
    ['rotation gives way when only that provider is left', { candidates: [entry('a')], lastProvider: 'a' }, 'a'],
    ['providers whose owner denies the host are skipped', { candidates: [entry('a', ['example.com']), entry('b')] }, 'b'],
    ['a denied parent domain covers the host', { candidates: [entry('a', ['com']), entry('c')], host: 'www.example.com' }, 'c'],
    ['a session provider that denies the host is not kept', { candidates: [entry('a'), entry('c', ['example.com'])], sessionProvider: 'c' }, 'a'],
    ['every owner refuses the host: policy', { candidates: [entry('a', ['example.com'])] }, 'none: policy'],
    ['no candidate: no provider', { candidates: [] }, 'none: no-provider']
  ]
  for (const [name, input, expected] of cases) {
    it(`${name}: ${expected}`, () => {
      expect(choose(input), name).toBe(expected)
    })
  }
})
