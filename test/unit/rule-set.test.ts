import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_SIGNED_RULE_SET_BYTES, RuleSet, SignedRuleSet, openRuleSet, parseRules, ruleSetRefusal, signRuleSet } from '../../protocols/rules/index.js'
import type { PrivateKey } from '@libp2p/interface'

const RULES = JSON.stringify({
  blockedPorts: [{ port: 6667, rationale: 'IRC botnets' }],
  categories: {
    malware: { domains: ['evil.test'], optIn: false, rationale: 'never' },
    adult: { domains: ['adult.test'], optIn: true }
  },
  rates: { customerOpensPerSecond: 50 }
})

describe('rule sets', () => {
  let key: PrivateKey
  let trusted: Set<string>
  beforeAll(async () => {
    key = await generateKeyPair('Ed25519')
    trusted = new Set([peerIdFromPrivateKey(key).toString()])
  })

  it('signs and opens a rule set, with a stable hash', async () => {
    const bytes = await signRuleSet(key, { version: 3, issuedAtMs: 1_800_000_000_000, json: RULES })
    const set = await openRuleSet(bytes, trusted)
    expect(set).toMatchObject({ version: 3, issuedAtMs: 1_800_000_000_000, rules: JSON.parse(RULES) })
    expect(set.hash).toMatch(/^[0-9a-f]{64}$/)
    expect((await openRuleSet(bytes, trusted)).hash).toBe(set.hash)
  })

  it('lists every problem of a bad document with where it is', async () => {
    const bad = JSON.stringify({ blockedPorts: [{ port: 70000 }], categories: { Malware: { domains: ['not a domain'], optIn: 'yes' } }, colour: 'red' })
    let message = ''
    try {
      parseRules(bad)
    } catch (err: any) {
      expect(err.name).toBe('InvalidRuleSetError')
      message = err.message
    }
    expect(message).toMatch(/blockedPorts\[0\]\.port: must be <= 65535/)
    expect(message).toMatch(/\(top level\): must NOT have additional properties "colour"/)
    expect(message).toMatch(/categories/)
    expect(() => parseRules('{ not json')).toThrow(/not valid JSON/)
  })

  const refused: Array<[string, (bytes: Uint8Array) => Promise<Uint8Array>, ReadonlySet<string> | undefined]> = [
    ['signed by an untrusted key', async () => signRuleSet(await generateKeyPair('Ed25519'), { version: 1, issuedAtMs: 1, json: RULES }), undefined],
    ['tampered after signing', async (bytes) => {
      const signed = SignedRuleSet.decode(bytes)
      const body = RuleSet.decode(signed.ruleSet)
      return SignedRuleSet.encode({ ruleSet: RuleSet.encode({ ...body, rulesJson: '{}' }), signature: signed.signature })
    }, undefined],
    ['oversized', async () => new Uint8Array(MAX_SIGNED_RULE_SET_BYTES + 1), undefined],
    ['garbage', async () => Uint8Array.from([1, 2, 3]), undefined]
  ]
  for (const [what, make] of refused) {
    it(`refuses a rule set ${what}`, async () => {
      const genuine = await signRuleSet(key, { version: 1, issuedAtMs: 1, json: RULES })
      await expect(openRuleSet(await make(genuine), trusted)).rejects.toMatchObject({ name: 'UntrustedRuleSetError' })
    })
  }

  const cases: Array<[string, number, string[], string | undefined]> = [
    ['evil.test', 443, [], 'category malware'],
    ['cdn.evil.test', 443, ['malware'], 'category malware'],
    ['adult.test', 443, [], 'category adult'],
    ['www.adult.test', 443, ['adult'], undefined],
    ['fine.test', 6667, [], 'port 6667'],
    ['fine.test', 443, [], undefined],
    ['notevil.test', 443, [], undefined]
  ]
  for (const [host, port, optedIn, rule] of cases) {
    it(`${host}:${port} with opt-ins [${optedIn.join(',')}] → ${rule ?? 'allowed'}`, async () => {
      expect(ruleSetRefusal(parseRules(RULES), { host, port }, new Set(optedIn))).toBe(rule)
    })
  }
})

describe('domain lookups', () => {
  it('matches a domain and its subdomains, not look-alikes, whatever the set size', async () => {
    const { DomainSet } = await import('../../protocols/rules/index.js')
    const set = new DomainSet<string>()
    for (let i = 0; i < 10_000; i++) set.add(`d${i}.example`, `v${i}`)
    expect(set.match('D9999.Example.')).toEqual({ domain: 'd9999.example', value: 'v9999' })
    expect(set.match('a.b.d42.example')).toEqual({ domain: 'd42.example', value: 'v42' })
    expect(set.match('xd42.example')).toBeUndefined()
    expect(set.match('example')).toBeUndefined()
  })

  it('checks every listed parent: an opted-in subdomain under an always-refused parent is still refused', async () => {
    const { compileRules } = await import('../../protocols/rules/index.js')
    const rules = compileRules(parseRules(JSON.stringify({
      categories: {
        malware: { domains: ['host.test'], optIn: false },
        adult: { domains: ['adult.host.test'], optIn: true }
      }
    })))
    expect(rules.refusal({ host: 'www.adult.host.test', port: 443 }, new Set(['adult']))).toBe('category malware')
    expect(rules.refusal({ host: 'www.adult.host.test', port: 443 }, new Set())).toBe('category adult')
    expect(rules.refusal({ host: 'other.test', port: 443 }, new Set())).toBeUndefined()
  })
})
