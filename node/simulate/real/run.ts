import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { setMaxListeners } from 'node:events'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { capabilityKey } from '../../../protocols/capability/index.js'
import { DEFAULT_SUBMIT_INTERVAL_MS } from '../../../protocols/receipts/index.js'
import { OPERATOR_FEES, customerAccount, providerAccount } from '../../../rendezvous/index.js'
import { onlineShare } from '../scenario.js'
import { DHT_LOOKUPS_PER_HOUR, REVOCATIONS_PER_HOUR, UPLOAD_SHARE } from '../model/assumptions.js'
import { EventQueue } from '../model/event-queue.js'
import { emptyResult } from '../model/result.js'
import { closeLastWindow, newWindow } from '../model/windows.js'
import { Histogram } from '../model/histogram.js'
import { destinationMs, latencyMs, rendezvousCountry } from '../model/links.js'
import { Destination } from './destination.js'
import { GossipTrace } from './gossip-trace.js'
import { LoopDelay } from './loop-delay.js'
import { SimulatedLinks } from './links.js'
import { RealNetwork, SIMULATED_CUSTOMER_CREDIT } from './network.js'
import { GossipObservers, PROBE_TIMEOUT_MS, timeDiscoverable, timeUntil } from './probes.js'
import { runSession } from './session.js'
import type { SimNode } from './network.js'
import type { RunningNode } from '../../daemon/start-node.js'
import type { ModelResult } from '../model/result.js'
import type { Random } from '../random.js'
import type { Scenario } from '../scenario.js'
import type { Logger } from '../../logger.js'
import type { CID } from 'multiformats/cid'

/**
 * Most nodes the real tier starts. They share one event loop and, in a
 * network this small, connect nearly all to all: on a 2-core machine 100
 * settle in about 3 minutes and 200 never do (npm run bench, simulate-real);
 * past this many a run would only measure its own overload.
 */
export const REAL_TIER_MAX_NODES = 300

/** Between DHT lookups the real tier times (a probe, not load), ms: as often as the model samples them. */
export const DHT_PROBE_INTERVAL_MS = 3_600_000 / DHT_LOOKUPS_PER_HOUR

/** Between revocations the real tier publishes and times to every online provider, ms: as often as the model. */
export const REVOCATION_PROBE_INTERVAL_MS = 3_600_000 / REVOCATIONS_PER_HOUR

/** Longest wait for the network to come up: credentials held and the gateways knowing the providers online. */
export const WARM_UP_TIMEOUT_MS = 300_000

/** Between looks at every node while the network comes up, ms (each look walks every gateway's table for every provider). */
export const WARM_UP_POLL_MS = 100

/** Longest wait after the run for the providers' receipts to reach the ledger. */
export const SETTLE_TIMEOUT_MS = 3 * DEFAULT_SUBMIT_INTERVAL_MS

/** A scenario the real tier cannot run, and why. */
export class RealTierLimitError extends Error {
  static override name = 'RealTierLimitError'
  override name = 'RealTierLimitError'
}

/** What the real tier measured besides the model's figures. */
export interface RealExtras {
  /** from the first node's start, ms: to every node online listening, holding a credential, and known to every gateway (the clock starts then) */
  startUp: { listeningMs: number, credentialsMs: number, discoveredMs: number }
  /** whether the gateways knew every provider online before the clock started (else it started after WARM_UP_TIMEOUT_MS) */
  warmedUp: boolean
  /** the routers' retries (an open that moved on to another provider) */
  retries: number
  /** connections open at the end (each counted at both ends) */
  connections: number
  /**
   * how late this process's event loop ran timers while the clock ran, ms
   * (quantiles): every node shares it, so this much of each timing is the
   * simulation's own CPU, not the network
   */
  eventLoopDelayMs: Record<string, number>
  /** a provider's rejoin, from starting its node to listening, ms (quantiles) */
  nodeStartMs: Record<string, number>
  /** a provider's rejoin, from starting its node to holding a credential, ms (quantiles) */
  credentialMs: Record<string, number>
}

/** Options of a real-tier run. */
export interface RealOptions {
  onProgress?(done: number): void
  logger?: Logger
}

type RealEvent =
  | { kind: 'join' | 'leave' | 'crash', provider: number, epoch: number }
  | { kind: 'session' | 'lookup' | 'revocation' | 'window' }

/**
 * The real tier: the scenario's nodes as real peergrid nodes in this process
 * on the simulated links, run in real time for the scenario's duration, with
 * its churn (stopping and restarting providers, or cutting a crashed one's
 * links) and its proxy sessions to a local destination; it measures what the
 * model computes, in the model's terms (ModelResult), from the nodes
 * themselves. Jobs are not run and there are no NATs: every path is direct.
 */
export async function runReal (scenario: Scenario, random: Random, options: RealOptions = {}): Promise<ModelResult & { real: RealExtras }> {
  const nodes = scenario.nodes.providers.count + scenario.nodes.gateways.count + 1
  if (nodes > REAL_TIER_MAX_NODES) throw new RealTierLimitError(`The real tier runs at most ${REAL_TIER_MAX_NODES} nodes: they are full peergrid nodes sharing this process's one event loop, and past about 100-200 they spend their time on their own overload instead of settling. This scenario has ${nodes}; run it on the model tier, or scale it down.`)
  const draws = { churn: random.split(), workload: random.split(), setup: random.split() }
  const links = new SimulatedLinks((a, b) => latencyMs(scenario.links, a, b))
  const trace = new GossipTrace()
  const root = await mkdtemp(join(tmpdir(), 'peergrid-simulate-'))
  const probes = new AbortController()
  // every probe and lookup listens on it
  setMaxListeners(Infinity, probes.signal)
  // the destination answers as late as the model's does: a TCP and TLS handshake and the request, in the exit's country
  const destination = await Destination.listen(destinationMs(scenario.links))
  let network: RealNetwork | undefined
  try {
    network = await RealNetwork.create({
      scenario, links, trace, root,
      draw: { pick: shares => draws.setup.pick(shares), mbps: () => draws.setup.draw(scenario.links.providerMbps) },
      rendezvousCountry: rendezvousCountry(scenario),
      logger: options.logger,
      exitAllow: ['127.0.0.1/32']
    })
    return await drive(scenario, network, { draws, links, trace, destination, probes: probes.signal, stopProbes: () => { probes.abort() }, onProgress: options.onProgress })
  } finally {
    probes.abort()
    await network?.destroy()
    await destination.close()
    await rm(root, { recursive: true, force: true })
  }
}

interface DriveContext {
  draws: { churn: Random, workload: Random, setup: Random }
  links: SimulatedLinks
  trace: GossipTrace
  destination: Destination
  probes: AbortSignal
  stopProbes(): void
  onProgress?(done: number): void
}

async function drive (scenario: Scenario, network: RealNetwork, context: DriveContext): Promise<ModelResult & { real: RealExtras }> {
  const { draws, probes } = context
  const result = emptyResult()
  const observers = new GossipObservers()
  const nodeStart = new Histogram()
  const credential = new Histogram()
  const tasks = new Set<Promise<unknown>>()
  const spawn = (task: Promise<unknown>): void => {
    const tracked = task.catch(() => {}).finally(() => tasks.delete(tracked))
    tasks.add(tracked)
  }
  // each provider's starts and stops run one after another, in the order churn asked for them
  const state = network.providers.map(() => ({ online: false, epoch: 0, chain: Promise.resolve() as Promise<unknown> }))
  const serially = (i: number, op: () => Promise<unknown>): void => {
    const s = state[i]!
    s.chain = s.chain.then(op).catch(() => {})
    spawn(s.chain)
  }

  // coming up: every gateway, and the providers online at the start (the steady-state share, as the model has it)
  const startedAt = performance.now()
  const share = onlineShare(scenario.churn)
  const initial = network.providers.filter(() => draws.churn.chance(share))
  await network.startPaced([...network.gateways, ...initial])
  const gateways = network.gateways.map(g => g.running!)
  const listeningMs = performance.now() - startedAt
  for (const node of [network.rendezvous, ...gateways]) observers.observe(node)
  const sample = Math.max(1, Math.ceil(network.providers.length / 32))
  const started = (node: SimNode): void => {
    if (node.running == null) return
    observers.timePublications(node.running)
    if (node.index % sample === 0) observers.observe(node.running)
  }
  observers.timePublications(network.rendezvous)
  initial.forEach(started)
  const up = [...gateways, ...initial.map(p => p.running!)]
  const ready = (): boolean => up.every(n => n.credentials?.current() != null && (n.rules == null || n.rules.current() != null)) &&
    gateways.every(g => up.every(p => p.role !== 'provider' || g.gateway?.table.get(p.libp2p.peerId) != null))
  await timeUntil(() => up.every(n => n.credentials?.current() != null), { timeoutMs: WARM_UP_TIMEOUT_MS, pollMs: WARM_UP_POLL_MS })
  const credentialsMs = performance.now() - startedAt
  const warmedUp = await timeUntil(ready, { startedAt, timeoutMs: WARM_UP_TIMEOUT_MS, pollMs: WARM_UP_POLL_MS }) != null
  const startUp = { listeningMs: Math.round(listeningMs), credentialsMs: Math.round(credentialsMs), discoveredMs: Math.round(performance.now() - startedAt) }

  // the clock starts
  const proxyKey = await capabilityKey('proxy')
  const queue = new EventQueue<RealEvent>()
  const durationMs = scenario.durationHours * 3_600_000
  const windowMs = scenario.windowMinutes * 60_000
  const every = (perSecond: number): number => perSecond <= 0 ? Infinity : draws.workload.draw({ distribution: 'exponential', mean: 1000 / perSecond })
  for (const p of network.providers) {
    const s = state[p.index]!
    if (initial.includes(p)) {
      s.online = true
      queue.push(draws.churn.draw(scenario.churn.sessionHours) * 3_600_000, { kind: draws.churn.chance(scenario.churn.crashShare) ? 'crash' : 'leave', provider: p.index, epoch: 0 })
    } else {
      queue.push(draws.churn.draw(scenario.churn.offlineHours) * 3_600_000 * draws.churn.next(), { kind: 'join', provider: p.index, epoch: 0 })
    }
  }
  queue.push(every(scenario.workload.proxySessionsPerSecond), { kind: 'session' })
  queue.push(Math.min(DHT_PROBE_INTERVAL_MS, durationMs / 4), { kind: 'lookup' })
  queue.push(Math.min(REVOCATION_PROBE_INTERVAL_MS / 4, durationMs / 3), { kind: 'revocation' })
  queue.push(windowMs, { kind: 'window' })
  let window = newWindow()
  let online = initial.length
  // tracestat counts what happens on the clock, not the network coming up
  const tracedBefore = context.trace.snapshot()
  const loopDelay = new LoopDelay()
  const t0 = performance.now()

  for (;;) {
    const next = queue.pop()
    if (next == null || next.atMs > durationMs) break
    const wait = t0 + next.atMs - performance.now()
    if (wait > 0) await sleep(wait)
    const { event } = next
    const nowMs = next.atMs
    result.events++
    switch (event.kind) {
      case 'join': {
        const s = state[event.provider]!
        if (s.online || event.epoch !== s.epoch) break
        s.online = true
        s.epoch++
        online++
        result.churn.joins++
        const node = network.providers[event.provider]!
        serially(node.index, async () => {
          const atMs = Date.now()
          const at = performance.now()
          await network.start(node)
          nodeStart.add(performance.now() - at)
          started(node)
          spawn(timeUntil(() => node.running?.credentials?.current() != null, { signal: probes, startedAt: at }).then(ms => { if (ms != null) credential.add(ms) }))
          for (const ms of await timeDiscoverable(() => node.running, gateways, atMs, at, probes)) {
            result.discoverable.add(ms / 1000)
          }
        })
        queue.push(nowMs + draws.churn.draw(scenario.churn.sessionHours) * 3_600_000, { kind: draws.churn.chance(scenario.churn.crashShare) ? 'crash' : 'leave', provider: node.index, epoch: s.epoch })
        break
      }
      case 'leave':
      case 'crash': {
        const s = state[event.provider]!
        if (!s.online || event.epoch !== s.epoch) break
        s.online = false
        online--
        if (event.kind === 'leave') result.churn.leaves++
        else result.churn.crashes++
        const node = network.providers[event.provider]!
        serially(node.index, async () => {
          if (node.running != null) observers.forget(node.running)
          await network.stop(node, event.kind === 'crash')
        })
        queue.push(nowMs + draws.churn.draw(scenario.churn.offlineHours) * 3_600_000, { kind: 'join', provider: node.index, epoch: s.epoch })
        break
      }
      case 'session': {
        const gateway = gateways[draws.workload.int(gateways.length)]!
        const country = draws.workload.pick(scenario.workload.targeting)
        const download = Math.max(1, Math.round(draws.workload.draw(scenario.workload.sessionBytes)))
        const counted = window
        counted.sessions++
        spawn(runSession(gateway.gateway!.router, { country, port: context.destination.port, download, upload: Math.round(download * UPLOAD_SHARE) }).then(outcome => {
          if (outcome.ok) {
            counted.opened++
            counted.ttfb.add(outcome.ttfbMs)
            result.ttfb.add(outcome.ttfbMs)
            result.paths.direct++
          } else {
            counted.failed++
            result.failures[outcome.reason] = (result.failures[outcome.reason] ?? 0) + 1
          }
        }))
        queue.push(nowMs + every(scenario.workload.proxySessionsPerSecond), { kind: 'session' })
        break
      }
      case 'lookup': {
        const gateway = gateways[draws.workload.int(gateways.length)]!
        spawn(timeLookup(gateway, proxyKey, probes).then(ms => { if (ms != null) result.dhtLookup.add(ms) }))
        queue.push(nowMs + DHT_PROBE_INTERVAL_MS, { kind: 'lookup' })
        break
      }
      case 'revocation':
        spawn(revoke(network, result.revocation, probes))
        queue.push(nowMs + REVOCATION_PROBE_INTERVAL_MS, { kind: 'revocation' })
        break
      case 'window':
        window.hours = nowMs / 3_600_000
        window.onlineProviders = online
        result.windows.push(window)
        window = newWindow()
        queue.push(nowMs + windowMs, { kind: 'window' })
        break
    }
    context.onProgress?.(nowMs / durationMs)
  }
  // the probes stop; the sessions in flight finish (each has its own timeout)
  closeLastWindow(result.windows, window, scenario.durationHours, online)
  loopDelay.stop()
  context.stopProbes()
  await Promise.all([...tasks])
  let retries = 0
  for (const g of network.gateways) retries += await counterTotal(g, 'peergrid_gateway_proxy_retries_total')
  await settle(network)
  await money(network, result)
  context.onProgress?.(1)
  result.gossip = { ...context.trace.since(tracedBefore), propagation: observers.propagation }
  return Object.assign(result, { real: { startUp, warmedUp, retries, connections: context.links.connectionCount, eventLoopDelayMs: loopDelay.summary(), nodeStartMs: nodeStart.summary(), credentialMs: credential.summary() } })
}

/** A Kademlia lookup of the proxy providers' key from a gateway: ms to the first provider record, undefined when none came. */
async function timeLookup (gateway: RunningNode, key: CID, signal: AbortSignal): Promise<number | undefined> {
  const at = performance.now()
  for await (const event of gateway.libp2p.services.dht.findProviders(key, { signal: AbortSignal.any([signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)]) })) {
    if (event.name === 'PROVIDER' && event.providers.length > 0) return performance.now() - at
  }
  return undefined
}

/** Publishes a revocation list (revoking an account made for it) and times its arrival at every provider online. */
async function revoke (network: RealNetwork, into: Histogram, signal: AbortSignal): Promise<void> {
  const coordinator = network.rendezvous.rendezvous!
  const { account } = await coordinator.accounts.create('customer')
  const at = performance.now()
  await coordinator.revocations.revokeAccount(account.id)
  const version = coordinator.revocations.version
  const online = network.providers.map(p => p.running).filter(n => n != null)
  const times = await Promise.all(online.map(async node => timeUntil(() => (node.revocations?.current()?.version ?? 0) >= version, { signal, startedAt: at })))
  for (const ms of times) if (ms != null) into.add(ms)
}

/** Waits (up to SETTLE_TIMEOUT_MS) for the receipts of the providers online to leave their outboxes. */
async function settle (network: RealNetwork): Promise<void> {
  await timeUntil(() => network.providers.every(p => (p.running?.provider?.receiptOutbox?.size() ?? 0) === 0), { timeoutMs: SETTLE_TIMEOUT_MS, pollMs: WARM_UP_POLL_MS })
}

/** What the ledger booked: customers' spending, each provider's earnings, the operator's fees. */
async function money (network: RealNetwork, result: ModelResult): Promise<void> {
  const ledger = network.rendezvous.rendezvous!.ledger
  const check = await ledger.check()
  for (const g of network.gateways) result.money.customers += SIMULATED_CUSTOMER_CREDIT - await ledger.balance(customerAccount(g.account))
  result.money.providers = await Promise.all(network.providers.map(async p => ledger.balance(providerAccount(p.account))))
  result.money.operator = await ledger.balance(OPERATOR_FEES)
  result.money.ledgerSum = check.total
  result.money.transactions = check.transactions - network.gateways.length
  result.providers = network.providers.map((p, i) => ({ country: p.country, nat: 'none', earned: result.money.providers[i] ?? 0 }))
}

/** A counter of a node's Prometheus registry, summed over its labels. */
async function counterTotal (node: SimNode, name: string): Promise<number> {
  const metric = node.registry?.getSingleMetric(name)
  if (metric == null) return 0
  return (await metric.get()).values.reduce((n, v) => n + v.value, 0)
}
