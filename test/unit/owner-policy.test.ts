import { describe, expect, it } from 'vitest'
import { OwnerPolicy } from '../../node/provider/exit/owner-policy.js'

describe('owner policy', () => {
  const policy = new OwnerPolicy({ denyDestinations: ['example.com', '*.tracker.net', '203.0.113.0/24', '2001:db8:1::/48'] })

  const names: Array<[string, string | undefined]> = [
    ['example.com', 'deny example.com'],
    ['WWW.Example.com.', 'deny example.com'],
    ['a.b.example.com', 'deny example.com'],
    ['notexample.com', undefined],
    ['example.com.evil.org', undefined],
    ['ads.tracker.net', 'deny tracker.net'],
    ['tracker.net', 'deny tracker.net'],
    // an IP literal is no name, whatever its digits spell
    ['1.example.com', 'deny example.com'],
    ['203.0.113.7', undefined]
  ]
  for (const [host, rule] of names) {
    it(`name ${host} → ${rule ?? 'allowed'}`, () => { expect(policy.checkName(host)).toBe(rule) })
  }

  it('checks resolved addresses against CIDR patterns, IPv4 and IPv6', () => {
    expect(policy.checkAddress('shop.test', '203.0.113.9')).toBe('deny 203.0.113.0/24')
    expect(policy.checkAddress('shop.test', '2001:db8:1::5')).toBe('deny 2001:db8:1::/48')
    expect(policy.checkAddress('shop.test', '198.51.100.1')).toBeUndefined()
  })

  it('with an allow list, serves only what it names (by domain or range)', () => {
    const only = new OwnerPolicy({ allowDestinations: ['wikipedia.org', '198.51.100.0/24'] })
    expect(only.checkAddress('en.wikipedia.org', '1.2.3.4')).toBeUndefined()
    expect(only.checkAddress('other.test', '198.51.100.20')).toBeUndefined()
    expect(only.checkAddress('other.test', '1.2.3.4')).toBe('not in the owner\'s allow list')
  })

  it('with a customer allowlist, serves only those accounts', () => {
    const owner = new OwnerPolicy({ allowCustomers: ['acct-friend'] })
    expect(owner.hasCustomerAllowlist).toBe(true)
    expect(owner.checkCustomer('acct-friend')).toBeUndefined()
    expect(owner.checkCustomer('acct-stranger')).toBe('customer allowlist')
    expect(new OwnerPolicy().checkCustomer('anyone')).toBeUndefined()
  })

  it('summarises denied domains for the capability record', () => {
    expect(policy.deniedDomains).toEqual(['example.com', 'tracker.net'])
  })
})
