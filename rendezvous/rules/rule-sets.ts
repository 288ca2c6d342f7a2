import { createHash } from 'node:crypto'
import { DEFAULT_RULES_JSON, RULES_PROTOCOL, RULES_TOPIC, parseRules, signRuleSet } from '../../protocols/rules/index.js'
import { RENDEZVOUS_BUCKETS } from '../db/buckets.js'
import { DocumentPublisher } from '../documents/publisher.js'
import type { CoordinatorDatabase } from '../db/buckets.js'
import type { RendezvousMetrics } from '../metrics.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Libp2p, PrivateKey } from '@libp2p/interface'
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
  libp2p: Libp2p<{ pubsub?: GossipSub }>
  db: CoordinatorDatabase
  signingKey(): PrivateKey
  logger: Logger
  metrics: RendezvousMetrics
}

/**
 * The network's abuse rules: the operator sets a JSON document (checked
 * against the schema; every problem listed), the rendezvous signs it as the
 * next version and spreads it (RULES_TOPIC, RULES_PROTOCOL). A rendezvous
 * with no rule set publishes DEFAULT_RULES_JSON at start, since providers
 * refuse every connection until they hold one.
 */
export class RuleSets {
  private readonly components: RuleSetsComponents
  private readonly publisher: DocumentPublisher<RuleSetMeta>

  constructor (components: RuleSetsComponents) {
    this.components = components
    this.publisher = new DocumentPublisher(components, { bucket: RENDEZVOUS_BUCKETS.rules, topic: RULES_TOPIC, protocol: RULES_PROTOCOL, fetches: components.metrics.ruleSetFetches })
  }

  async start (): Promise<void> {
    await this.publisher.start()
    if (this.publisher.current() == null) await this.set(DEFAULT_RULES_JSON)
  }

  async stop (): Promise<void> {
    await this.publisher.stop()
  }

  /** Checks, signs and publishes `json` as the next version; throws InvalidRuleSetError listing every problem. */
  async set (json: string): Promise<RuleSetView> {
    parseRules(json)
    const version = await this.publisher.publish(async (version) => {
      const issuedAtMs = Date.now()
      return { signed: await signRuleSet(this.components.signingKey(), { version, issuedAtMs, json }), meta: { json, issuedAtMs } }
    })
    this.components.logger.info({ version }, 'published a rule set')
    return this.current() as RuleSetView
  }

  /** The current rule set. */
  current (): RuleSetView | undefined {
    const stored = this.publisher.current()
    if (stored == null) return undefined
    return {
      version: stored.version,
      hash: createHash('sha256').update(Buffer.from(stored.signed, 'base64')).digest('hex'),
      issuedAt: new Date(stored.meta.issuedAtMs).toISOString(),
      rules: JSON.parse(stored.meta.json)
    }
  }
}
