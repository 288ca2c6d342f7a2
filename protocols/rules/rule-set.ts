import { createHash } from 'node:crypto'
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'
import { MAX_RULE_SET_CATEGORIES, MAX_RULE_SET_DOMAINS, MAX_SIGNED_RULE_SET_BYTES, RULES_SIGNATURE_DOMAIN } from './constants.js'
import { InvalidRuleSetError, UntrustedRuleSetError } from './errors.js'
import { RuleSet, SignedRuleSet } from './pb/rules.js'
import type { PrivateKey } from '@libp2p/interface'
import type { ErrorObject, ValidateFunction } from 'ajv'

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

const DOMAIN = '^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*$'

const SCHEMA = {
  type: 'object',
  properties: {
    blockedPorts: {
      type: 'array',
      maxItems: 1024,
      items: {
        type: 'object',
        properties: { port: { type: 'integer', minimum: 1, maximum: 65535 }, rationale: { type: 'string', maxLength: 200 } },
        required: ['port'],
        additionalProperties: false
      }
    },
    categories: {
      type: 'object',
      maxProperties: MAX_RULE_SET_CATEGORIES,
      propertyNames: { pattern: '^[a-z0-9][a-z0-9-]{0,31}$' },
      additionalProperties: {
        type: 'object',
        properties: {
          domains: { type: 'array', maxItems: MAX_RULE_SET_DOMAINS, items: { type: 'string', pattern: DOMAIN } },
          optIn: { type: 'boolean' },
          rationale: { type: 'string', maxLength: 200 }
        },
        required: ['domains', 'optIn'],
        additionalProperties: false
      }
    },
    rates: {
      type: 'object',
      properties: {
        customerOpensPerSecond: { type: 'integer', minimum: 0, maximum: 100_000 },
        customerDestinationOpensPerSecond: { type: 'integer', minimum: 0, maximum: 100_000 }
      },
      additionalProperties: false
    }
  },
  additionalProperties: false
}

let validator: ValidateFunction | undefined

/**
 * Parses and checks a rule set document. Every problem is listed in one
 * InvalidRuleSetError, with where it is: `categories.adult.domains[2]: must
 * match …`. Unknown fields are refused (a typo must not silently drop a rule).
 * Async because the schema compiler is loaded on first use, not at every node's start.
 */
export async function parseRules (json: string): Promise<Rules> {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (err: any) {
    throw new InvalidRuleSetError(`The rule set is not valid JSON: ${err.message}`)
  }
  if (validator == null) {
    // Node and bundlers disagree on the shape of a CommonJS module's dynamic import: find the class
    const mod: any = await import('ajv')
    const AjvClass = mod.Ajv ?? mod.default?.Ajv ?? mod.default?.default ?? mod.default
    validator = new AjvClass({ allErrors: true }).compile(SCHEMA) as ValidateFunction
  }
  if (!validator(value)) {
    throw new InvalidRuleSetError(`The rule set is not valid:\n${(validator.errors ?? []).map(describe).join('\n')}`)
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
  await parseRules(init.json)
  const body = RuleSet.encode({ version: init.version, issuedAtMs: init.issuedAtMs, rulesJson: init.json, keyId: peerIdFromPublicKey(key.publicKey).toString() })
  const signature = await key.sign(uint8ArrayConcat([DOMAIN_BYTES, body]))
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
  const signer = peerIdFromString(body.keyId)
  if (signer.publicKey == null || !await signer.publicKey.verify(uint8ArrayConcat([DOMAIN_BYTES, signed.ruleSet]), signed.signature)) {
    throw new UntrustedRuleSetError('The rule set signature does not verify')
  }
  if (!Number.isSafeInteger(body.version) || body.version < 1) throw new UntrustedRuleSetError('The rule set has no valid version')
  return {
    version: body.version,
    issuedAtMs: body.issuedAtMs,
    rules: await parseRules(body.rulesJson),
    keyId: body.keyId,
    hash: createHash('sha256').update(bytes).digest('hex'),
    bytes
  }
}

/**
 * The rule that refuses a destination, if any: a blocked port, or a domain
 * (or a subdomain of one) in a category the provider may not serve — one
 * that needs no opt-in, or one it did not opt into.
 */
export function ruleSetRefusal (rules: Rules, destination: { host: string, port: number }, optedIn: ReadonlySet<string>): string | undefined {
  const port = rules.blockedPorts?.find(p => p.port === destination.port)
  if (port != null) return `port ${port.port}`
  const name = destination.host.toLowerCase().replace(/\.$/, '')
  for (const [category, entry] of Object.entries(rules.categories ?? {})) {
    if (entry.optIn && optedIn.has(category)) continue
    if (entry.domains.some(domain => name === domain || name.endsWith(`.${domain}`))) return `category ${category}`
  }
  return undefined
}
