import { cpuAmount, receiptAmount } from '../../../protocols/receipts/index.js'
import { DEFAULT_RECORD_TTL_MS } from '../../../protocols/capability/index.js'
import { usageTransaction } from '../../../rendezvous/index.js'
import { MAX_OPEN_ATTEMPTS, SLOW_OPEN_SUSPECT_MS } from '../../gateway/proxy/constants.js'
import { chooseProvider } from '../../gateway/proxy/provider-choice.js'
import { ProviderScores } from '../../gateway/proxy/provider-scores.js'
import { DEFAULT_ANNOUNCE_INTERVAL_MS, DEFAULT_MAX_PROXY_STREAMS, SUBSCRIBER_ANNOUNCE_DELAY_MS } from '../../provider/constants.js'
import { decideAdmission } from '../../provider/exit/admission.js'
import { DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER } from '../../provider/exit/constants.js'
import { onlineShare } from '../scenario.js'
import { CANDIDATES_PER_OPEN, JOIN_RTTS, NEW_CONNECTION_RTTS, OPEN_RTTS, PUNCH_RTTS, PUNCH_SUCCESS, UPLOAD_SHARE } from './assumptions.js'
import { EventQueue } from './event-queue.js'
import { KnownSet } from './known-set.js'
import { destinationMs, rendezvousCountry, rttMs } from './links.js'
import { NetworkSpread } from './spread.js'
import { emptyResult } from './result.js'
import { closeLastWindow, newWindow } from './windows.js'
import type { ModelResult, Nat } from './result.js'
import type { Random } from '../random.js'
import type { Scenario } from '../scenario.js'
import type { ProviderEntry } from '../../gateway/provider-table.js'

interface SimProvider {
  id: string
  index: number
  country: string
  nat: Nat
  pricePerGiB: number
  bytesPerSecond: number
  compute: boolean
  online: boolean
  /** its last departure was a crash (no connection closed: an open to it stalls) */
  crashed: boolean
  /** bumped at every join: events of an earlier session are stale */
  epoch: number
  /** gateways believe it is online (its record is live in their tables) */
  known: boolean
  active: number
  earned: number
  /** what chooseProvider reads of a table entry */
  entry: ProviderEntry
}

type SimEvent =
  | { kind: 'join' | 'leave' | 'crash' | 'known' | 'gone', provider: number, epoch: number, initial?: boolean }
  | { kind: 'session' | 'job' | 'lookup' | 'revocation' | 'window' }
  | { kind: 'end', provider: number, epoch: number }

/**
 * The model tier: a discrete-event simulation of the market on a virtual
 * clock. Providers join and leave (or crash) by the scenario's churn;
 * gateways learn of them by gossip and forget them when the record expires
 * or after an open to them failed (no goodbye: the product sends none); customers open proxy sessions and
 * jobs. Choice, admission, pricing and the ledger are the product's own
 * functions (chooseProvider, ProviderScores, decideAdmission,
 * receiptAmount, cpuAmount, usageTransaction); the network is the link model
 * and the constants in assumptions.ts.
 */
export async function runModel (scenario: Scenario, random: Random, onProgress?: (done: number) => void): Promise<ModelResult> {
  const draws = { churn: random.split(), workload: random.split(), choice: random.split(), network: random.split(), setup: random.split() }
  const durationMs = scenario.durationHours * 3_600_000
  const windowMs = scenario.windowMinutes * 60_000
  const totalNodes = scenario.nodes.providers.count + scenario.nodes.gateways.count + scenario.nodes.rendezvous
  const queue = new EventQueue<SimEvent>()
  const rendezvous = rendezvousCountry(scenario)
  const spread = new NetworkSpread(scenario, totalNodes, draws.network)

  // the nodes
  const providers: SimProvider[] = []
  const services = scenario.nodes.providers.services ?? ['proxy', 'compute']
  for (let index = 0; index < scenario.nodes.providers.count; index++) {
    const country = draws.setup.pick(scenario.nodes.providers.countries)
    const natted = draws.setup.chance(scenario.nat.share)
    const id = `p${index}`
    providers.push({
      id,
      index,
      country,
      nat: !natted ? 'none' : draws.setup.chance(scenario.nat.portPreservingShare) ? 'port-preserving' : 'port-changing',
      pricePerGiB: scenario.prices.microsPerGiB.byCountry?.[country] ?? scenario.prices.microsPerGiB.default,
      bytesPerSecond: Math.max(1, draws.setup.draw(scenario.links.providerMbps)) * 125_000,
      compute: services.includes('compute') && (services.length === 1 || draws.setup.chance(0.5)),
      online: false,
      crashed: false,
      epoch: 0,
      known: false,
      active: 0,
      earned: 0,
      entry: { peerId: { toString: () => id }, record: { policy: { deniedDomains: [] } } } as unknown as ProviderEntry
    })
  }
  const gateways = Array.from({ length: scenario.nodes.gateways.count }, () => ({
    country: draws.setup.pick(scenario.nodes.gateways.countries),
    scores: new ProviderScores(),
    /** providers this gateway forgot after a failed open, by the epoch it forgot */
    forgotten: new Map<number, number>(),
    /** the path it holds to each provider, by provider and epoch */
    paths: new Map<number, { epoch: number, kind: 'direct' | 'hole-punched' | 'relayed' }>()
  }))
  // who the gateways can pick (live records): all, by country, and those that compute
  const known = { all: new KnownSet<SimProvider>(), compute: new KnownSet<SimProvider>(), byCountry: new Map<string, KnownSet<SimProvider>>() }
  const knownIn = (country: string): KnownSet<SimProvider> => {
    let set = known.byCountry.get(country)
    if (set == null) known.byCountry.set(country, set = new KnownSet())
    return set
  }

  const result = emptyResult()
  let window = newWindow()
  let online = 0
  let onlineMs = 0
  let lastOnlineChange = 0
  const setOnline = (nowMs: number, delta: number): void => {
    onlineMs += online * (nowMs - lastOnlineChange)
    lastOnlineChange = nowMs
    online += delta
  }

  // at the start, each provider is online with the steady-state share, in the middle of a session
  const share = onlineShare(scenario.churn)
  for (const p of providers) {
    if (draws.churn.chance(share)) queue.push(0, { kind: 'join', provider: p.index, epoch: 0, initial: true })
    else queue.push(draws.churn.draw(scenario.churn.offlineHours) * 3_600_000 * draws.churn.next(), { kind: 'join', provider: p.index, epoch: 0 })
  }
  const every = (perSecond: number): number => perSecond <= 0 ? Infinity : draws.workload.draw({ distribution: 'exponential', mean: 1000 / perSecond })
  queue.push(every(scenario.workload.proxySessionsPerSecond), { kind: 'session' })
  queue.push(every(scenario.workload.jobsPerSecond), { kind: 'job' })
  queue.push(spread.nextLookupMs(), { kind: 'lookup' })
  queue.push(spread.nextRevocationMs(), { kind: 'revocation' })
  queue.push(windowMs, { kind: 'window' })

  const ledger = (customer: string, provider: SimProvider, amount: number, session: string, nowMs: number): void => {
    if (amount <= 0) return
    const transaction = usageTransaction({ customer, provider: provider.id, increase: amount, feePpm: scenario.operatorFeePpm, session, seq: 1, atMs: Math.round(nowMs) })
    result.money.transactions++
    for (const entry of transaction.entries) {
      result.money.ledgerSum += entry.amount
      if (entry.account.startsWith('customer:')) result.money.customers -= entry.amount
      else if (entry.account.startsWith('provider:')) provider.earned += entry.amount
      else result.money.operator += entry.amount
    }
  }

  /** A customer connection through gateway g: up to MAX_OPEN_ATTEMPTS providers, as the router tries them. */
  const openSession = (nowMs: number, sessionIndex: number): void => {
    const g = draws.workload.int(gateways.length)
    const gateway = gateways[g]!
    const target = draws.workload.pick(scenario.workload.targeting)
    const pool = target === 'any' ? known.all : knownIn(target)
    window.sessions++
    let elapsedMs = 0
    const tried = new Set<number>()
    for (let attempt = 0; attempt < MAX_OPEN_ATTEMPTS; attempt++) {
      const candidates = pool.sample(CANDIDATES_PER_OPEN, draws.choice).filter(p => !tried.has(p.index) && gateway.forgotten.get(p.index) !== p.epoch && (p.nat !== 'port-changing' || scenario.nat.relayData))
      const choice = chooseProvider({ candidates: candidates.map(p => p.entry), host: 'destination.example', score: id => gateway.scores.score(id), random: draws.choice.next() })
      if ('none' in choice) {
        fail(attempt === 0 ? 'no-provider' : 'retries-exhausted')
        return
      }
      const provider = providers[Number(choice.provider.peerId.toString().slice(1))]!
      tried.add(provider.index)
      result.attempts[attempt + 1] = (result.attempts[attempt + 1] ?? 0) + 1
      const rtt = rttMs(scenario.links, gateway.country, provider.country)
      if (!provider.online) {
        // its record is still live: a provider that left refuses the connection, a crashed one stalls the open until the gateway suspects the connection
        const lostMs = provider.crashed ? SLOW_OPEN_SUSPECT_MS + rtt : rtt
        elapsedMs += lostMs
        gateway.scores.record(provider.id, false, lostMs)
        gateway.forgotten.set(provider.index, provider.epoch)
        continue
      }
      const admission = decideAdmission({
        customer: `c${g}`, host: 'destination.example', port: 443, credential: { account: `customer-${g}` },
        activeStreams: provider.active + 1, customerStreams: 1, maxStreams: DEFAULT_MAX_PROXY_STREAMS, maxStreamsPerCustomer: DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER, nowMs
      })
      const path = pathTo(gateway, provider)
      if (path == null) {
        elapsedMs += rtt * NEW_CONNECTION_RTTS
        gateway.scores.record(provider.id, false, rtt)
        continue
      }
      elapsedMs += path.setupMs + rtt * OPEN_RTTS
      if (!admission.admitted) {
        gateway.scores.record(provider.id, false, rtt)
        continue
      }
      const ttfb = elapsedMs + path.rttMs + destinationMs(scenario.links)
      gateway.scores.record(provider.id, true, elapsedMs)
      result.ttfb.add(ttfb)
      window.ttfb.add(ttfb)
      window.opened++
      result.paths[path.kind]++
      if (path.kind === 'relayed') window.relayed++
      const down = Math.round(draws.workload.draw(scenario.workload.sessionBytes))
      const up = Math.round(down * UPLOAD_SHARE)
      provider.active++
      queue.push(nowMs + ttfb + (up + down) / provider.bytesPerSecond * 1000, { kind: 'end', provider: provider.index, epoch: provider.epoch })
      ledger(`customer-${g}`, provider, receiptAmount(up, down, provider.pricePerGiB), `s${sessionIndex}`, nowMs)
      return
    }
    fail('retries-exhausted')
  }
  const fail = (reason: string): void => {
    window.failed++
    result.failures[reason] = (result.failures[reason] ?? 0) + 1
  }
  /** The gateway's path to a provider: held, or set up now (direct, hole-punched, or through a relay that carries data). */
  const pathTo = (gateway: typeof gateways[number], provider: SimProvider): { kind: 'direct' | 'hole-punched' | 'relayed', setupMs: number, rttMs: number } | undefined => {
    const rtt = rttMs(scenario.links, gateway.country, provider.country)
    // through a relay: the direct round trip plus a default link's there and back to the relay
    const relayRtt = rtt + scenario.links.latencyMs.default * 2
    const held = gateway.paths.get(provider.index)
    if (held?.epoch === provider.epoch) return { kind: held.kind, setupMs: 0, rttMs: held.kind === 'relayed' ? relayRtt : rtt }
    let kind: 'direct' | 'hole-punched' | 'relayed'
    let setupMs: number
    if (provider.nat === 'none') {
      kind = 'direct'
      setupMs = rtt * NEW_CONNECTION_RTTS
    } else if (provider.nat === 'port-preserving' && draws.network.chance(PUNCH_SUCCESS)) {
      kind = 'hole-punched'
      setupMs = relayRtt * NEW_CONNECTION_RTTS + rtt * PUNCH_RTTS
    } else if (scenario.nat.relayData) {
      kind = 'relayed'
      setupMs = relayRtt * NEW_CONNECTION_RTTS
    } else {
      return undefined
    }
    gateway.paths.set(provider.index, { epoch: provider.epoch, kind })
    return { kind, setupMs, rttMs: kind === 'relayed' ? relayRtt : rtt }
  }

  const runJob = (nowMs: number, jobIndex: number): void => {
    result.jobs.submitted++
    const pool = known.compute.items
    const provider = pool.length === 0 ? undefined : pool[draws.choice.int(pool.length)]
    if (provider == null || !provider.online) {
      result.jobs.failed++
      return
    }
    result.jobs.done++
    const cpuMs = Math.round(draws.workload.draw(scenario.workload.jobCpuSeconds) * 1000)
    ledger(`customer-${draws.workload.int(gateways.length)}`, provider, cpuAmount(cpuMs, scenario.prices.microsPerCpuSecond), `j${jobIndex}`, nowMs)
  }

  let sessions = 0
  let jobs = 0
  let revocations = 0
  let lastProgress = 0
  for (;;) {
    const next = queue.pop()
    if (next == null || next.atMs > durationMs) break
    const nowMs = next.atMs
    const event = next.event
    result.events++
    switch (event.kind) {
      case 'join': {
        const p = providers[event.provider]!
        if (p.online || event.epoch !== p.epoch) break
        p.online = true
        p.epoch++
        setOnline(nowMs, 1)
        if (event.initial === true) {
          // online before the clock started: known already
          queue.push(nowMs, { kind: 'known', provider: p.index, epoch: p.epoch })
        } else {
          result.churn.joins++
          // the node connects to a rendezvous and meets the subscribers, waits SUBSCRIBER_ANNOUNCE_DELAY_MS, and its record spreads
          const gossip = spread.gossipDelayMs()
          const delay = SUBSCRIBER_ANNOUNCE_DELAY_MS + JOIN_RTTS * rttMs(scenario.links, p.country, rendezvous) + gossip
          result.discoverable.add(delay / 1000)
          result.gossip.propagation.add(gossip)
          queue.push(nowMs + delay, { kind: 'known', provider: p.index, epoch: p.epoch })
        }
        const stays = draws.churn.draw(scenario.churn.sessionHours) * 3_600_000
        queue.push(nowMs + stays, { kind: draws.churn.chance(scenario.churn.crashShare) ? 'crash' : 'leave', provider: p.index, epoch: p.epoch })
        break
      }
      case 'known': {
        const p = providers[event.provider]!
        if (event.epoch !== p.epoch || !p.online || p.known) break
        p.known = true
        known.all.add(p)
        knownIn(p.country).add(p)
        if (p.compute) known.compute.add(p)
        break
      }
      case 'leave':
      case 'crash': {
        const p = providers[event.provider]!
        if (event.epoch !== p.epoch || !p.online) break
        p.online = false
        p.crashed = event.kind === 'crash'
        setOnline(nowMs, -1)
        if (event.kind === 'leave') result.churn.leaves++
        else result.churn.crashes++
        // no goodbye either way: gateways drop the record when it expires, or after an open to it failed
        queue.push(nowMs + DEFAULT_RECORD_TTL_MS - draws.churn.next() * DEFAULT_ANNOUNCE_INTERVAL_MS, { kind: 'gone', provider: p.index, epoch: p.epoch })
        queue.push(nowMs + draws.churn.draw(scenario.churn.offlineHours) * 3_600_000, { kind: 'join', provider: p.index, epoch: p.epoch })
        break
      }
      case 'gone': {
        const p = providers[event.provider]!
        if (event.epoch !== p.epoch || !p.known) break
        p.known = false
        known.all.delete(p)
        knownIn(p.country).delete(p)
        known.compute.delete(p)
        break
      }
      case 'end': {
        const p = providers[event.provider]!
        if (event.epoch === p.epoch && p.active > 0) p.active--
        break
      }
      case 'session':
        openSession(nowMs, sessions++)
        queue.push(nowMs + every(scenario.workload.proxySessionsPerSecond), { kind: 'session' })
        break
      case 'job':
        runJob(nowMs, jobs++)
        queue.push(nowMs + every(scenario.workload.jobsPerSecond), { kind: 'job' })
        break
      case 'lookup':
        result.dhtLookup.add(spread.dhtLookupMs(1 - online / Math.max(1, providers.length)))
        queue.push(nowMs + spread.nextLookupMs(), { kind: 'lookup' })
        break
      case 'revocation':
        revocations++
        for (const delay of spread.revocationDelaysMs()) result.revocation.add(delay)
        queue.push(nowMs + spread.nextRevocationMs(), { kind: 'revocation' })
        break
      case 'window':
        window.hours = nowMs / 3_600_000
        window.onlineProviders = online
        result.windows.push(window)
        window = newWindow()
        queue.push(nowMs + windowMs, { kind: 'window' })
        break
    }
    if (onProgress != null && result.events - lastProgress >= 20_000) {
      lastProgress = result.events
      onProgress(nowMs / durationMs)
      // let a progress bar draw
      await new Promise(resolve => setImmediate(resolve))
    }
  }
  setOnline(durationMs, 0)
  closeLastWindow(result.windows, window, scenario.durationHours, online)
  Object.assign(result.gossip, spread.deliveries({ joins: result.churn.joins, announces: Math.floor(onlineMs / DEFAULT_ANNOUNCE_INTERVAL_MS), revocations, meanOnlineProviders: onlineMs / durationMs }))
  result.money.providers = providers.map(p => p.earned)
  result.providers = providers.map(p => ({ country: p.country, nat: p.nat, earned: p.earned }))
  onProgress?.(1)
  return result
}
