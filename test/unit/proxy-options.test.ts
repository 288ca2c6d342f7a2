import { describe, expect, it } from 'vitest'
import { parseProxyOptions } from '../../node/gateway/proxy-options.js'
import type { ProxyOptions } from '../../node/gateway/proxy-options.js'

describe('proxy username options', () => {
  const good: Array<[string, ProxyOptions]> = [
    ['', {}],
    ['country-de', { country: 'DE' }],
    ['country-DE', { country: 'DE' }],
    ['session-abc123', { sessionId: 'abc123', sessionTtlS: 600 }],
    ['country-us-session-s_1-ttl-30', { country: 'US', sessionId: 's_1', sessionTtlS: 30 }],
    ['ttl-30-session-x', { sessionId: 'x', sessionTtlS: 30 }],
    ['alice', { account: 'alice' }],
    ['alice-country-jp', { account: 'alice', country: 'JP' }],
    ['team.blue-x-country-fr-session-q', { account: 'team.blue-x', country: 'FR', sessionId: 'q', sessionTtlS: 600 }]
  ]
  for (const [username, expected] of good) {
    it(`parses "${username}"`, () => {
      expect(parseProxyOptions(username), username).toEqual(expected)
    })
  }

  const bad: Array<[string, RegExp]> = [
    ['country-xx', /not an ISO 3166-1/],
    ['country', /needs a value/],
    ['country-', /needs a value/],
    ['country-de-country-fr', /given twice/],
    ['ttl-30', /ttl needs a session/],
    ['session-x-ttl-0', /ttl must be/],
    ['session-x-ttl-86401', /ttl must be/],
    ['session-x-ttl-1e3', /ttl must be/],
    ['session-a!b', /session id/],
    [`session-${'a'.repeat(65)}`, /session id/],
    ['country-de-colour-red', /Unknown proxy option "colour"/],
    ['al ice-country-de', /account part/],
    ['x'.repeat(256), /too long/]
  ]
  for (const [username, message] of bad) {
    it(`refuses "${username.slice(0, 40)}"`, () => {
      expect(() => parseProxyOptions(username), username).toThrow(message)
      expect(() => parseProxyOptions(username), username).toThrow(expect.objectContaining({ name: 'InvalidProxyOptionsError' }))
    })
  }
})
