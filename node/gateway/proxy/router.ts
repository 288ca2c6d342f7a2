import { matchesDomain } from '../../../protocols/rules/index.js'
import { InvalidProxyOptionsError, parseProxyOptions } from '../proxy-options.js'
import { OpenFailedError, openFailureReason } from '../open-failure.js'
import {
  BEST_SCORE_FRACTION,
  CREDENTIAL_WARNING_INTERVAL_MS,
  DEFAULT_MAX_TUNNELS,
  MAX_OPEN_ATTEMPTS,
  MAX_STICKY_SESSIONS,
  RETRYABLE_REASONS,
  SESSION_SWEEP_INTERVAL_MS
} from './constants.js'
import { DEFAULT_MAX_TUNNELS_PER_CUSTOMER } from '../hosted/constants.js'
import { RateLimiter } from '../../utils/rate-limit.js'
import { MeshTunnel } from './mesh-tunnel.js'
import { ProviderUnavailableError, openProxyStream } from './open-stream.js'
import { ProviderScores } from './provider-scores.js'
import { StickySessions } from './sticky-sessions.js'
import type { ProxyMetrics } from './metrics.js'
import type { Rate } from '../../utils/rate-limit.js'
import type { PeergridLibp2p } from '../../libp2p/create-libp2p.js'
import type { Logger } from '../../logger.js'
import type { ProviderEntry, ProviderFilter } from '../provider-table.js'
import type { ProxyOptions } from '../proxy-options.js'
import type { ProxyRequest } from '../proxy-request.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'

/** What the router runs on. */
export interface ProxyRouterComponents {
  libp2p: PeergridLibp2p
  logger: Logger
  metrics: ProxyMetrics
  /** live providers matching a filter (the gateway's table, then the DHT) */
  findProviders(filter: ProviderFilter, options?: AbortOptions): Promise<ProviderEntry[]>
  /** forgets a provider that could not be reached */
  forgetProvider(peerId: PeerId): void
  /** the gateway's current credential, presented with every open */
  credential?(): Uint8Array | undefined
  /** hosted mode: the customer account a request logged in as (from its API key), undefined when unknown */
  accountOf?(request: ProxyRequest): Promise<string | undefined>
}

/** Options of the router. */
export interface ProxyRouterInit {
  /** default DEFAULT_MAX_TUNNELS */
  maxTunnels?: number
  /** [0, 1) random source for picking among the best providers (default Math.random) */
  random?(): number
  /** each provider must answer an open within this time (default PROXY_OPEN_RESULT_TIMEOUT_MS) */
  openResultTimeoutMs?: number
  /** hosted mode: most tunnels one customer account holds (default DEFAULT_MAX_TUNNELS_PER_CUSTOMER) */
  maxTunnelsPerCustomer?: number
  /** hosted mode: most opens per second of one customer account (bursts up to `burst`); absent = none */
  customerOpenRate?: Rate
}

/** A tunnel the router opened, with where it goes. */
export interface RoutedTunnel extends MeshTunnel {
  /** peer id of the provider serving it */
  provider?: string
  /** the address the exit dialled */
  dialled?: string
}

/**
 * Routes a customer's connection to a provider: parses the options in the
 * proxy username, picks a provider (matching country; the session's
 * provider while the session lives; otherwise the best scored, at random
 * among near-equals, not the one the previous connection used), opens the
 * stream and retries on another provider when the failure was the
 * provider's, before any payload byte has moved.
 */
export class ProxyRouter {
  readonly scores = new ProviderScores()
  readonly sessions = new StickySessions()
  private readonly components: ProxyRouterComponents
  private readonly init: ProxyRouterInit
  private readonly tunnels = new Set<MeshTunnel>()
  private readonly lastProvider = new Map<string, string>()
  private readonly perCustomer = new Map<string, number>()
  private readonly customerRate?: RateLimiter
  private sweepTimer?: ReturnType<typeof setInterval>
  private lastCredentialWarning = 0

  constructor (components: ProxyRouterComponents, init: ProxyRouterInit = {}) {
    this.components = components
    this.init = init
    if (init.customerOpenRate != null) this.customerRate = new RateLimiter(init.customerOpenRate, MAX_STICKY_SESSIONS)
  }

  /** Tunnels open now. */
  get activeTunnels (): number {
    return this.tunnels.size
  }

  start (): void {
    this.sweepTimer ??= setInterval(() => { this.sessions.sweep() }, SESSION_SWEEP_INTERVAL_MS)
    this.sweepTimer.unref()
  }

  /** Destroys every open tunnel. */
  stop (): void {
    clearInterval(this.sweepTimer)
    this.sweepTimer = undefined
    for (const tunnel of this.tunnels) tunnel.destroy()
  }

  /** The connect handler of both fronts: resolves with the open tunnel or throws OpenFailedError. */
  async connect (request: ProxyRequest, options: AbortOptions = {}): Promise<RoutedTunnel> {
    const { metrics } = this.components
    let proxyOptions: ProxyOptions
    try {
      proxyOptions = parseProxyOptions(request.username ?? '')
    } catch (err: any) {
      metrics.opens.inc({ result: 'bad-request' })
      throw new OpenFailedError('bad-request', err instanceof InvalidProxyOptionsError ? err.message : 'Bad proxy username')
    }
    const credential = this.components.credential?.()
    if (credential == null) {
      // every exit requires one: asking them would only burn their capacity
      metrics.opens.inc({ result: 'unauthorized' })
      if (Date.now() - this.lastCredentialWarning > CREDENTIAL_WARNING_INTERVAL_MS) {
        this.lastCredentialWarning = Date.now()
        this.components.logger.warn('the gateway holds no credential, so no exit will serve it: start it with --enroll <key> --trust <key id>')
      }
      throw new OpenFailedError('unauthorized', 'The gateway holds no credential yet')
    }
    let account: string | undefined
    if (this.components.accountOf != null) {
      // hosted: the front checked the API key; this is the cached answer, and the customer's own limits
      account = await this.components.accountOf(request)
      if (account == null) throw new OpenFailedError('unauthorized', 'Unknown API key')
      if (this.customerRate?.take(account) === false) {
        metrics.opens.inc({ result: 'over-rate' })
        throw new OpenFailedError('over-rate', 'The customer opens connections faster than allowed')
      }
      if ((this.perCustomer.get(account) ?? 0) >= (this.init.maxTunnelsPerCustomer ?? DEFAULT_MAX_TUNNELS_PER_CUSTOMER)) {
        metrics.opens.inc({ result: 'over-capacity' })
        throw new OpenFailedError('over-capacity', 'The customer holds as many tunnels as allowed')
      }
    }
    if (this.tunnels.size >= (this.init.maxTunnels ?? DEFAULT_MAX_TUNNELS)) {
      metrics.opens.inc({ result: 'over-capacity' })
      throw new OpenFailedError('over-capacity', 'The gateway holds as many tunnels as it may')
    }
    const sessionKey = proxyOptions.sessionId != null ? `${proxyOptions.account ?? ''}/${proxyOptions.country ?? ''}/${proxyOptions.sessionId}` : undefined
    const rotationKey = `${proxyOptions.account ?? ''}/${proxyOptions.country ?? ''}`
    const tried = new Set<string>()
    let lastError: OpenFailedError | undefined

    for (let attempt = 0; attempt < MAX_OPEN_ATTEMPTS; attempt++) {
      const matching = (await this.components.findProviders({ service: 'proxy', country: proxyOptions.country }, options))
        .filter(entry => !tried.has(entry.peerId.toString()))
      const candidates = matching.filter(entry => !deniesHost(entry, request.host))
      if (candidates.length === 0) {
        // every remaining provider's owner refuses this destination: say so, rather than "no provider"
        if (matching.length > 0) lastError ??= new OpenFailedError('policy', 'The owners of the matching providers refuse this destination')
        break
      }
      const chosen = this.choose(candidates, sessionKey, rotationKey)
      const id = chosen.peerId.toString()
      tried.add(id)
      if (attempt > 0) metrics.retries.inc()
      const started = performance.now()
      try {
        const opened = await openProxyStream(this.components.libp2p, chosen.peerId, { host: request.host, port: request.port, sessionId: proxyOptions.sessionId, credential }, { signal: options.signal, resultTimeoutMs: this.init.openResultTimeoutMs })
        const elapsedMs = performance.now() - started
        this.scores.record(id, true, elapsedMs)
        metrics.opens.inc({ result: 'ok' })
        metrics.openSeconds.observe(elapsedMs / 1000)
        if (sessionKey != null) this.sessions.bind(sessionKey, id, proxyOptions.sessionTtlS as number)
        this.remember(rotationKey, id)
        return this.track(opened.stream, id, opened.dialled, account)
      } catch (err: any) {
        if (options.signal?.aborted === true) throw err
        const reason = openFailureReason(err)
        const providerFault = RETRYABLE_REASONS.has(reason)
        // a refusal about the destination is not held against the provider
        this.scores.record(id, !providerFault, performance.now() - started)
        // forgotten only when it cannot be reached at all: a reset stream on a live connection is no reason
        if (err instanceof ProviderUnavailableError && this.components.libp2p.getConnections(chosen.peerId).length === 0) {
          this.components.forgetProvider(chosen.peerId)
        }
        this.components.logger.debug({ provider: id, reason, err: err.message }, 'proxy open failed')
        if (!providerFault) {
          metrics.opens.inc({ result: reason })
          throw err
        }
        lastError = err instanceof OpenFailedError ? err : new OpenFailedError('failure', err.message)
      }
    }
    const failure = lastError ?? new OpenFailedError('no-provider', proxyOptions.country != null
      ? `No proxy provider in ${proxyOptions.country} is available`
      : 'No proxy provider is available')
    metrics.opens.inc({ result: failure.reason })
    throw failure
  }

  /** The session's provider if it is a candidate; else one of the best, not the last one used if there is a choice. */
  private choose (candidates: ProviderEntry[], sessionKey: string | undefined, rotationKey: string): ProviderEntry {
    if (sessionKey != null) {
      const bound = this.sessions.get(sessionKey)
      const match = bound != null ? candidates.find(entry => entry.peerId.toString() === bound) : undefined
      if (match != null) return match
    }
    const scored = candidates.map(entry => ({ entry, score: this.scores.score(entry.peerId.toString()) }))
    const best = Math.max(...scored.map(s => s.score))
    let pool = scored.filter(s => s.score >= best * BEST_SCORE_FRACTION)
    const last = this.lastProvider.get(rotationKey)
    if (pool.length > 1 && last != null) pool = pool.filter(s => s.entry.peerId.toString() !== last)
    const random = this.init.random ?? Math.random
    return pool[Math.floor(random() * pool.length)]!.entry
  }

  private remember (rotationKey: string, id: string): void {
    this.lastProvider.delete(rotationKey)
    this.lastProvider.set(rotationKey, id)
    if (this.lastProvider.size > MAX_STICKY_SESSIONS) this.lastProvider.delete(this.lastProvider.keys().next().value as string)
  }

  private track (stream: MeshTunnel['stream'], provider: string, dialled: string, account?: string): RoutedTunnel {
    const tunnel: RoutedTunnel = new MeshTunnel(stream)
    tunnel.provider = provider
    tunnel.dialled = dialled
    this.tunnels.add(tunnel)
    if (account != null) this.perCustomer.set(account, (this.perCustomer.get(account) ?? 0) + 1)
    this.components.metrics.tunnels.set(this.tunnels.size)
    tunnel.once('close', () => {
      this.tunnels.delete(tunnel)
      if (account != null) {
        const left = (this.perCustomer.get(account) ?? 1) - 1
        if (left === 0) this.perCustomer.delete(account)
        else this.perCustomer.set(account, left)
      }
      this.components.metrics.tunnels.set(this.tunnels.size)
    })
    return tunnel
  }
}

/** True when the provider's record says its owner refuses this host (a denied domain or a subdomain of one). */
function deniesHost (entry: ProviderEntry, host: string): boolean {
  const denied = entry.record.policy?.deniedDomains
  if (denied == null || denied.length === 0) return false
  const name = host.toLowerCase().replace(/\.$/, '')
  return denied.some(domain => matchesDomain(name, domain))
}
