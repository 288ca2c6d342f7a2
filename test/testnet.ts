import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { Registry } from 'prom-client'
import { credentialKeyId } from '../protocols/credential/index.js'
import { CREDENTIAL_FILE_NAME } from '../node/db/file-store.js'
import { openDatabase } from '../node/db/open.js'
import { startNode } from '../node/daemon/start-node.js'
import { listenProxyFronts } from '../node/gateway/index.js'
import { creditTransaction } from '../rendezvous/ledger/postings.js'
import { createLogger, silentLogger } from '../node/logger.js'
import { DEFAULT_MAX_PROXY_STREAMS, DEFAULT_PRICE_MICROS_PER_CPU_SECOND, DEFAULT_PRICE_MICROS_PER_GIB } from '../node/provider/constants.js'
import { waitFor } from './helpers.js'
import { startSink } from './sink.js'
import type { CoordinatorStore } from '../rendezvous/store/store.js'
import type { NodeDatabase } from '../node/db/open.js'
import type { ProtocolInits, RunningNode, Role } from '../node/daemon/start-node.js'
import type { GatewayInit, ProxyFronts, ProxyFrontsInit } from '../node/gateway/index.js'
import type { ExitInit, ProviderInit } from '../node/provider/index.js'
import type { PrivateKey } from '@libp2p/interface'

/** Countries given to providers in turn, unless the caller names its own. */
export const TESTNET_COUNTRIES = ['DE', 'US', 'JP', 'GB', 'FR', 'BR', 'IN', 'AU', 'CA', 'NL']

/** How to build a testnet. */
export interface TestnetInit {
  /** 'tcp' on 127.0.0.1 (default) or 'memory' for large n */
  transport?: 'tcp' | 'memory'
  /** gossipsub on every node (default true); false leaves discovery to the DHT */
  gossip?: boolean
  /** how many of the n nodes are gateways (default 1); the rest are providers */
  gateways?: number
  /** provider countries, in turn (default TESTNET_COUNTRIES) */
  countries?: string[]
  /** overrides for every provider's settings */
  provider?: Partial<ProviderInit>
  /** overrides for every gateway's settings */
  gateway?: GatewayInit
  /** registers the teardown, e.g. vitest's onTestFinished or afterAll; without it call destroy() */
  teardown?: (fn: () => Promise<void>) => void
  /** nodes started at once (default 10) */
  startConcurrency?: number
  /**
   * give every provider and gateway an account and let it register for a
   * credential, with the providers trusting the rendezvous key, as the devnet
   * does (default true); createTestnet returns once every node holds one
   */
  identity?: boolean
  /** more credential signing key ids every node trusts besides the rendezvous's (a key about to be rotated in) */
  extraTrustedKeys?: string[]
  /** options of every node's protocol services, e.g. shorter timeouts */
  protocols?: ProtocolInits
  /**
   * rendezvous servers (default 1): the others sign with the first's key and
   * bootstrap from it; nodes bootstrap from the first unless told otherwise
   */
  rendezvous?: number
  /** where each rendezvous keeps its books (called once per rendezvous; default: its own LevelDB); closed by destroy() */
  coordinatorStore?: () => Promise<CoordinatorStore>
}

/** Options of one node added to a testnet. */
export interface AddOptions {
  country?: string
  gossip?: boolean
  /** register with this enrollment key (and trust `trustedKeys`) */
  enrollmentKey?: string
  trustedKeys?: string[]
  /** this provider's exit settings, over the testnet's */
  exit?: ExitInit
  /** rule set categories this provider's owner opted into */
  categories?: string[]
  /** the rendezvous multiaddrs it bootstraps from (default: the first rendezvous's) */
  bootstrap?: string[]
  /** where it listens (default: a free TCP port, or a memory address) */
  listen?: string[]
  /** addresses it announces instead of its listen address (e.g. a latency link in front of it) */
  announce?: string[]
  /** this gateway's settings, instead of the testnet's */
  gateway?: GatewayInit
}

/** One node of a testnet and what it is built on. */
export interface TestNode extends RunningNode {
  db: NodeDatabase
  registry: Registry
  country?: string
  /** the node's data dir (its credential file is CREDENTIAL_FILE_NAME there) */
  dataDir: string
}

/** Prepaid credit of every testnet customer, micro-units (a million units). */
export const TESTNET_CREDIT = 1_000_000_000_000

/** A rendezvous plus n nodes in this process. */
export interface Testnet {
  rendezvous: TestNode
  /** every rendezvous (the first is `rendezvous`), and each one's multiaddr */
  rendezvousNodes: TestNode[]
  rendezvousAddrs: string[]
  /** the rendezvous's credential signing key (to sign test credentials with) */
  credentialKey: PrivateKey
  /** the rendezvous multiaddr the nodes bootstrapped from */
  bootstrap: string
  providers: TestNode[]
  gateways: TestNode[]
  /** every node but the rendezvous */
  nodes: TestNode[]
  /** starts one more node on this testnet (with `enrollmentKey` and `trustedKeys` it registers for a credential) */
  add(role: Exclude<Role, 'rendezvous'>, options?: AddOptions): Promise<TestNode>
  /** stops every node and removes the data dirs; idempotent */
  destroy(): Promise<void>
}

/**
 * Starts a rendezvous and n nodes (gateways first, then providers) in this
 * process, in the spirit of hyperdht's testnet helper.
 */
export async function createTestnet (n: number, init: TestnetInit = {}): Promise<Testnet> {
  const root = await mkdtemp(join(tmpdir(), 'peergrid-testnet-'))
  const transport = init.transport ?? 'tcp'
  const countries = init.countries ?? TESTNET_COUNTRIES
  const all: TestNode[] = []
  let counter = 0
  let providerCount = 0
  const credentialKey = await generateKeyPair('Ed25519')
  const trustedKeys = [credentialKeyId(credentialKey), ...(init.extraTrustedKeys ?? [])]
  const withIdentity = init.identity ?? true

  const stores: CoordinatorStore[] = []
  // the integration-postgres project runs the coordinator's integration suites with their rendezvous on PostgreSQL
  const coordinatorStore = init.coordinatorStore ?? (process.env.PEERGRID_TEST_STORE === 'postgresql' ? await sharedPostgresStores() : undefined)
  const start = async (role: Role, options: AddOptions = {}): Promise<TestNode> => {
    const index = counter++
    const dataDir = join(root, `node-${index}`)
    const db = await openDatabase(join(dataDir, 'db'))
    let enrollmentKey = options.enrollmentKey
    if (enrollmentKey == null && withIdentity && role !== 'rendezvous' && all[0]?.rendezvous != null) {
      const rendezvous = all[0].rendezvous
      // a hosted gateway's account may sign receipts for the customers who log in to it
      const created = await rendezvous.accounts.create(role === 'provider' ? 'provider' : 'customer', Date.now(), { hosted: role === 'gateway' && init.gateway?.hosted === true })
      enrollmentKey = created.enrollmentKey
      // customers get ample prepaid credit, as a devnet's do: one whose credit runs out is stopped
      if (role === 'gateway') await rendezvous.ledger.book(creditTransaction({ customer: created.account.id, amount: TESTNET_CREDIT, reference: 'testnet', atMs: Date.now() }))
    }
    const identity = enrollmentKey == null
      ? undefined
      : { enrollmentKey, trustedKeys: new Set(options.trustedKeys ?? trustedKeys), path: join(dataDir, CREDENTIAL_FILE_NAME) }
    const registry = new Registry()
    const country = role === 'provider' ? (options.country ?? countries[providerCount++ % countries.length]) : undefined
    const books = role === 'rendezvous' && coordinatorStore != null ? await coordinatorStore() : undefined
    if (books != null) stores.push(books)
    try {
      const node = await startNode({
        role,
        privateKey: await generateKeyPair('Ed25519'),
        db,
        listen: options.listen ?? [transport === 'memory' ? `/memory/testnet-${process.pid}-${Date.now()}-${index}` : '/ip4/127.0.0.1/tcp/0'],
        transport,
        privateNetwork: true,
        gossip: options.gossip ?? init.gossip,
        bootstrap: options.bootstrap,
        announce: options.announce,
        logger: testLogger(role, index),
        registry,
        provider: role === 'provider' ? providerSettings(country as string, {
          ...init.provider,
          ...(options.categories != null ? { policy: { categories: options.categories, customerAllowlist: false, blockedPorts: [], deniedDomains: [] } } : {}),
          exit: { ...init.provider?.exit, ...options.exit }
        }, withIdentity ? trustedKeys : []) : undefined,
        credentialKey: role === 'rendezvous' ? credentialKey : undefined,
        coordinatorStore: books,
        gateway: options.gateway ?? init.gateway,
        protocols: init.protocols,
        identity
      })
      const testNode: TestNode = Object.assign(node, { db, registry, country, dataDir })
      all.push(testNode)
      return testNode
    } catch (err) {
      await db.close()
      throw err
    }
  }

  let destroyed: Promise<void> | undefined
  const destroy = async (): Promise<void> => {
    destroyed ??= (async () => {
      await Promise.allSettled(all.map(async node => { await node.stop() }))
      await Promise.allSettled(all.map(async node => { await node.db.close() }))
      await Promise.allSettled(stores.map(async store => { await store.close() }))
      await rm(root, { recursive: true, force: true })
    })()
    await destroyed
  }
  init.teardown?.(destroy)

  try {
    const rendezvous = await start('rendezvous', { gossip: init.gossip })
    if (coordinatorStore != null && rendezvous.rendezvous?.databaseStatus().kind !== 'postgresql' && init.coordinatorStore == null) {
      throw new Error('PEERGRID_TEST_STORE=postgresql, but the testnet rendezvous does not keep its books in PostgreSQL')
    }
    const bootstrap = rendezvous.libp2p.getMultiaddrs()[0]?.toString()
    if (bootstrap == null) throw new Error('The testnet rendezvous has no address')
    const rendezvousNodes = [rendezvous]
    for (let r = 1; r < (init.rendezvous ?? 1); r++) rendezvousNodes.push(await start('rendezvous', { gossip: init.gossip, bootstrap: [bootstrap] }))
    const rendezvousAddrs = rendezvousNodes.map(node => node.libp2p.getMultiaddrs()[0]?.toString() as string)
    const roles: Array<Exclude<Role, 'rendezvous'>> = Array.from({ length: n }, (_, i) => i < (init.gateways ?? 1) ? 'gateway' : 'provider')
    const nodes: TestNode[] = []
    const concurrency = init.startConcurrency ?? 10
    for (let i = 0; i < roles.length; i += concurrency) {
      nodes.push(...await Promise.all(roles.slice(i, i + concurrency).map(async role => start(role, { bootstrap: [bootstrap] }))))
    }
    await waitForCredentials(nodes)
    return {
      rendezvous,
      rendezvousNodes,
      rendezvousAddrs,
      credentialKey,
      bootstrap,
      nodes,
      get providers () { return nodes.filter(node => node.role === 'provider') },
      get gateways () { return nodes.filter(node => node.role === 'gateway') },
      async add (role, options = {}) {
        const node = await start(role, { ...options, bootstrap: options.bootstrap ?? [bootstrap] })
        nodes.push(node)
        if (options.enrollmentKey == null) await waitForCredentials([node])
        return node
      },
      destroy
    }
  } catch (err) {
    await destroy()
    throw err
  }
}

/**
 * With PEERGRID_TEST_STORE=postgresql (the integration-postgres project):
 * one fresh database on the run's PostgreSQL server for the testnet, a
 * store on it for each rendezvous.
 */
async function sharedPostgresStores (): Promise<() => Promise<CoordinatorStore>> {
  const [{ freshPostgresDatabase }, { openPostgresStore }] = await Promise.all([import('./stores.js'), import('../rendezvous/store/postgres/index.js')])
  const url = await freshPostgresDatabase()
  return async () => (await openPostgresStore({ url, logger: silentLogger(), poolSize: 4 })).store
}

function providerSettings (country: string, overrides: Partial<ProviderInit> = {}, trustedKeys: string[]): ProviderInit {
  return {
    services: ['proxy'],
    country,
    prices: { microsPerGib: DEFAULT_PRICE_MICROS_PER_GIB, microsPerCpuSecond: DEFAULT_PRICE_MICROS_PER_CPU_SECOND },
    limits: { maxProxyStreams: DEFAULT_MAX_PROXY_STREAMS, maxBandwidthBytesPerSecond: 0, maxJobs: 1, maxJobMemoryMib: 256 },
    ...overrides,
    exit: { trustedKeys: new Set(trustedKeys), ...overrides.exit },
    // sandbox processes run the TypeScript entry through tsx, as the tests do
    jobs: { command: SANDBOX_COMMAND, maxMemoryBytes: 256 * 1024 * 1024, maxWallMs: 60_000, ...overrides.jobs }
  }
}

/** How a testnet provider starts its sandbox processes. */
export const SANDBOX_COMMAND = { modulePath: fileURLToPath(new URL('../node/provider/jobs/child-entry.ts', import.meta.url)), execArgv: ['--import', 'tsx'] }

/** Waits (up to 20 s) until every node that registers holds a credential, and every exit that checks rules holds a rule set. */
async function waitForCredentials (nodes: TestNode[]): Promise<void> {
  const deadline = Date.now() + 20_000
  while (nodes.some(node => (node.credentials != null && node.credentials.current() == null) || (node.rules != null && node.rules.current() == null))) {
    if (Date.now() > deadline) throw new Error('Testnet nodes did not get their credentials within 20 s')
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/** Nodes log nothing unless PEERGRID_TEST_LOG names a level (e.g. debug), then to stderr. */
function testLogger (role: Role, index: number): ReturnType<typeof silentLogger> {
  const level = process.env.PEERGRID_TEST_LOG
  return level == null || level === '' ? silentLogger() : createLogger({ level: level as any, base: { role, node: index } })
}

/** The testnet's first gateway's SOCKS5 (and, if asked, HTTP) fronts, once it knows every provider. */
export async function gatewayFronts (net: Testnet, init: ProxyFrontsInit = { socksPort: 0 }): Promise<ProxyFronts> {
  const gateway = net.gateways[0]!.gateway!
  await waitFor(() => gateway.table.list({ service: 'proxy' }).length === net.providers.length, 'the gateway to know every provider')
  return await listenProxyFronts(gateway.router, init, silentLogger())
}

/** A testnet with the gateway's proxy fronts listening and a sink (test/sink.ts) that answers `down` bytes: what the proxy data-path suites start with. */
export interface SinkTestnet {
  net: Testnet
  fronts: ProxyFronts
  sink: Awaited<ReturnType<typeof startSink>>
  /** stops the fronts, the testnet and the sink */
  destroy(): Promise<void>
}

/** Starts a SinkTestnet of `n` nodes; whatever started is stopped again if a later part fails. */
export async function sinkTestnet (n: number, init: TestnetInit, down: number, frontsInit?: ProxyFrontsInit): Promise<SinkTestnet> {
  const sink = await startSink(down)
  let net: Testnet | undefined
  let fronts: ProxyFronts | undefined
  const destroy = async (): Promise<void> => {
    await fronts?.close()
    await net?.destroy()
    sink.server.close()
  }
  try {
    net = await createTestnet(n, init)
    fronts = await gatewayFronts(net, frontsInit)
    return { net, fronts, sink, destroy }
  } catch (err) {
    await destroy()
    throw err
  }
}
