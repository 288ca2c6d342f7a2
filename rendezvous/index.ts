/**
 * @packageDocumentation
 *
 * The rendezvous server: bootstrap peer and DHT server of the mesh. It takes
 * part in the capability topic so that providers' records reach gateways, and
 * relays only records that verify. As the coordinator it keeps accounts and
 * issues credentials (`/peergrid/register/1.0.0`); later issues add rules,
 * receipts and the ledger here.
 *
 * This is rendezvous/'s public entry: the CLI composes it with a libp2p node
 * and nothing outside rendezvous/ imports its other files.
 *
 * @example
 *
 * ```TypeScript
 * const rendezvous = new Rendezvous({ libp2p, logger, registry, db, credentialKey })
 * const { account, enrollmentKey } = await rendezvous.accounts.create('customer')
 * await rendezvous.start()
 * ```
 */

import { TopicValidatorResult } from '@libp2p/gossipsub'
import {
  CAPABILITY_TOPIC,
  capabilityDropReason,
  openCapabilityGossip
} from '../protocols/capability/index.js'
import { credentialKeyId } from '../protocols/identity/index.js'
import { AccountRepository } from './identity/accounts.js'
import { ApiKeyServer } from './identity/api-key-server.js'
import { RegisterServer } from './identity/register-server.js'
import { Revocations } from './identity/revocations.js'
import { RuleSets } from './rules/rule-sets.js'
import { createRendezvousMetrics } from './metrics.js'
import type { CoordinatorDatabase } from './db/buckets.js'
import type { RegisterServerInit } from './identity/register-server.js'
import type { RendezvousMetrics } from './metrics.js'
import type { GossipSub, Message } from '@libp2p/gossipsub'
import type { Libp2p, PeerId, PrivateKey } from '@libp2p/interface'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'

/** What a rendezvous server runs on: a libp2p node in DHT server mode, with gossipsub. */
export interface RendezvousComponents {
  libp2p: Libp2p<{ pubsub?: GossipSub }>
  logger: Logger
  registry: Registry
  /** the coordinator's database (accounts) */
  db: CoordinatorDatabase
  /** the key credentials are signed with (not the node's identity key, so it can rotate) */
  credentialKey: PrivateKey
}

export type RendezvousInit = RegisterServerInit
export type { Account, CreatedAccount } from './identity/accounts.js'
export { registerRendezvousRoutes } from './api.js'
export type { AccountView, KeyRotation } from './api.js'
export type { RuleSetView } from './rules/rule-sets.js'

/** The rendezvous role. start()/stop() are idempotent. */
export class Rendezvous {
  readonly metrics: RendezvousMetrics
  readonly accounts: AccountRepository
  readonly revocations: Revocations
  readonly rules: RuleSets
  private signingKey: PrivateKey
  private readonly components: RendezvousComponents
  private readonly registerServer: RegisterServer
  private readonly apiKeyServer: ApiKeyServer
  private started = false

  private readonly validate = async (_from: PeerId, message: Message): Promise<TopicValidatorResult> => {
    try {
      await openCapabilityGossip(message)
      this.metrics.records.inc({ result: 'relayed' })
      return TopicValidatorResult.Accept
    } catch (err) {
      const reason = capabilityDropReason(err)
      this.metrics.records.inc({ result: reason })
      this.components.logger.debug({ reason }, 'dropped a gossiped capability record')
      return reason === 'expired' ? TopicValidatorResult.Ignore : TopicValidatorResult.Reject
    }
  }

  constructor (components: RendezvousComponents, init: RendezvousInit = {}) {
    this.components = components
    this.metrics = createRendezvousMetrics(components.registry)
    this.accounts = new AccountRepository(components.db)
    this.signingKey = components.credentialKey
    this.revocations = new Revocations({ ...components, signingKey: () => this.signingKey, accounts: this.accounts, metrics: this.metrics })
    this.rules = new RuleSets({ ...components, signingKey: () => this.signingKey, metrics: this.metrics })
    this.apiKeyServer = new ApiKeyServer({ libp2p: components.libp2p, accounts: this.accounts, metrics: this.metrics })
    this.registerServer = new RegisterServer({
      libp2p: components.libp2p,
      accounts: this.accounts,
      signingKey: () => this.signingKey,
      logger: components.logger,
      metrics: this.metrics
    }, init)
  }

  /** Id of the key credentials and revocation lists are signed with now: what nodes put in their trust list. */
  get credentialKeyId (): string {
    return credentialKeyId(this.signingKey)
  }

  /**
   * Signs with `key` from now on. Rotate without interruption: first add the
   * new key's id to every node's trust list (they trust both), then rotate,
   * then drop the old id once every credential signed by it has expired.
   */
  rotateCredentialKey (key: PrivateKey): void {
    this.signingKey = key
    this.components.logger.info({ credentialKeyId: this.credentialKeyId }, 'credential signing key rotated')
  }

  async start (): Promise<void> {
    if (this.started) return
    const pubsub = this.components.libp2p.services.pubsub
    if (pubsub != null) {
      pubsub.topicValidators.set(CAPABILITY_TOPIC, this.validate)
      pubsub.subscribe(CAPABILITY_TOPIC)
    }
    await this.registerServer.start()
    await this.revocations.start()
    await this.rules.start()
    await this.apiKeyServer.start()
    this.started = true
  }

  async stop (): Promise<void> {
    if (!this.started) return
    await this.apiKeyServer.stop()
    await this.rules.stop()
    await this.revocations.stop()
    await this.registerServer.stop()
    const pubsub = this.components.libp2p.services.pubsub
    if (pubsub != null) {
      pubsub.unsubscribe(CAPABILITY_TOPIC)
      pubsub.topicValidators.delete(CAPABILITY_TOPIC)
    }
    this.started = false
  }
}
