import { generateKeyPair } from '@libp2p/crypto/keys'
import { apiKeyClient } from '../../protocols/apikey/index.js'
import { optionalComponent } from '../../protocols/common/index.js'
import { capabilityClient, capabilityServer } from '../../protocols/capability/index.js'
import { documentWatcher } from '../../protocols/documents/index.js'
import { proxyClient, proxyServer } from '../../protocols/proxy/index.js'
import { meterClient, meterServer } from '../../protocols/meter/index.js'
import { receiptSubmitter } from '../../protocols/receipts/index.js'
import { statementClient } from '../../protocols/statement/index.js'
import { jobClient, jobServer } from '../../protocols/job/index.js'
import { registerClient } from '../../protocols/register/index.js'
import { revocationListDocument } from '../../protocols/revocations/index.js'
import { ruleSetDocument } from '../../protocols/rules/index.js'
import { levelCoordinatorStore, rendezvousServices } from '../../rendezvous/index.js'
import { fileStore } from '../db/file-store.js'
import { SequenceRepository } from '../db/sequence-repository.js'
import { ReceiptOutboxRepository } from '../db/receipt-outbox.js'
import { TransparencyRepository } from '../db/transparency-repository.js'
import { OwnerRepository } from '../db/owner-repository.js'
import { WorkflowRepository } from '../gateway/workflows/store.js'
import { Gateway } from '../gateway/index.js'
import { ProviderPaths } from '../gateway/paths.js'
import { Bootstrapper } from '../libp2p/bootstrap.js'
import { reachability } from '../libp2p/reachability.js'
import { puncher } from '../../protocols/punch/index.js'
import { RENDEZVOUS_MAX_CONNECTIONS } from '../libp2p/constants.js'
import { createPeergridLibp2p, inProcess } from '../libp2p/create-libp2p.js'
import { componentLogger } from '../logger.js'
import { Provider } from '../provider/index.js'
import type { Reachability, ReachabilityInit } from '../libp2p/reachability.js'
import type { CoordinatorStore, RendezvousPayoutsInit, RendezvousRelayInit } from '../../rendezvous/index.js'
import type { PuncherInit } from '../../protocols/punch/index.js'
import type { DocumentWatcherComponents } from '../../protocols/documents/index.js'
import type { NodeDatabase } from '../db/open.js'
import type { GatewayInit } from '../gateway/index.js'
import type { NodeTransport, PeergridLibp2p, PeergridLibp2pInit } from '../libp2p/create-libp2p.js'
import type { RoleServices } from '../libp2p/role-services.js'
import type { Logger } from '../logger.js'
import type { ProviderInit } from '../provider/index.js'
import type { ApiKeyClientInit, ApiKeyServerInit } from '../../protocols/apikey/index.js'
import type { CapabilityClientInit, CapabilityServerInit } from '../../protocols/capability/index.js'
import type { ProxyClientInit, ProxyServerInit } from '../../protocols/proxy/index.js'
import type { MeterClientInit, MeterServerInit } from '../../protocols/meter/index.js'
import type { ReceiptServerInit, ReceiptSubmitterInit } from '../../protocols/receipts/index.js'
import type { StatementClientInit } from '../../protocols/statement/index.js'
import type { JobClientInit, JobServerInit } from '../../protocols/job/index.js'
import type { RegisterClientInit, RegisterServerInit } from '../../protocols/register/index.js'
import type { PrivateKey } from '@libp2p/interface'
import type { Registry } from 'prom-client'

/** The roles a node can take. */
export type Role = 'rendezvous' | 'provider' | 'gateway'

/** How a provider or gateway gets and keeps its credential. */
export interface IdentityInit {
  /** the account's enrollment key (`--enroll`) */
  enrollmentKey: string
  /** ids of the rendezvous signing keys this node trusts (`--trust`) */
  trustedKeys: ReadonlySet<string>
  /** the data dir file that keeps the credential (default: memory only) */
  path?: string
}

/**
 * Options of the node's protocol services (timeouts, intervals, clocks), by
 * service; each falls back to its protocol's DEFAULT_* constants. Tests
 * shrink timeouts here instead of waiting out real seconds.
 */
export interface ProtocolInits {
  capabilityServer?: CapabilityServerInit
  capabilityClient?: CapabilityClientInit
  proxyServer?: ProxyServerInit
  proxyClient?: ProxyClientInit
  registerServer?: RegisterServerInit
  registerClient?: Pick<RegisterClientInit, 'timeoutMs' | 'retryMs'>
  apiKeyServer?: ApiKeyServerInit
  apiKeyClient?: ApiKeyClientInit
  /** the document watchers and servers (revocation list, rule set) */
  documents?: { timeoutMs?: number, refreshIntervalMs?: number }
  receiptServer?: ReceiptServerInit
  receiptSubmitter?: ReceiptSubmitterInit
  statementClient?: StatementClientInit
  jobServer?: JobServerInit
  jobClient?: JobClientInit
  meterServer?: MeterServerInit
  meterClient?: MeterClientInit
  reachability?: ReachabilityInit
  puncher?: PuncherInit
}

/** Everything a node of one role needs to start. */
export interface StartNodeInit {
  role: Role
  privateKey: PrivateKey
  /** the node's database (providers keep their record seq and transparency log in it, a rendezvous its books) */
  db: NodeDatabase
  /** a rendezvous's books when they are not in `db` (PostgreSQL, shared by several rendezvous) */
  coordinatorStore?: CoordinatorStore
  listen: string[]
  announce?: string[]
  transport?: NodeTransport
  /** counts gossipsub's messages (the simulator's tracestat figures) */
  gossipMetrics?: PeergridLibp2pInit['gossipMetrics']
  privateNetwork?: boolean
  gossip?: boolean
  /** providers and gateways: have the home router forward the listening port (UPnP IGD, NAT-PMP) */
  upnp?: boolean
  maxConnections?: number
  /** multiaddrs of rendezvous servers, each with /p2p/<id> */
  bootstrap?: string[]
  logger: Logger
  registry: Registry
  /** also collect libp2p's own metrics (costs CPU; only when --metrics is on) */
  libp2pMetrics?: boolean
  /** register at the rendezvous and keep a credential (providers and gateways) */
  identity?: IdentityInit
  /** where a provider keeps the newest revocation list (default: memory only) */
  revocationsPath?: string
  /** where a provider or gateway keeps the newest rule set (default: memory only) */
  rulesPath?: string
  /** the rendezvous's credential signing key (default: a fresh key for this run, as tests want) */
  credentialKey?: PrivateKey
  /** the rendezvous operator's share of what customers pay, parts per million */
  operatorFeePpm?: number
  /** how the rendezvous pays providers */
  payouts?: RendezvousPayoutsInit
  /** the rendezvous's relay for nodes behind NATs (default: on, signalling only) */
  relay?: RendezvousRelayInit
  /** options of the protocol services */
  protocols?: ProtocolInits
  /** required for the provider role */
  provider?: ProviderInit
  gateway?: GatewayInit
}

/** A started node of one role. */
export interface RunningNode {
  role: Role
  libp2p: PeergridLibp2p
  bootstrapper: RoleServices['rendezvousPeers']
  provider?: Provider
  gateway?: Gateway
  rendezvous?: RoleServices['rendezvous']
  /** providers and gateways on TCP: whether the node can be dialled, and its relays */
  reachability?: RoleServices['reachability']
  /** this node's credential, when it registers (`identity`) */
  credentials?: RoleServices['credentials']
  /** a provider's copy of the revocation list, when its exit trusts a rendezvous key */
  revocations?: RoleServices['revocations']
  /** the network rule set, on exits and on gateways that trust a rendezvous key */
  rules?: RoleServices['rules']
  /** stops libp2p and with it every service; idempotent */
  stop(): Promise<void>
}

type ServiceFactories = Record<string, (components: any) => unknown>

/**
 * Assembles a node: the mesh (libp2p, DHT, gossipsub) plus the services of
 * its role, each a libp2p service in one map, built in order so that each
 * finds the ones before it; libp2p starts and stops them all.
 */
export async function startNode (init: StartNodeInit): Promise<RunningNode> {
  const { role } = init
  if (role === 'provider' && init.provider == null) throw new Error('The provider role needs provider settings')
  const services: ServiceFactories = {
    rendezvousPeers: (c) => new Bootstrapper({ peerId: c.peerId, connectionManager: c.connectionManager, events: c.events, logger: componentLogger(init.logger, 'bootstrap') }, init.bootstrap ?? []),
    ...(role !== 'rendezvous' && !inProcess(init.transport) ? reachServices(init) : {}),
    ...identityServices(init),
    ...(role === 'provider' ? providerServices(init) : {}),
    ...(role === 'gateway' ? gatewayServices(init) : {}),
    ...(role === 'rendezvous'
      ? rendezvousServices({ store: init.coordinatorStore ?? levelCoordinatorStore(init.db), credentialKey: init.credentialKey ?? await generateKeyPair('Ed25519'), logger: componentLogger(init.logger, 'rendezvous'), registry: init.registry, operatorFeePpm: init.operatorFeePpm, payouts: init.payouts, relay: init.relay, protocols: init.protocols })
      : {})
  }
  const libp2p = await createPeergridLibp2p({
    privateKey: init.privateKey,
    listen: init.listen,
    announce: init.announce,
    transport: init.transport,
    gossipMetrics: init.gossipMetrics,
    dhtServer: role !== 'gateway',
    privateNetwork: init.privateNetwork,
    gossip: init.gossip,
    upnp: init.upnp,
    gossipPeerExchange: role === 'rendezvous',
    publicListen: role === 'rendezvous',
    maxConnections: init.maxConnections ?? (role === 'rendezvous' ? RENDEZVOUS_MAX_CONNECTIONS : undefined),
    metricsRegistry: init.libp2pMetrics === true ? init.registry : undefined,
    services
  })
  const s = libp2p.services
  let stopping: Promise<void> | undefined
  return {
    role,
    libp2p,
    bootstrapper: s.rendezvousPeers!,
    provider: s.provider,
    gateway: s.gateway,
    rendezvous: s.rendezvous,
    reachability: s.reachability,
    credentials: s.credentials,
    revocations: s.revocations,
    rules: s.rules,
    async stop () {
      stopping ??= Promise.resolve(libp2p.stop())
      await stopping
    }
  }
}

/** Providers and gateways on TCP: the reachability checks (and relay reservations), and hole punching. */
function reachServices (init: StartNodeInit): ServiceFactories {
  const log = componentLogger(init.logger, 'reachability')
  return {
    reachability: (c) => reachability({ relays: init.role === 'provider', ...init.protocols?.reachability })({
      peerId: c.peerId,
      connectionManager: c.connectionManager,
      transportManager: c.transportManager,
      addressManager: c.addressManager,
      events: c.events,
      upgrader: c.upgrader,
      logger: c.logger,
      rendezvous: c.rendezvousPeers,
      ping: c.ping,
      log
    }),
    puncher: (c) => puncher({ allowPrivate: init.privateNetwork === true, ...init.protocols?.puncher })({
      registrar: c.registrar, upgrader: c.upgrader, logger: c.logger, self: c.reachability, log, registry: init.registry
    })
  }
}

/** The credential client and the document watchers of providers and gateways. */
function identityServices (init: StartNodeInit): ServiceFactories {
  const { logger, registry } = init
  const services: ServiceFactories = {}
  const identity = init.identity
  if (identity != null) {
    services.credentials = (c) => registerClient({ ...init.protocols?.registerClient, enrollmentKey: identity.enrollmentKey, trustedKeys: identity.trustedKeys })({
      peerId: c.peerId,
      connectionManager: c.connectionManager,
      rendezvous: c.rendezvousPeers,
      store: identity.path != null ? fileStore(identity.path) : undefined,
      logger: componentLogger(logger, 'identity'),
      registry
    })
  }
  // exits enforce the revocation list and the rule set; a gateway that trusts a rendezvous keeps the rule set too, so any node can show it
  const exitKeys = init.role === 'provider' ? init.provider?.exit?.trustedKeys : undefined
  const ruleKeys = init.role === 'provider' ? exitKeys : init.role === 'gateway' ? identity?.trustedKeys : undefined
  const watcher = (name: string, path?: string) => (c: any): DocumentWatcherComponents => ({
    connectionManager: c.connectionManager,
    pubsub: optionalComponent(c, 'pubsub'),
    rendezvous: c.rendezvousPeers,
    store: path != null ? fileStore(path) : undefined,
    logger: componentLogger(logger, name),
    registry
  })
  if (exitKeys != null && exitKeys.size > 0) {
    services.revocations = (c) => documentWatcher({ ...init.protocols?.documents, kind: revocationListDocument(exitKeys) })(watcher('identity:revocations', init.revocationsPath)(c))
  }
  if (ruleKeys != null && ruleKeys.size > 0) {
    services.rules = (c) => documentWatcher({ ...init.protocols?.documents, kind: ruleSetDocument(ruleKeys) })(watcher('rules', init.rulesPath)(c))
  }
  return services
}

/** A provider: the role (advertiser, exit policy), and the protocols it answers. */
function providerServices (init: StartNodeInit): ServiceFactories {
  const { logger, registry } = init
  const settings = init.provider as ProviderInit
  const receiptOutbox = new ReceiptOutboxRepository(init.db)
  const services: ServiceFactories = {
    provider: (c) => new Provider({
      pubsub: optionalComponent(c, 'pubsub'),
      dht: c.dht,
      addressManager: c.addressManager,
      events: c.events,
      privateKey: c.privateKey,
      sequences: new SequenceRepository(init.db),
      transparency: new TransparencyRepository(init.db),
      owner: new OwnerRepository(init.db),
      receiptOutbox,
      credentials: optionalComponent(c, 'credentials'),
      revocations: optionalComponent(c, 'revocations'),
      rules: optionalComponent(c, 'rules'),
      reachability: optionalComponent(c, 'reachability'),
      logger,
      registry
    }, { privateNetwork: init.privateNetwork, ...settings }),
    capabilityServer: (c) => capabilityServer(init.protocols?.capabilityServer)({ registrar: c.registrar, capabilityRecord: c.provider.advertiser, registry }),
    receiptSubmitter: (c) => receiptSubmitter(init.protocols?.receiptSubmitter)({ connectionManager: c.connectionManager, rendezvous: c.rendezvousPeers, outbox: receiptOutbox, logger: componentLogger(logger, 'provider:receipts'), registry }),
    statementClient: (c) => statementClient(init.protocols?.statementClient)({ connectionManager: c.connectionManager, rendezvous: c.rendezvousPeers, logger: componentLogger(logger, 'provider:receipts'), registry })
  }
  if (settings.services.includes('compute')) {
    services.jobServer = (c) => jobServer(init.protocols?.jobServer)({ registrar: c.registrar, jobs: c.provider.jobs, logger: componentLogger(logger, 'provider:jobs') })
  }
  if (settings.services.includes('proxy')) {
    services.proxyServer = (c) => proxyServer(init.protocols?.proxyServer)({ registrar: c.registrar, exit: c.provider.exit, logger: componentLogger(logger, 'provider:exit'), registry })
    services.meterServer = (c) => meterServer(init.protocols?.meterServer)({
      registrar: c.registrar,
      registry,
      meter: { countersign: async (receipt, connection) => (await c.provider.meter?.countersign(receipt, connection)) ?? { status: 'unknown-session' } }
    })
  }
  return services
}

/** A gateway: the protocol clients it uses, then the role on top of them. */
function gatewayServices (init: StartNodeInit): ServiceFactories {
  const { logger, registry } = init
  const settings = init.gateway ?? {}
  return {
    // the clients reach providers through it: direct, hole-punched, or relayed where the relay carries data
    providerPaths: (c) => new ProviderPaths({
      connectionManager: c.connectionManager,
      puncher: optionalComponent(c, 'puncher'),
      self: optionalComponent(c, 'reachability'),
      selfChecked: async (signal: AbortSignal) => { await optionalComponent<Reachability>(c, 'reachability')?.checked(signal) },
      recordOf: (peer) => optionalComponent<Gateway>(c, 'gateway')?.table.get(peer)?.record,
      ping: c.ping,
      logger: componentLogger(logger, 'gateway:paths'),
      registry
    }),
    capabilityClient: (c) => capabilityClient(init.protocols?.capabilityClient)({ connectionManager: c.providerPaths, registry }),
    proxyClient: (c) => proxyClient(init.protocols?.proxyClient)({ connectionManager: c.providerPaths }),
    meterClient: (c) => meterClient(init.protocols?.meterClient)({ connectionManager: c.providerPaths, registry }),
    jobClient: (c) => jobClient(init.protocols?.jobClient)({ connectionManager: c.providerPaths }),
    ...(settings.hosted === true
      ? { apiKeys: (c: any) => apiKeyClient(init.protocols?.apiKeyClient)({ connectionManager: c.connectionManager, rendezvous: c.rendezvousPeers, logger: componentLogger(logger, 'gateway:hosted'), registry }) }
      : {}),
    gateway: (c) => new Gateway({
      peerId: c.peerId,
      peerStore: c.peerStore,
      connectionManager: c.connectionManager,
      dht: c.dht,
      pubsub: optionalComponent(c, 'pubsub'),
      capabilityClient: c.capabilityClient,
      proxyClient: c.proxyClient,
      apiKeys: settings.hosted === true ? c.apiKeys : undefined,
      paths: c.providerPaths,
      credentials: init.identity != null ? c.credentials : undefined,
      meterClient: c.meterClient,
      jobClient: c.jobClient,
      privateKey: c.privateKey,
      workflows: new WorkflowRepository(init.db),
      logger,
      registry
    }, settings)
  }
}
