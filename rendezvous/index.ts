/**
 * @packageDocumentation
 *
 * The rendezvous server: bootstrap peer and DHT server of the mesh, and the
 * coordinator. It takes part in the capability topic so that providers'
 * records reach gateways, relaying only records that verify; it keeps
 * accounts, issues credentials (`/peergrid/register/1.0.0`), answers API key
 * checks (`/peergrid/apikey/1.0.0`) and signs, stores and spreads the
 * revocation list and the rule set (`documents/`). It settles exits'
 * receipts (`receipts/`) into the ledger (`ledger/`: customers' credit,
 * providers' earnings, the operator's fees) and pays providers (`payouts/`).
 *
 * This is rendezvous/'s public entry: the CLI adds `rendezvousServices()`
 * to a libp2p node and nothing outside rendezvous/ imports its other files.
 *
 * @example
 *
 * ```TypeScript
 * const libp2p = await createPeergridLibp2p({ ..., services: rendezvousServices({ db, credentialKey, logger, registry }) })
 * const { account, enrollmentKey } = await libp2p.services.rendezvous.accounts.create('customer')
 * ```
 */

import { TopicValidatorResult } from '@libp2p/gossipsub'
import { apiKeyServer } from '../protocols/apikey/index.js'
import { CAPABILITY_TOPIC, capabilityDropReason, openCapabilityGossip } from '../protocols/capability/index.js'
import { TopicSubscription, optionalComponent, verifySignature } from '../protocols/common/index.js'
import { credentialKeyId } from '../protocols/credential/index.js'
import { documentServer } from '../protocols/documents/index.js'
import { receiptServer } from '../protocols/receipts/index.js'
import { registerServer } from '../protocols/register/index.js'
import { statementServer } from '../protocols/statement/index.js'
import { REVOCATION_LIST_DOCUMENT } from '../protocols/revocations/index.js'
import { RULE_SET_DOCUMENT } from '../protocols/rules/index.js'
import { AccountRepository } from './identity/accounts.js'
import { Revocations } from './identity/revocations.js'
import { CreditControl } from './ledger/credit-control.js'
import { Ledger } from './ledger/ledger.js'
import { ReceiptBook } from './receipts/book.js'
import { VerifyPool } from './receipts/verify-pool.js'
import { FilePayoutAdapter } from './payouts/file-adapter.js'
import { PayoutConfigError } from './payouts/errors.js'
import { createPayoutMetrics } from './payouts/metrics.js'
import { Payouts } from './payouts/payouts.js'
import { PayoutSchedule } from './payouts/schedule.js'
import { WebhookPayoutAdapter } from './payouts/webhook-adapter.js'
import { createRendezvousMetrics, databaseGauge, ledgerBalanceGauge } from './metrics.js'
import { relayServices } from './relay/relay.js'
import { RuleSets } from './rules/rule-sets.js'
import { HeardProviders } from './providers.js'
import type { CoordinatorStore, StoreStatus } from './store/store.js'
import type { RendezvousMetrics } from './metrics.js'
import type { PayoutAdapter } from './payouts/payout.js'
import type { RelayServices, RendezvousRelayInit } from './relay/relay.js'
import type { ApiKeyServer, ApiKeyServerInit } from '../protocols/apikey/index.js'
import type { DocumentServer } from '../protocols/documents/index.js'
import type { ReceiptServer, ReceiptServerInit } from '../protocols/receipts/index.js'
import type { RegisterServer, RegisterServerInit } from '../protocols/register/index.js'
import type { StatementServer, StatementServerInit } from '../protocols/statement/index.js'
import type { GossipSub, Message } from '@libp2p/gossipsub'
import type { PeerId, PrivateKey, Startable } from '@libp2p/interface'
import type { Registrar } from '@libp2p/interface-internal'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'

export type { Account, CreatedAccount } from './identity/accounts.js'
export { registerRendezvousRoutes } from './api.js'
export type { AccountView, KeyRotation } from './api.js'
export type { RuleSetView } from './rules/rule-sets.js'
export type { Balance, LedgerCheck } from './ledger/ledger.js'
export { DEFAULT_OPERATOR_FEE_PPM } from './receipts/book.js'
export { DEFAULT_RELAY_MAX_BYTES, DEFAULT_RELAY_MAX_RESERVATIONS, DEFAULT_RELAY_MAX_SECONDS, DEFAULT_RELAY_RESERVATION_SECONDS, relayLimits } from './relay/relay.js'
export type { RendezvousRelayInit } from './relay/relay.js'
export { formatUnits, MICRO_UNITS_PER_UNIT } from './ledger/money.js'
export { creditTransaction, operatorFee, usageTransaction } from './ledger/postings.js'
export { customerAccount, OPERATOR_FEES, providerAccount } from './ledger/accounts.js'
export type { ReceiptResult } from './receipts/book.js'
export type { SessionState } from './receipts/settle.js'
export type { BookedTransaction } from './ledger/transactions.js'
export type { Payout, PayoutRun, PayoutState } from './payouts/payout.js'
export type { PayoutRunReport } from './payouts/payouts.js'
export type { PayoutDue } from './payouts/api.js'
export type { PayoutFile, PayoutFileLine } from './payouts/file-adapter.js'
export type { PayoutWebhookBody } from './payouts/webhook-adapter.js'
export { verifyPayoutFile } from './payouts/signed-file.js'
export { levelCoordinatorStore } from './store/level/index.js'
export type { CoordinatorStore, StoreStatus } from './store/store.js'
export type { MigrationReport, OpenPostgresStoreInit } from './store/postgres/index.js'
export { copyBooksToPostgres, migratePostgresDatabase, openPostgresCoordinatorStore } from './store/index.js'
export { redactDatabaseUrl } from './store/database-url.js'
export type { CopyReport } from './store/copy.js'
export { InvalidDatabaseUrlError, SchemaVersionError, StoreUnavailableError } from './store/errors.js'
export { webhookSignature } from './payouts/webhook-adapter.js'
export { InvalidPayoutFileError, PayoutConfigError, PayoutRunInProgressError } from './payouts/errors.js'
export { DEFAULT_PAYOUT_EVERY_SECONDS, DEFAULT_PAYOUT_HOLD_SECONDS, DEFAULT_PAYOUT_THRESHOLD_MICROS, WEBHOOK_HEADERS } from './payouts/constants.js'

/** How the rendezvous pays providers. */
export interface RendezvousPayoutsInit {
  /** a provider is paid once its payable earnings reach this (default DEFAULT_PAYOUT_THRESHOLD_MICROS) */
  thresholdMicros?: number
  /** earnings booked within this many ms are held back (default DEFAULT_PAYOUT_HOLD_SECONDS) */
  holdMs?: number
  /** a payout run this often, counted from the last (0 or absent: only when asked) */
  everyMs?: number
  /** the payout file adapter's directory */
  dir?: string
  /** the webhook adapter (instead of files): the receiver and the shared HMAC secret */
  webhook?: { url: string, secret: Uint8Array | string, attempts?: number, backoffMs?: number, timeoutMs?: number }
}

/** What a rendezvous server runs on. */
export interface RendezvousComponents {
  /** absent when the node takes no part in gossip */
  pubsub?: Pick<GossipSub, 'topicValidators' | 'subscribe' | 'unsubscribe'>
  logger: Logger
  registry: Registry
  /** the coordinator's books (LevelDB or PostgreSQL) */
  store: CoordinatorStore
  /** the key credentials are signed with (not the node's identity key, so it can rotate) */
  credentialKey: PrivateKey
  /** the operator's share of what customers pay, parts per million (default DEFAULT_OPERATOR_FEE_PPM) */
  operatorFeePpm?: number
  /** how providers are paid (absent: payouts refuse to run) */
  payouts?: RendezvousPayoutsInit
  /** worker threads checking receipt signatures (default: one per core) */
  verifyWorkers?: number
  /** the document servers new versions are spread by (looked up when one is published) */
  revocationServer(): DocumentServer
  rulesServer(): DocumentServer
}

/** The rendezvous role on a libp2p node (a service of it). start()/stop() are idempotent. */
export class Rendezvous implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/rendezvous'
  readonly metrics: RendezvousMetrics
  readonly accounts: AccountRepository
  readonly revocations: Revocations
  readonly rules: RuleSets
  readonly ledger: Ledger
  readonly receipts: ReceiptBook
  readonly credit: CreditControl
  readonly payouts: Payouts
  private readonly schedule?: PayoutSchedule
  /** receipt signatures are checked on worker threads while the rendezvous runs (started with the first receipts) */
  private verifyPool?: VerifyPool
  private signingKey: PrivateKey
  private readonly previousKeyIds = new Set<string>()
  private readonly components: RendezvousComponents
  private readonly capabilities: TopicSubscription
  private started = false
  private unsubscribeStore?: () => void
  /** the providers whose records it relayed: the operator's view of the network */
  readonly providers = new HeardProviders()

  private readonly validate = async (_from: PeerId, message: Message): Promise<TopicValidatorResult> => {
    try {
      this.providers.heard(await openCapabilityGossip(message))
      this.metrics.records.inc({ result: 'relayed' })
      return TopicValidatorResult.Accept
    } catch (err) {
      const reason = capabilityDropReason(err)
      this.metrics.records.inc({ result: reason })
      this.components.logger.debug({ reason }, 'dropped a gossiped capability record')
      return reason === 'expired' ? TopicValidatorResult.Ignore : TopicValidatorResult.Reject
    }
  }

  constructor (components: RendezvousComponents) {
    this.components = components
    this.capabilities = new TopicSubscription(components.pubsub, CAPABILITY_TOPIC, this.validate)
    this.metrics = createRendezvousMetrics(components.registry)
    this.accounts = new AccountRepository(components.store)
    this.ledger = new Ledger(components.store)
    this.receipts = new ReceiptBook({
      ledger: this.ledger,
      trustedKeys: () => this.trustedKeyIds(),
      metrics: this.metrics,
      onBooked: async (paying) => { await this.credit.afterUsage(paying) },
      verifySignature: async (key, data, signature) => {
        // the worker threads start with the first receipts, not with the rendezvous (start-up is a measured goal)
        if (!this.started) return verifySignature(key, data, signature)
        this.verifyPool ??= new VerifyPool({ workers: components.verifyWorkers, logger: components.logger })
        return this.verifyPool.verify(key, data, signature)
      }
    }, { feePpm: components.operatorFeePpm })
    ledgerBalanceGauge(components.registry, async () => this.ledger.balances())
    databaseGauge(components.registry, () => components.store.status())
    this.signingKey = components.credentialKey
    const signingKey = (): PrivateKey => this.signingKey
    this.revocations = new Revocations({ ...components, accounts: this.accounts, signingKey, gossip: components.revocationServer })
    this.rules = new RuleSets({ ...components, signingKey, gossip: components.rulesServer })
    this.credit = new CreditControl({ ledger: this.ledger, list: this.revocations, logger: components.logger })
    const payoutAdapter = this.payoutAdapter(components.payouts)
    const payoutLogger = components.logger.child({ component: 'peergrid:rendezvous:payouts' })
    this.payouts = new Payouts({
      ledger: this.ledger,
      adapter: () => {
        if (payoutAdapter == null) throw new PayoutConfigError('no payout adapter: give the rendezvous --payout-dir or --payout-webhook')
        return payoutAdapter
      },
      metrics: createPayoutMetrics(components.registry),
      logger: payoutLogger
    }, components.payouts)
    const everyMs = components.payouts?.everyMs ?? 0
    if (everyMs > 0 && payoutAdapter != null) this.schedule = new PayoutSchedule({ store: components.store, payouts: this.payouts, logger: payoutLogger }, everyMs)
  }

  private payoutAdapter (init: RendezvousPayoutsInit | undefined): PayoutAdapter | undefined {
    if (init?.webhook != null) return new WebhookPayoutAdapter(init.webhook)
    if (init?.dir != null) return new FilePayoutAdapter({ dir: init.dir, signingKey: () => this.signingKey, keyId: () => this.credentialKeyId })
    return undefined
  }

  /** Id of the key credentials and revocation lists are signed with now: what nodes put in their trust list. */
  get credentialKeyId (): string {
    return credentialKeyId(this.signingKey)
  }

  /** Ids of the keys whose credentials the rendezvous's own books accept: the current one and those rotated away since start. */
  trustedKeyIds (): ReadonlySet<string> {
    return new Set([this.credentialKeyId, ...this.previousKeyIds])
  }

  /** The key credentials are signed with now (the register server's authority hook). */
  currentSigningKey (): PrivateKey {
    return this.signingKey
  }

  /**
   * Signs with `key` from now on. Rotate without interruption: first add the
   * new key's id to every node's trust list (they trust both), then rotate,
   * then drop the old id once every credential signed by it has expired.
   */
  rotateCredentialKey (key: PrivateKey): void {
    this.previousKeyIds.add(this.credentialKeyId)
    this.signingKey = key
    this.components.logger.info({ credentialKeyId: this.credentialKeyId }, 'credential signing key rotated')
  }

  /** What the coordinator's database is doing (/api/status, metrics). */
  databaseStatus (): StoreStatus {
    return this.components.store.status()
  }

  /**
   * Reads the books before any protocol answers from them. A database that
   * cannot be reached does not stop the rendezvous: the books are read when
   * the store reaches it again (it says so as a document change).
   */
  async beforeStart (): Promise<void> {
    this.unsubscribeStore ??= this.components.store.onDocumentChange(kind => {
      // a rendezvous that started without its database publishes the default rule set once it is back, if nobody has one
      if (kind === 'rules' && this.started && this.rules.book.current() == null) this.ensureRules()
    })
    await Promise.all([this.revocations.book.load(), this.rules.book.load()].map(async loading => loading.catch(this.unlessUnavailable('cannot read the signed documents yet'))))
  }

  private ensureRules (): void {
    this.rules.ensureOne().catch(this.unlessUnavailable('cannot publish the default rule set yet')).catch((err: Error) => {
      this.components.logger.error({ err: err.message }, 'cannot publish the default rule set')
    })
  }

  /** A catch that logs StoreUnavailableError (the store retries by itself) and rethrows anything else. */
  private unlessUnavailable (what: string): (err: Error) => void {
    return (err) => {
      if (err.name !== 'StoreUnavailableError') throw err
      this.components.logger.warn({ err: err.message }, `${what}: the coordinator's database cannot be reached`)
    }
  }

  async start (): Promise<void> {
    if (this.started) return
    this.started = true
    await this.schedule?.start()
  }

  /**
   * Once gossipsub runs: relays the capability topic (verified records only),
   * and a new rendezvous publishes the default rule set, so that providers can serve.
   */
  async afterStart (): Promise<void> {
    if (!this.started) return
    this.capabilities.subscribe()
    await this.rules.ensureOne().catch(this.unlessUnavailable('cannot publish the default rule set yet'))
  }

  beforeStop (): void {
    this.capabilities.unsubscribe()
  }

  async stop (): Promise<void> {
    if (!this.started) return
    this.started = false
    this.capabilities.unsubscribe()
    this.unsubscribeStore?.()
    this.unsubscribeStore = undefined
    this.revocations.book.close()
    this.rules.book.close()
    await this.schedule?.stop()
    await this.verifyPool?.close()
    this.verifyPool = undefined
  }
}

/** What the rendezvous's services are built from. */
export interface RendezvousServicesInit {
  /** the coordinator's books: `levelCoordinatorStore(db)`, or `openPostgresStore(...)` for several rendezvous on one database */
  store: CoordinatorStore
  credentialKey: PrivateKey
  logger: Logger
  registry: Registry
  /** the operator's share of what customers pay, parts per million (default DEFAULT_OPERATOR_FEE_PPM) */
  operatorFeePpm?: number
  /** how providers are paid */
  payouts?: RendezvousPayoutsInit
  /** the relay for nodes behind NATs (default: on, signalling only) */
  relay?: RendezvousRelayInit
  /** options of its protocol services (timeouts, the registration server's credential lifetime and clock) */
  protocols?: { registerServer?: RegisterServerInit, apiKeyServer?: ApiKeyServerInit, documents?: { timeoutMs?: number }, receiptServer?: ReceiptServerInit, statementServer?: StatementServerInit }
}

/** The libp2p components the rendezvous's services read. */
interface Components extends Record<string, unknown> {
  registrar: Registrar
  rendezvous: Rendezvous
  revocationServer: DocumentServer
  rulesServer: DocumentServer
}

/** The rendezvous's services, in the order libp2p builds them: the role, then the protocols it answers. */
export interface RendezvousServices extends RelayServices {
  rendezvous: Rendezvous
  registerServer: RegisterServer
  apiKeyServer: ApiKeyServer
  receiptServer: ReceiptServer
  statementServer: StatementServer
  revocationServer: DocumentServer
  rulesServer: DocumentServer
}

/** The service factories of a rendezvous node, for the libp2p services map. */
export function rendezvousServices (init: RendezvousServicesInit): { [K in keyof RendezvousServices]: (components: any) => RendezvousServices[K] } {
  const { logger, registry } = init
  return {
    rendezvous: (c: Components) => new Rendezvous({
      pubsub: optionalComponent(c, 'pubsub'),
      logger,
      registry,
      store: init.store,
      credentialKey: init.credentialKey,
      operatorFeePpm: init.operatorFeePpm,
      payouts: init.payouts,
      revocationServer: () => c.revocationServer,
      rulesServer: () => c.rulesServer
    }),
    registerServer: (c: Components) => registerServer(init.protocols?.registerServer)({
      registrar: c.registrar,
      registry,
      logger,
      authority: {
        findByEnrollmentKey: async (key) => c.rendezvous.accounts.findByEnrollmentKey(key),
        signingKey: () => c.rendezvous.currentSigningKey()
      }
    }),
    apiKeyServer: (c: Components) => apiKeyServer(init.protocols?.apiKeyServer)({ registrar: c.registrar, registry, apiKeys: c.rendezvous.accounts }),
    receiptServer: (c: Components) => receiptServer(init.protocols?.receiptServer)({ registrar: c.registrar, registry, logger, receipts: c.rendezvous.receipts }),
    statementServer: (c: Components) => statementServer(init.protocols?.statementServer)({ registrar: c.registrar, registry, logger, statements: c.rendezvous.receipts }),
    revocationServer: (c: Components) => documentServer({ ...init.protocols?.documents, kind: REVOCATION_LIST_DOCUMENT })({
      registrar: c.registrar, pubsub: optionalComponent(c, 'pubsub'), registry, logger, documents: c.rendezvous.revocations.book
    }),
    rulesServer: (c: Components) => documentServer({ ...init.protocols?.documents, kind: RULE_SET_DOCUMENT })({
      registrar: c.registrar, pubsub: optionalComponent(c, 'pubsub'), registry, logger, documents: c.rendezvous.rules.book
    }),
    ...relayServices(init.relay ?? {}, logger, registry)
  }
}
