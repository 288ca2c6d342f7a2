import { describe, expect, it } from 'vitest'
import { ProxyOpenResult } from '../../protocols/proxy/index.js'
import { compileRules, parseRules } from '../../protocols/rules/index.js'
import { decideAdmission } from '../../node/provider/exit/admission.js'
import { OwnerPolicy } from '../../node/provider/exit/owner-policy.js'
import { RateLimiter } from '../../node/utils/rate-limit.js'
import type { AdmissionInput, NetworkRules } from '../../node/provider/exit/admission.js'

const Status = ProxyOpenResult.Status
const NOW = 1_000_000

const network = (json: string, version = 2): NetworkRules => ({ version, rules: compileRules(parseRules(json)) })
const rules = network(JSON.stringify({ blockedPorts: [{ port: 6667 }], categories: { malware: { domains: ['evil.test'], optIn: false }, adult: { domains: ['adult.test'], optIn: true } } }))
/** A limiter with no tokens left for `key` at NOW. */
const spent = (key: string): RateLimiter => {
  const limiter = new RateLimiter({ perSecond: 1, burst: 1 }, 100, () => NOW)
  limiter.take(key, NOW)
  return limiter
}
const fresh = (): RateLimiter => new RateLimiter({ perSecond: 1, burst: 1 }, 100, () => NOW)

const base: AdmissionInput = {
  customer: 'peer-a',
  host: 'example.com',
  port: 443,
  credential: { account: 'acct-a' },
  network: { current: rules, optedIn: new Set() },
  owner: new OwnerPolicy({}),
  activeStreams: 1,
  customerStreams: 1,
  maxStreams: 10,
  maxStreamsPerCustomer: 2,
  nowMs: NOW
}

describe('the exit\'s admission decision (a pure function)', () => {
  const cases: Array<{ name: string, input: Partial<AdmissionInput>, status?: ProxyOpenResult.Status, rule?: string }> = [
    { name: 'an open within every limit is served', input: {} },
    { name: 'a refused credential comes first, with its error as the rule', input: { credential: { refusedBy: 'ExpiredCredentialError' }, port: 6667 }, status: Status.UNAUTHORIZED, rule: 'ExpiredCredentialError' },
    { name: 'an account out of credit is told so, not that its credential is bad', input: { credential: { refusedBy: 'UnfundedAccountError' } }, status: Status.UNFUNDED, rule: 'UnfundedAccountError' },
    { name: 'no rule set yet: refuse everything (fail closed)', input: { network: { current: undefined, optedIn: new Set() } }, status: Status.RULES, rule: 'no rule set yet' },
    { name: 'an exit that enforces no rule set serves', input: { network: undefined } },
    { name: 'a blocked port', input: { port: 6667 }, status: Status.RULES, rule: 'port 6667 (rule set 2)' },
    { name: 'a refused category, subdomains included', input: { host: 'www.evil.test' }, status: Status.RULES, rule: 'category malware (rule set 2)' },
    { name: 'an opt-in category the owner did not opt into', input: { host: 'adult.test' }, status: Status.RULES, rule: 'category adult (rule set 2)' },
    { name: 'an opt-in category the owner opted into', input: { host: 'adult.test', network: { current: rules, optedIn: new Set(['adult']) } } },
    { name: 'the network\'s per-customer rate', input: { network: { current: { ...rules, customerRate: spent('peer-a') }, optedIn: new Set() } }, status: Status.OVER_RATE, rule: 'network customer open rate' },
    { name: 'the network\'s per-destination rate', input: { network: { current: { ...rules, destinationRate: spent('peer-a example.com') }, optedIn: new Set() } }, status: Status.OVER_RATE, rule: 'network customer open rate to one destination' },
    { name: 'the network\'s per-destination rate of another host does not count', input: { network: { current: { ...rules, destinationRate: spent('peer-a other.com') }, optedIn: new Set() } } },
    { name: 'a customer the owner does not serve', input: { owner: new OwnerPolicy({ allowCustomers: ['acct-b'] }) }, status: Status.POLICY, rule: 'customer allowlist' },
    { name: 'a name the owner denies', input: { owner: new OwnerPolicy({ denyDestinations: ['example.com'] }), host: 'api.example.com' }, status: Status.POLICY, rule: 'deny example.com' },
    { name: 'the owner\'s per-customer rate', input: { customerRate: spent('peer-a') }, status: Status.OVER_RATE, rule: 'customer open rate' },
    { name: 'the owner\'s per-destination rate', input: { destinationRate: spent('peer-a example.com') }, status: Status.OVER_RATE, rule: 'customer open rate to one destination' },
    { name: 'past the total stream cap', input: { activeStreams: 11 }, status: Status.OVER_CAPACITY },
    { name: 'past the customer\'s stream cap', input: { customerStreams: 3 }, status: Status.OVER_CAPACITY },
    { name: 'at the caps, this stream included', input: { activeStreams: 10, customerStreams: 2 } }
  ]
  for (const c of cases) {
    it(c.name, () => {
      const decision = decideAdmission({ ...base, ...c.input })
      if (c.status == null) {
        expect(decision, c.name).toMatchObject({ admitted: true, account: 'acct-a' })
      } else {
        expect(decision, c.name).toMatchObject({ admitted: false, status: c.status })
        if (!decision.admitted) expect(decision.rule, c.name).toBe(c.rule)
      }
    })
  }

  it('spends nothing itself, and names the tokens of every rate check that passed', () => {
    const customerRate = fresh()
    const destinationRate = fresh()
    const networkCustomer = fresh()
    const input: AdmissionInput = { ...base, customerRate, destinationRate, network: { current: { ...rules, customerRate: networkCustomer }, optedIn: new Set() } }
    const first = decideAdmission(input)
    expect(first.admitted).toBe(true)
    expect(first.spend.map(s => s.key)).toEqual(['peer-a', 'peer-a', 'peer-a example.com'])
    // pure: deciding again gives the same answer, as nothing was spent
    expect(decideAdmission(input)).toEqual(first)
    for (const { limiter, key } of first.spend) limiter.take(key, NOW)
    expect(decideAdmission(input)).toMatchObject({ admitted: false, status: Status.OVER_RATE, rule: 'network customer open rate' })
  })

  it('a refusal after a passed rate check still spends that check\'s token (a refused burst costs what it passed)', () => {
    const networkCustomer = fresh()
    const decision = decideAdmission({ ...base, network: { current: { ...rules, customerRate: networkCustomer }, optedIn: new Set() }, owner: new OwnerPolicy({ allowCustomers: ['acct-b'] }) })
    expect(decision).toMatchObject({ admitted: false, status: Status.POLICY })
    expect(decision.spend.map(s => s.limiter)).toEqual([networkCustomer])
  })
})
