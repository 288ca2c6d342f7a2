import { createHash } from 'node:crypto'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { signWithDomain, signedBy } from '../common/signing.js'
import { credentialKeyId } from '../credential/credential.js'
import { MAX_RULE_SET_DOMAINS, MAX_SIGNED_RULE_SET_BYTES, RULES_SIGNATURE_DOMAIN } from './constants.js'
import { InvalidRuleSetError, UntrustedRuleSetError } from './errors.js'
import { DomainSet } from './domain-set.js'
import { RuleSet, SignedRuleSet } from './pb/rules.js'
import { ruleSet as validateRuleSet } from './validator.generated.js'
import type { PrivateKey } from '@libp2p/interface'
import type { ErrorObject } from 'ajv'

const DOMAIN_BYTES = uint8ArrayFromString(RULES_SIGNATURE_DOMAIN)

/** A destination category: its domains (with subdomains) and whether providers may opt into it. */
export interface RuleCategory {
  domains: string[]
  /** true: refused unless the provider opted in (`--category`); false: always refused */
  optIn: boolean
  rationale?: string
}

/** The network's abuse rules, as the operator writes them (rules.json). */
export interface Rules {
  /** ports refused on top of the built-in list (SMTP and Tor's exit policy) */
  blockedPorts?: Array<{ port: number, rationale?: string }>
  /** destination categories by name, e.g. "malware", "adult" */
  categories?: Record<string, RuleCategory>
  /** network-wide open rates per customer (0 or absent: none) */
  rates?: { customerOpensPerSecond?: number, customerDestinationOpensPerSecond?: number }
}

/** A rule set whose signature and content have been checked. */
export interface VerifiedRuleSet {
  version: number
  issuedAtMs: number
  rules: Rules
  keyId: string
  /** sha-256 (hex) of the signed bytes: what `peergrid rules show` prints to compare nodes */
  hash: string
  bytes: Uint8Array
}

/**
 * Parses and checks a rule set document. Every problem is listed in one
 * InvalidRuleSetError, with where it is: `categories.adult.domains[2]: must
 * match …`. Unknown fields are refused (a typo must not silently drop a rule).
 * The schema is precompiled (validator.generated.js).
 */
export function parseRules (json: string): Rules {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (err: any) {
    throw new InvalidRuleSetError(`The rule set is not valid JSON: ${err.message}`)
  }
  if (!validateRuleSet(value)) {
    throw new InvalidRuleSetError(`The rule set is not valid:\n${(validateRuleSet.errors ?? []).map(describe).join('\n')}`)
  }
  const rules = value as Rules
  const domains = Object.values(rules.categories ?? {}).reduce((n, c) => n + c.domains.length, 0)
  if (domains > MAX_RULE_SET_DOMAINS) throw new InvalidRuleSetError(`The rule set lists ${domains} domains; the limit is ${MAX_RULE_SET_DOMAINS}`)
  return rules
}

function describe (error: ErrorObject): string {
  const where = error.instancePath.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')
  const extra = error.keyword === 'additionalProperties' ? ` "${String((error.params as { additionalProperty: string }).additionalProperty)}"` : ''
  return `  ${where === '' ? '(top level)' : where}: ${error.message ?? 'is not valid'}${extra}`
}

/** Signs a rule set (the JSON text as given, after checking it) with a rendezvous signing key. */
export async function signRuleSet (key: PrivateKey, init: { version: number, issuedAtMs: number, json: string }): Promise<Uint8Array> {
  parseRules(init.json)
  const body = RuleSet.encode({ version: init.version, issuedAtMs: init.issuedAtMs, rulesJson: init.json, keyId: credentialKeyId(key) })
  const signature = await signWithDomain(key, DOMAIN_BYTES, body)
  const bytes = SignedRuleSet.encode({ ruleSet: body, signature: signature as Uint8Array<ArrayBuffer> })
  if (bytes.byteLength > MAX_SIGNED_RULE_SET_BYTES) throw new InvalidRuleSetError(`The signed rule set is ${bytes.byteLength} bytes; the limit is ${MAX_SIGNED_RULE_SET_BYTES}`)
  return bytes
}

/** Checks a signed rule set: size, a trusted key, the signature, then the rules themselves. */
export async function openRuleSet (bytes: Uint8Array, trustedKeys: ReadonlySet<string>): Promise<VerifiedRuleSet> {
  if (bytes.byteLength > MAX_SIGNED_RULE_SET_BYTES) throw new UntrustedRuleSetError('The rule set is over its size limit')
  let signed: SignedRuleSet
  let body: RuleSet
  try {
    signed = SignedRuleSet.decode(bytes)
    body = RuleSet.decode(signed.ruleSet)
  } catch (err: any) {
    throw new UntrustedRuleSetError(`The rule set does not decode: ${err.message}`)
  }
  if (!trustedKeys.has(body.keyId)) throw new UntrustedRuleSetError('The rule set is signed by a key this node does not trust')
  if (!await signedBy(body.keyId, DOMAIN_BYTES, signed.ruleSet, signed.signature)) {
    throw new UntrustedRuleSetError('The rule set signature does not verify')
  }
  if (!Number.isSafeInteger(body.version) || body.version < 1) throw new UntrustedRuleSetError('The rule set has no valid version')
  return {
    version: body.version,
    issuedAtMs: body.issuedAtMs,
    rules: parseRules(body.rulesJson),
    keyId: body.keyId,
    hash: createHash('sha256').update(bytes).digest('hex'),
    bytes
  }
}

/** A rule set prepared for checking many destinations: ports and domains in hash lookups. */
export interface CompiledRules {
  /** the rule that refuses a destination, if any (see ruleSetRefusal) */
  refusal(destination: { host: string, port: number }, optedIn: ReadonlySet<string>): string | undefined
}

/** Prepares a rule set for the exit's hot path; build it once per rule set version. */
export function compileRules (rules: Rules): CompiledRules {
  const ports = new Set((rules.blockedPorts ?? []).map(p => p.port))
  // a domain listed in several categories is refused by each; the exit reports the first that applies
  const domains = new DomainSet<Array<{ category: string, optIn: boolean }>>()
  for (const [category, entry] of Object.entries(rules.categories ?? {})) {
    for (const domain of entry.domains) {
      const existing = domains.match(domain)
      if (existing != null && existing.domain === domain) existing.value.push({ category, optIn: entry.optIn })
      else domains.add(domain, [{ category, optIn: entry.optIn }])
    }
  }
  return {
    refusal (destination, optedIn) {
      if (ports.has(destination.port)) return `port ${destination.port}`
      let host = destination.host
      // a subdomain may be listed under another category than its parent: check every listed suffix
      for (let found = domains.match(host); found != null; found = domains.match(host)) {
        const refusing = found.value.find(c => !(c.optIn && optedIn.has(c.category)))
        if (refusing != null) return `category ${refusing.category}`
        const dot = found.domain.indexOf('.')
        if (dot === -1) return undefined
        host = found.domain.slice(dot + 1)
      }
      return undefined
    }
  }
}

/**
 * The rule that refuses a destination, if any: a blocked port, or a domain
 * (or a subdomain of one) in a category the provider may not serve — one
 * that needs no opt-in, or one it did not opt into.
 */
export function ruleSetRefusal (rules: Rules, destination: { host: string, port: number }, optedIn: ReadonlySet<string>): string | undefined {
  return compileRules(rules).refusal(destination, optedIn)
}
