import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { Registry } from 'prom-client'
import { credentialKeyId } from '../../../protocols/credential/index.js'
import { creditTransaction } from '../../../rendezvous/index.js'
import { CREDENTIAL_FILE_NAME } from '../../db/file-store.js'
import { openDatabase } from '../../db/open.js'
import { startNode } from '../../daemon/start-node.js'
import { silentLogger } from '../../logger.js'
import { DEFAULT_MAX_PROXY_STREAMS } from '../../provider/constants.js'
import { LoopDelay } from './loop-delay.js'
import type { GossipTrace } from './gossip-trace.js'
import type { SimulatedLinks } from './links.js'
import type { NodeDatabase } from '../../db/open.js'
import type { RunningNode, Role } from '../../daemon/start-node.js'
import type { Logger } from '../../logger.js'
import type { Scenario } from '../scenario.js'
import type { PrivateKey } from '@libp2p/interface'

/** Prepaid credit of each simulated customer (a gateway's account), micro-units: enough never to run out. */
export const SIMULATED_CUSTOMER_CREDIT = 1_000_000_000_000_000

/** Nodes started at once while the network comes up. */
export const START_CONCURRENCY = 10

/**
 * The next batch of nodes starts once this process's event loop runs timers
 * at most this late (p90 over CALM_SAMPLE_MS): each start sets off a storm of
 * connections, identify, DHT provides and registrations, and a network
 * started faster than it settles starves its own pings, whose timeouts then
 * close connections in waves.
 */
export const CALM_LOOP_DELAY_MS = 20

/** How long the event loop is watched before each batch, ms. */
export const CALM_SAMPLE_MS = 250

/** Longest wait for a calm event loop before a batch starts anyway, ms. */
export const MAX_CALM_WAIT_MS = 20_000

/** One simulated node: its identity and data outlive its sessions, as a real machine's do. */
export interface SimNode {
  index: number
  role: Exclude<Role, 'rendezvous'>
  country: string
  /** its /memory address in the simulated links */
  address: string
  /** its uplink, bytes per second (providers; 0 = unlimited) */
  upBytesPerSecond: number
  /** the account it registers with (a customer's for gateways, a provider's for providers) */
  account: string
  enrollmentKey: string
  privateKey: PrivateKey
  db: NodeDatabase
  dataDir: string
  /** its metrics, those of its current session (none before its first start) */
  registry?: Registry
  /** the node while it is online */
  running?: RunningNode
  /** its last stop, which a restart waits for */
  stopping?: Promise<void>
}

/** What a real-tier network is built from. */
export interface RealNetworkInit {
  scenario: Scenario
  links: SimulatedLinks
  trace: GossipTrace
  /** where the nodes' data dirs go (removed by the caller) */
  root: string
  /** [0, 1) draws for countries and uplinks */
  draw: { pick(shares: Record<string, number>): string, mbps(): number }
  /** where the rendezvous stands in the link model */
  rendezvousCountry: string
  logger?: Logger
  /** the exit may reach these ranges (the simulator's local destination) */
  exitAllow: string[]
}

/**
 * The real tier's nodes: one rendezvous, the scenario's gateways and
 * providers, each a full peergrid node from startNode (the daemon's
 * assembly) on the simulated links, with an account at the rendezvous and a
 * credential, as a devnet's. Providers come and go by the churn.
 */
export class RealNetwork {
  readonly rendezvous: RunningNode
  readonly gateways: SimNode[]
  readonly providers: SimNode[]
  private readonly init: RealNetworkInit
  private readonly bootstrap: string
  private readonly trustedKeys: Set<string>
  private readonly rendezvousDb: NodeDatabase

  private constructor (init: RealNetworkInit, rendezvous: RunningNode, rendezvousDb: NodeDatabase, trustedKeys: Set<string>, gateways: SimNode[], providers: SimNode[]) {
    this.init = init
    this.rendezvous = rendezvous
    this.rendezvousDb = rendezvousDb
    this.trustedKeys = trustedKeys
    this.gateways = gateways
    this.providers = providers
    const address = rendezvous.libp2p.getMultiaddrs()[0]
    if (address == null) throw new Error('The simulated rendezvous has no address')
    this.bootstrap = address.toString()
  }

  /** Starts the rendezvous and prepares every other node (none of them started yet). */
  static async create (init: RealNetworkInit): Promise<RealNetwork> {
    const { scenario } = init
    const credentialKey = await generateKeyPair('Ed25519')
    const trustedKeys = new Set([credentialKeyId(credentialKey)])
    const tag = `sim-${process.pid}-${Date.now().toString(36)}`
    const db = await openDatabase(join(init.root, 'rendezvous', 'db'))
    const rendezvous = await startNode({
      role: 'rendezvous',
      privateKey: await generateKeyPair('Ed25519'),
      db,
      listen: [`/memory/${tag}-r`],
      transport: init.links.transport({ country: init.rendezvousCountry }),
      gossipMetrics: init.trace.register,
      privateNetwork: true,
      logger: init.logger ?? silentLogger(),
      registry: new Registry(),
      credentialKey,
      operatorFeePpm: scenario.operatorFeePpm
    }).catch(async (err) => { await db.close(); throw err })
    const accounts = rendezvous.rendezvous
    if (accounts == null) throw new Error('The simulated rendezvous has no coordinator')
    const prepare = async (role: SimNode['role'], index: number, country: string, upBytesPerSecond: number): Promise<SimNode> => {
      const created = await accounts.accounts.create(role === 'provider' ? 'provider' : 'customer')
      if (role === 'gateway') await accounts.ledger.book(creditTransaction({ customer: created.account.id, amount: SIMULATED_CUSTOMER_CREDIT, reference: 'simulation', atMs: Date.now() }))
      const dataDir = join(init.root, `${role}-${index}`)
      return {
        index, role, country, upBytesPerSecond,
        address: `/memory/${tag}-${role[0] as string}${index}`,
        account: created.account.id,
        enrollmentKey: created.enrollmentKey,
        privateKey: await generateKeyPair('Ed25519'),
        db: await openDatabase(join(dataDir, 'db')),
        dataDir
      }
    }
    const gateways: SimNode[] = []
    const providers: SimNode[] = []
    try {
      for (let i = 0; i < scenario.nodes.gateways.count; i++) gateways.push(await prepare('gateway', i, init.draw.pick(scenario.nodes.gateways.countries), 0))
      for (let i = 0; i < scenario.nodes.providers.count; i++) providers.push(await prepare('provider', i, init.draw.pick(scenario.nodes.providers.countries), Math.max(1, init.draw.mbps()) * 125_000))
    } catch (err) {
      await Promise.allSettled([...gateways, ...providers].map(async node => { await node.db.close() }))
      await rendezvous.stop()
      await db.close()
      throw err
    }
    return new RealNetwork(init, rendezvous, db, trustedKeys, gateways, providers)
  }

  /** Starts a node (after its last stop ended); resolves once it is listening. */
  async start (node: SimNode): Promise<RunningNode> {
    if (node.running != null) return node.running
    await node.stopping
    const { scenario } = this.init
    const price = scenario.prices.microsPerGiB.byCountry?.[node.country] ?? scenario.prices.microsPerGiB.default
    const running = await startNode({
      role: node.role,
      privateKey: node.privateKey,
      db: node.db,
      listen: [node.address],
      transport: this.init.links.transport({ country: node.country, upBytesPerSecond: node.upBytesPerSecond }),
      gossipMetrics: this.init.trace.register,
      privateNetwork: true,
      bootstrap: [this.bootstrap],
      logger: this.init.logger ?? silentLogger(),
      registry: node.registry = new Registry(),
      identity: { enrollmentKey: node.enrollmentKey, trustedKeys: this.trustedKeys, path: join(node.dataDir, CREDENTIAL_FILE_NAME) },
      provider: node.role === 'provider'
        ? {
            services: ['proxy'],
            country: node.country,
            prices: { microsPerGib: price, microsPerCpuSecond: scenario.prices.microsPerCpuSecond },
            limits: { maxProxyStreams: DEFAULT_MAX_PROXY_STREAMS, maxBandwidthBytesPerSecond: 0, maxJobs: 0, maxJobMemoryMib: 0 },
            exit: { trustedKeys: this.trustedKeys, exitAllow: this.init.exitAllow }
          }
        : undefined
    })
    node.running = running
    return running
  }

  /**
   * Starts nodes START_CONCURRENCY at a time, each batch once the event loop
   * is calm again (CALM_LOOP_DELAY_MS), until all are up or `signal` aborts;
   * answers how many started.
   */
  async startPaced (nodes: SimNode[], signal?: AbortSignal): Promise<number> {
    let started = 0
    for (let i = 0; i < nodes.length && signal?.aborted !== true; i += START_CONCURRENCY) {
      await calmLoop(signal)
      const batch = nodes.slice(i, i + START_CONCURRENCY)
      await Promise.all(batch.map(async node => { await this.start(node) }))
      started += batch.length
    }
    return started
  }

  /**
   * Takes a node offline. A leave stops it as its owner would; a crash cuts
   * its links first, so that nothing it says on the way down arrives and its
   * peers find out by their own timeouts.
   */
  async stop (node: SimNode, crash: boolean): Promise<void> {
    const running = node.running
    if (running == null) return
    node.running = undefined
    if (crash) this.init.links.sever(node.address)
    node.stopping = running.stop().catch(() => {})
    await node.stopping
  }

  /** Stops every node and closes their databases. */
  async destroy (): Promise<void> {
    const all = [...this.gateways, ...this.providers]
    await Promise.allSettled(all.map(async node => { await this.stop(node, false) }))
    await this.rendezvous.stop()
    await Promise.allSettled([...all.map(async node => { await node.db.close() }), this.rendezvousDb.close()])
  }
}

/** Waits (up to MAX_CALM_WAIT_MS) until the event loop's delay is back under CALM_LOOP_DELAY_MS. */
async function calmLoop (signal?: AbortSignal): Promise<void> {
  const deadline = performance.now() + MAX_CALM_WAIT_MS
  while (performance.now() < deadline && signal?.aborted !== true) {
    const delay = new LoopDelay(CALM_RESOLUTION_MS)
    await new Promise(resolve => setTimeout(resolve, CALM_SAMPLE_MS))
    delay.stop()
    if (delay.percentileMs(90) <= CALM_LOOP_DELAY_MS) return
  }
}

/** The delay monitor's sampling interval, ms (each sample holds one whole interval). */
const CALM_RESOLUTION_MS = 5
