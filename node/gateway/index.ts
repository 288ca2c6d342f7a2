/**
 * @packageDocumentation
 *
 * The gateway role: keeps a table of live providers from gossip and the DHT,
 * and routes customers' proxy connections to them (`router`; the SOCKS5 and
 * HTTP CONNECT fronts are started with `listenProxyFronts()`). It runs on the
 * node's protocol services: `capabilityClient` for DHT-found records,
 * `proxyClient` for tunnels, `apiKeys` for a hosted gateway's logins.
 *
 * @example
 *
 * ```TypeScript
 * const services = { gateway: (c) => new Gateway({ ...c, logger, registry }, { hosted: false }) }
 * const inGermany = await libp2p.services.gateway.findProviders({ service: 'proxy', country: 'DE' })
 * const fronts = await listenProxyFronts(libp2p.services.gateway.router, { socksPort: 1080, httpProxyPort: 3128 }, logger)
 * ```
 */

import { setMaxListeners } from 'node:events'
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { raceSignal } from 'race-signal'
import { TopicSubscription } from '../../protocols/common/index.js'
import {
  CAPABILITY_TOPIC,
  SERVICE_NAMES,
  capabilityDropReason,
  openCapabilityGossip,
  recordAddrs
} from '../../protocols/capability/index.js'
import { componentLogger } from '../logger.js'
import {
  DEFAULT_DHT_REFRESH_INTERVAL_MS,
  LOOKUP_COOLDOWN_MS,
  TABLE_SWEEP_INTERVAL_MS,
  WORKFLOW_RESUME_WAIT_MS
} from './constants.js'
import { DhtDiscovery } from './dht-discovery.js'
import { GatewayMeter } from './metering.js'
import { UsageHistory } from './usage-history.js'
import { JobDispatcher } from './jobs/dispatcher.js'
import { JobPayer } from './jobs/payment.js'
import { WorkflowService } from './workflows/service.js'
import { createGatewayMetrics } from './metrics.js'
import { ProviderTable } from './provider-table.js'
import { createProxyMetrics } from './proxy/metrics.js'
import { ProxyRouter } from './proxy/router.js'
import type { ProviderPaths } from './paths.js'
import type { GatewayMeterInit } from './metering.js'
import type { JobClient } from '../../protocols/job/index.js'
import type { ProxyRouterInit } from './proxy/router.js'
import type { ApiKeyClient } from '../../protocols/apikey/index.js'
import type { CapabilityClient, ServiceName } from '../../protocols/capability/index.js'
import type { MeterClient } from '../../protocols/meter/index.js'
import type { ProxyClient } from '../../protocols/proxy/index.js'
import type { GatewayMetrics } from './metrics.js'
import type { ProviderEntry, ProviderFilter } from './provider-table.js'
import type { Logger } from '../logger.js'
import type { GossipSub, Message } from '@libp2p/gossipsub'
import type { AbortOptions, PeerId, PeerStore, PrivateKey, Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { WorkflowRepository } from './workflows/store.js'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Registry } from 'prom-client'

export type { ProviderEntry, ProviderFilter }
export { listenProxyFronts } from './proxy/fronts.js'
export type { ProxyFronts, ProxyFrontsInit } from './proxy/fronts.js'

/** Options of the gateway role. */
export interface GatewayInit {
  /** most providers kept (default DEFAULT_MAX_PROVIDERS) */
  maxProviders?: number
  /** look up every service on the DHT at start and then this often (default DEFAULT_DHT_REFRESH_INTERVAL_MS; 0 turns the refresh off) */
  dhtRefreshIntervalMs?: number
  /** how customer connections are routed */
  proxy?: ProxyRouterInit
  /** serve many customers, each logging in to the proxy with an API key the rendezvous issued */
  hosted?: boolean
  /** how often metered sessions are receipted; false signs none (a metering exit then serves the gateway only up to its unreceipted bound: for tests of that bound) */
  metering?: GatewayMeterInit | false
}

/** What a gateway runs on. */
export interface GatewayComponents {
  peerId: PeerId
  peerStore: Pick<PeerStore, 'merge'>
  connectionManager: Pick<ConnectionManager, 'getConnections'>
  dht: Pick<KadDHT, 'findProviders'>
  /** absent when the node takes no part in gossip */
  pubsub?: Pick<GossipSub, 'topicValidators' | 'subscribe' | 'unsubscribe'>
  capabilityClient: Pick<CapabilityClient, 'fetch'>
  proxyClient: Pick<ProxyClient, 'open' | 'openEarly'>
  /** a hosted gateway's API key checks (the fronts' login) */
  apiKeys?: Pick<ApiKeyClient, 'verify'>
  /** how providers are reached; providers it cannot carry data to are left out of every choice */
  paths?: Pick<ProviderPaths, 'usable' | 'pathOf' | 'suspect' | 'closedAsDead'>
  /** the gateway's current credential, which providers require on every proxy stream */
  credentials?: { current(): { bytes: Uint8Array, account: string } | undefined }
  /** has metering exits counter-sign the gateway's receipts (absent: nothing is metered) */
  meterClient?: Pick<MeterClient, 'countersign'>
  /** sends jobs to providers (absent: the gateway runs no jobs) */
  jobClient?: Pick<JobClient, 'submit'>
  /** the node's key, to sign receipts with */
  privateKey?: PrivateKey
  /** where workflow runs are kept (absent: the gateway runs no workflows) */
  workflows?: WorkflowRepository
  logger: Logger
  registry: Registry
}

/** The gateway role on a libp2p node (a service of it). start()/stop() are idempotent. */
export class Gateway implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/gateway'
  readonly table: ProviderTable
  readonly metrics: GatewayMetrics
  /** routes customers' proxy connections to providers */
  readonly router: ProxyRouter
  /** a hosted gateway's API key checks (the fronts' login) */
  readonly apiKeys?: Pick<ApiKeyClient, 'verify'>
  /** receipts of the sessions metering exits opened */
  readonly meter?: GatewayMeter
  /** the metered totals over time, for the dashboard (with the meter) */
  readonly usage?: UsageHistory
  /** customers' jobs, sent to providers that offer compute */
  readonly jobs?: JobDispatcher
  /** signs receipts for what providers bill for jobs (absent when the gateway does not meter) */
  readonly jobPayer?: JobPayer
  /** workflows: jobs on providers and fetches through the mesh, resumed after a restart */
  readonly workflows?: WorkflowService
  private readonly components: GatewayComponents

  /** Whether the gateway holds a credential to present to providers. */
  get hasCredential (): boolean {
    return this.components.credentials?.current() != null
  }

  private readonly init: GatewayInit
  private readonly log: Logger
  private readonly dht: DhtDiscovery
  private readonly capabilities: TopicSubscription
  private readonly lastLookup = new Map<string, number>()
  private shutdown?: AbortController
  private sweepTimer?: ReturnType<typeof setInterval>
  private refreshTimer?: ReturnType<typeof setTimeout>
  private refreshing?: Promise<void>

  private readonly validate = async (_from: PeerId, message: Message): Promise<TopicValidatorResult> => {
    try {
      const verified = await openCapabilityGossip(message)
      const result = this.table.offer(verified, 'gossip')
      this.metrics.records.inc({ source: 'gossip', result })
      this.metrics.providers.set(this.table.size)
      if (result === 'accepted') {
        // the record's signed addresses let the first proxy open dial at once instead of looking the peer up
        this.components.peerStore.merge(verified.peerId, { multiaddrs: recordAddrs(verified.record) })
          .catch(err => { this.log.debug({ err: err.message }, 'cannot store a provider\'s addresses') })
      }
      return result === 'accepted' ? TopicValidatorResult.Accept : TopicValidatorResult.Ignore
    } catch (err) {
      const reason = capabilityDropReason(err)
      this.metrics.records.inc({ source: 'gossip', result: reason })
      this.log.debug({ reason }, 'dropped a gossiped capability record')
      return reason === 'expired' ? TopicValidatorResult.Ignore : TopicValidatorResult.Reject
    }
  }

  constructor (components: GatewayComponents, init: GatewayInit = {}) {
    this.components = components
    this.init = init
    this.log = componentLogger(components.logger, 'gateway')
    this.metrics = createGatewayMetrics(components.registry)
    this.table = new ProviderTable({ maxEntries: init.maxProviders })
    this.capabilities = new TopicSubscription(components.pubsub, CAPABILITY_TOPIC, this.validate)
    this.dht = new DhtDiscovery({
      ...components,
      table: this.table,
      logger: componentLogger(components.logger, 'gateway:dht'),
      metrics: this.metrics
    })
    const apiKeys = init.hosted === true ? components.apiKeys : undefined
    this.apiKeys = apiKeys
    const { meterClient, privateKey, credentials } = components
    if (meterClient != null && privateKey != null && credentials != null && init.metering !== false) {
      this.meter = new GatewayMeter({
        peerId: components.peerId,
        privateKey,
        credential: () => credentials.current(),
        meterClient,
        metrics: this.metrics,
        logger: componentLogger(components.logger, 'gateway:metering')
      }, init.metering)
      const meter = this.meter
      this.usage = new UsageHistory(() => meter.summary())
    }
    if (privateKey != null && credentials != null && init.metering !== false) {
      this.jobPayer = new JobPayer({ peerId: components.peerId, privateKey, credential: () => credentials.current(), onPaid: (amount) => { this.meter?.jobPaid(amount) } })
    }
    if (components.jobClient != null) {
      this.jobs = new JobDispatcher({
        jobClient: components.jobClient,
        findProviders: async (filter, options) => this.findProviders(filter, options),
        credential: () => components.credentials?.current()?.bytes,
        payer: this.jobPayer,
        logger: componentLogger(components.logger, 'gateway:jobs')
      })
    }
    this.router = new ProxyRouter({
      proxyClient: components.proxyClient,
      connectionManager: components.connectionManager,
      logger: componentLogger(components.logger, 'gateway:proxy'),
      metrics: createProxyMetrics(components.registry),
      findProviders: async (filter, options) => this.findProviders(filter, options),
      forgetProvider: (peerId) => {
        this.table.remove(peerId)
        this.metrics.providers.set(this.table.size)
      },
      suspectPath: (peerId) => { components.paths?.suspect(peerId) },
      closedAsDead: (peerId) => components.paths?.closedAsDead(peerId) === true,
      credential: () => components.credentials?.current()?.bytes,
      meter: this.meter,
      ...(apiKeys != null ? { accountOf: async (request) => apiKeys.verify(request.password ?? '') } : {})
    }, init.proxy)
    if (components.workflows != null) {
      this.workflows = new WorkflowService({
        repository: components.workflows,
        jobs: this.jobs,
        openTunnel: async (request, options) => this.router.connect(request, options),
        ready: async () => this.knowProviders(WORKFLOW_RESUME_WAIT_MS),
        logger: componentLogger(components.logger, 'gateway:workflows')
      })
    }
  }

  async start (): Promise<void> {
    if (this.shutdown != null) return
    this.shutdown = new AbortController()
    // every lookup made for a customer connection listens for shutdown
    setMaxListeners(Infinity, this.shutdown.signal)
    this.sweepTimer = setInterval(() => {
      this.table.sweep()
      this.metrics.providers.set(this.table.size)
    }, TABLE_SWEEP_INTERVAL_MS)
    this.sweepTimer.unref()
    this.router.start()
    this.usage?.start()
  }

  /** Once gossipsub and the DHT run: listens for records and looks every service up. */
  afterStart (): void {
    if (this.shutdown == null || this.refreshTimer != null) return
    this.capabilities.subscribe()
    this.scheduleRefresh(0)
    // runs the gateway had not finished go on once it knows providers again
    this.workflows?.start().catch((err: any) => { this.log.warn({ err: err.message }, 'cannot resume workflow runs') })
  }

  beforeStop (): void {
    this.capabilities.unsubscribe()
  }

  async stop (): Promise<void> {
    if (this.shutdown == null) return
    await this.workflows?.stop()
    this.shutdown.abort()
    this.shutdown = undefined
    this.router.stop()
    this.usage?.stop()
    clearInterval(this.sweepTimer)
    clearTimeout(this.refreshTimer)
    this.refreshTimer = undefined
    this.capabilities.unsubscribe()
    await this.refreshing
  }

  /** Resolves when the table holds a provider, or after `timeoutMs`. */
  private async knowProviders (timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs
    while (this.table.size === 0 && Date.now() < until && this.shutdown != null) await new Promise(resolve => setTimeout(resolve, 100))
  }

  /** How providers are reached (absent on the memory transport's gateways in simulations). */
  get paths (): Pick<ProviderPaths, 'usable' | 'pathOf'> | undefined {
    return this.components.paths
  }

  /** Live providers matching the filter (in no particular order), from the table; when it has none, from a DHT lookup. */
  async findProviders (filter: ProviderFilter = {}, options: AbortOptions = {}): Promise<ProviderEntry[]> {
    const known = this.reachable(this.table.matching(filter))
    if (known.length > 0) return known
    const services = filter.service != null ? SERVICE_NAMES.filter(name => name === filter.service) : SERVICE_NAMES
    await Promise.all(services.map(async service => this.lookup(service, filter.country, options)))
    return this.reachable(this.table.matching(filter))
  }

  /**
   * The entries worth an open: serving now by their record (their owner's
   * controls), and reachable with data (see ProviderPaths.usable; the others
   * are logged with the reason).
   */
  private reachable (entries: ProviderEntry[]): ProviderEntry[] {
    const paths = this.components.paths
    return entries.filter(entry => entry.record.serving?.serving !== false && (paths == null || paths.usable(entry.peerId, entry.record).ok))
  }

  /** Looks providers up on the DHT unless the same key was looked up within LOOKUP_COOLDOWN_MS. */
  async lookup (service: ServiceName, country?: string, options: AbortOptions = {}): Promise<number> {
    const key = `${service}/${country ?? ''}`
    const last = this.lastLookup.get(key) ?? 0
    if (Date.now() - last < LOOKUP_COOLDOWN_MS) return 0
    this.lastLookup.set(key, Date.now())
    const signal = AbortSignal.any([this.shutdown?.signal ?? AbortSignal.abort(), ...(options.signal != null ? [options.signal] : [])])
    // raced: kad-dht may finish a slow query before it notices the abort, and stop() must not wait for that
    const accepted = await raceSignal(this.dht.lookup(service, country, { signal }), signal)
    this.metrics.providers.set(this.table.size)
    return accepted
  }

  private scheduleRefresh (delayMs: number): void {
    if (this.shutdown == null || this.init.dhtRefreshIntervalMs === 0) return
    this.refreshTimer = setTimeout(() => {
      this.refreshing = Promise.all(SERVICE_NAMES.map(async service => this.lookup(service)))
        .then(() => {}, err => { this.log.debug({ err: err.message }, 'DHT refresh failed') })
        .finally(() => { this.scheduleRefresh(this.init.dhtRefreshIntervalMs ?? DEFAULT_DHT_REFRESH_INTERVAL_MS) })
    }, delayMs)
  }
}
