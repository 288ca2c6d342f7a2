import { describe, expect, it } from 'vitest'
import { ClientAllowlist, isLoopbackHost } from '../../node/gateway/proxy/client-allowlist.js'

describe('who may use a gateway\'s fronts without a login', () => {
  const allowlist = new ClientAllowlist(['192.168.1.0/24', 'fd00::/8'])
  const cases: Array<[string | undefined, boolean]> = [
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['192.168.1.77', true],
    ['::ffff:192.168.1.77', true],
    ['fd00::2', true],
    ['192.168.2.1', false],
    ['10.0.0.1', false],
    ['203.0.113.9', false],
    ['2001:db8::1', false],
    ['not an address', false],
    [undefined, false]
  ]
  for (const [address, allowed] of cases) {
    it(`${String(address)}: ${allowed ? 'served' : 'refused'}`, () => {
      expect(allowlist.allows(address), String(address)).toBe(allowed)
    })
  }

  it('refuses a range that is not a CIDR, with a typed error', () => {
    expect(() => new ClientAllowlist(['192.168.1.0/33'])).toThrow(expect.objectContaining({ name: 'InvalidClientRangeError' }))
  })

  it('knows which listen addresses serve this machine only', () => {
    expect(['127.0.0.1', '::1', '127.0.0.2'].map(isLoopbackHost)).toEqual([true, true, true])
    expect(['0.0.0.0', '::', '192.168.1.5'].map(isLoopbackHost)).toEqual([false, false, false])
  })
})
