import { createHash } from 'node:crypto'
import { DEFAULT_RULES_JSON, parseRules, signRuleSet } from '../../protocols/rules/index.js'
import { DocumentBook } from '../documents/book.js'
import type { CoordinatorStore } from '../store/store.js'
import type { DocumentGossip } from '../documents/book.js'
import type { PrivateKey } from '@libp2p/interface'
import type { Logger } from 'pino'

/** The current rule set as the operator API shows it. */
export interface RuleSetView {
  version: number
  /** sha-256 (hex) of the signed rule set: equal on every node that holds this version */
  hash: string
  issuedAt: string
  rules: unknown
}

interface RuleSetMeta {
  json: string
  issuedAtMs: number
}

/** What the rule sets run on. */
export interface RuleSetsComponents {
  store: CoordinatorStore
  signingKey(): PrivateKey
  /** the rule set's document server (looked up when a set is published) */
  gossip(): DocumentGossip
  logger: Logger
}

/**
 * The network's abuse rules: the operator sets a JSON document (checked
 * against the schema; every problem listed), the rendezvous signs it as the
 * next version and spreads it (RULES_TOPIC, RULES_PROTOCOL). A rendezvous
 * with no rule set publishes DEFAULT_RULES_JSON at start, since providers
 * refuse every connection until they hold one.
 */
export class RuleSets {
  readonly book: DocumentBook<RuleSetMeta>
  private readonly components: RuleSetsComponents

  constructor (components: RuleSetsComponents) {
    this.components = components
    this.book = new DocumentBook(components.store, 'rules', components.gossip)
  }

  /** Publishes DEFAULT_RULES_JSON when there is no rule set yet (here or from another rendezvous on the same database): providers refuse every connection without one. */
  async ensureOne (): Promise<void> {
    if (this.book.current() != null) return
    const version = await this.book.publish(async (version, previous) => previous == null ? await this.sign(version, DEFAULT_RULES_JSON) : undefined)
    if (version != null) this.components.logger.info({ version, default: true }, 'published a rule set')
  }

  /** Checks, signs and publishes `json` as the next version; throws InvalidRuleSetError listing every problem. */
  async set (json: string): Promise<RuleSetView> {
    parseRules(json)
    const version = await this.book.publish(async (version) => this.sign(version, json))
    this.components.logger.info({ version }, 'published a rule set')
    return this.current() as RuleSetView
  }

  private async sign (version: number, json: string): Promise<{ signed: Uint8Array, meta: RuleSetMeta }> {
    const issuedAtMs = Date.now()
    return { signed: await signRuleSet(this.components.signingKey(), { version, issuedAtMs, json }), meta: { json, issuedAtMs } }
  }

  /** The current rule set. */
  current (): RuleSetView | undefined {
    const stored = this.book.currentStored()
    if (stored == null) return undefined
    return {
      version: stored.version,
      hash: createHash('sha256').update(Buffer.from(stored.signed, 'base64')).digest('hex'),
      issuedAt: new Date(stored.meta.issuedAtMs).toISOString(),
      rules: JSON.parse(stored.meta.json)
    }
  }
}
