import { describe, expect, it } from 'vitest'
import { parseAuthority, parseBasic, parseForwardTarget } from '../../node/gateway/http-proxy/targets.js'

describe('the HTTP front\'s parsers of client input', () => {
  const authorities: Array<[string, { host: string, port: number } | undefined]> = [
    ['example.com:443', { host: 'example.com', port: 443 }],
    ['[2001:db8::1]:8443', { host: '2001:db8::1', port: 8443 }],
    ['example.com', undefined],
    ['example.com:0', undefined],
    ['example.com:65536', undefined],
    ['user@example.com:443', undefined],
    [':443', undefined]
  ]
  for (const [authority, expected] of authorities) {
    it(`CONNECT ${authority}: ${expected == null ? 'refused' : 'accepted'}`, () => {
      expect(parseAuthority(authority), authority).toEqual(expected)
    })
  }

  const urls: Array<[string, string | { host: string, port: number, path: string }]> = [
    ['http://example.com/a?b=c', { host: 'example.com', port: 80, path: '/a?b=c' }],
    ['http://[::1]:8080/', { host: '::1', port: 8080, path: '/' }],
    ['https://example.com/', 'refused'],
    ['/relative', 'refused'],
    // regression, found by npm run fuzz: the URL parser accepts port 0
    ['http://example.com:0/', 'refused']
  ]
  for (const [url, expected] of urls) {
    it(`plain request to ${url}: ${typeof expected === 'string' ? expected : 'forwarded'}`, () => {
      const target = parseForwardTarget(url)
      if (expected === 'refused') expect('refused' in target, url).toBe(true)
      else expect(target, url).toEqual(expected)
    })
  }

  it('reads Basic proxy credentials, and nothing else', () => {
    expect(parseBasic(`Basic ${Buffer.from('alice:s:ecret').toString('base64')}`)).toEqual({ username: 'alice', password: 's:ecret' })
    expect(parseBasic('Bearer abc')).toBeUndefined()
    expect(parseBasic(`Basic ${Buffer.from('no colon').toString('base64')}`)).toBeUndefined()
    expect(parseBasic(undefined)).toBeUndefined()
  })
})
