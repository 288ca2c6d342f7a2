import { boundedMap } from '../../../protocols/common/index.js'
import { ProviderUnavailableError } from '../../../protocols/proxy/index.js'
import { RateLimiter } from '../../utils/rate-limit.js'
import { DEFAULT_MAX_TUNNELS_PER_CUSTOMER } from '../hosted/constants.js'
import { OpenFailedError, toOpenFailure } from '../open-failure.js'
import { InvalidProxyOptionsError, parseProxyOptions } from '../proxy-options.js'
import {
  CREDENTIAL_WARNING_INTERVAL_MS,
  DEFAULT_MAX_TUNNELS,
  MAX_OPEN_ATTEMPTS,
  MAX_STICKY_SESSIONS,
  RETRYABLE_REASONS,
  SESSION_SWEEP_INTERVAL_MS,
  SLOW_OPEN_SUSPECT_MS
} from './constants.js'
import { chooseProvider } from './provider-choice.js'
import { ProviderScores } from './provider-scores.js'
import { StickySessions } from './sticky-sessions.js'
import type { ProxyMetrics } from './metrics.js'
import type { MeshTunnel, OpenAnswer, ProxyClient } from '../../../protocols/proxy/index.js'
import type { Logger } from '../../logger.js'
import type { GatewayMeter } from '../metering.js'
import type { Rate } from '../../utils/rate-limit.js'
import type { ProviderEntry, ProviderFilter } from '../provider-table.js'
import type { ProxyOptions } from '../proxy-options.js'
import type { ProxyRequest } from '../proxy-request.js'
import type { AbortOptions, PeerId, Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

/** What the router runs on. */
export interface ProxyRouterComponents {
  proxyClient: Pick<ProxyClient, 'open' | 'openEarly'>
  connectionManager: Pick<ConnectionManager, 'getConnections'>
  logger: Logger
  metrics: ProxyMetrics
  /** live providers matching a filter (the gateway's table, then the DHT) */
  findProviders(filter: ProviderFilter, options?: AbortOptions): Promise<ProviderEntry[]>
  /** forgets a provider that could not be reached */
  forgetProvider(peerId: PeerId): void
  /** an open failed although a connection is up: have it checked (see ProviderPaths.suspect) */
  suspectPath?(peerId: PeerId): void
  /** the provider's connection was just closed as dead: its path failed, not the provider */
  closedAsDead?(peerId: PeerId): boolean
  /** the gateway's current credential, presented with every open */
  credential?(): Uint8Array | undefined
  /** hosted mode: the customer account a request logged in as (from its API key), undefined when unknown */
  accountOf?(request: ProxyRequest): Promise<string | undefined>
  /** meters the tunnels metering exits open (absent: none is metered) */
  meter?: Pick<GatewayMeter, 'track'>
}

/** Options of the router. */
export interface ProxyRouterInit {
  /** default DEFAULT_MAX_TUNNELS */
  maxTunnels?: number
  /** [0, 1) random source for picking among the best providers (default Math.random) */
  random?(): number
  /** hosted mode: most tunnels one customer account holds (default DEFAULT_MAX_TUNNELS_PER_CUSTOMER) */
  maxTunnelsPerCustomer?: number
  /** hosted mode: most opens per second of one customer account (bursts up to `burst`); absent = none */
  customerOpenRate?: Rate
  /** the clock of sessions and rates, unix ms (default Date.now) */
  now?: () => number
  /**
   * tell the client its tunnel is open before the exit has answered, so that
   * its first bytes go with the open: a round trip less to the first byte,
   * but a refusal then closes the connection instead of being reported as a
   * SOCKS5 reply or HTTP status, and no other provider is tried (default false)
   */
  earlyReply?: boolean
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
 * proxy username, holds hosted customers to their limits, asks
 * `chooseProvider` which provider to try, opens the tunnel, and tries
 * another provider when the failure was the provider's, before any payload
 * byte has moved. It keeps the state the choice reads: scores, sticky
 * sessions, the last provider of each account and country.
 */
export class ProxyRouter implements Startable {
  readonly scores = new ProviderScores()
  readonly sessions: StickySessions
  private readonly components: ProxyRouterComponents
  private readonly init: ProxyRouterInit
  private readonly now: () => number
  private readonly tunnels = new Set<MeshTunnel>()
  private readonly lastProvider = boundedMap<string, string>(MAX_STICKY_SESSIONS)
  private readonly perCustomer = new Map<string, number>()
  private readonly customerRate?: RateLimiter
  private sweepTimer?: ReturnType<typeof setInterval>
  private lastCredentialWarning = 0

  constructor (components: ProxyRouterComponents, init: ProxyRouterInit = {}) {
    this.components = components
    this.init = init
    this.now = init.now ?? Date.now
    this.sessions = new StickySessions(this.now)
    if (init.customerOpenRate != null) this.customerRate = new RateLimiter(init.customerOpenRate, MAX_STICKY_SESSIONS, this.now)
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
    try {
      const wanted = this.options(request)
      const credential = this.credential()
      const account = await this.admitCustomer(request)
      return await this.open(request, wanted, credential, account, options)
    } catch (err: any) {
      if (err instanceof OpenFailedError) metrics.opens.inc({ result: err.reason })
      throw err
    }
  }

  private options (request: ProxyRequest): ProxyOptions {
    try {
      return parseProxyOptions(request.username ?? '')
    } catch (err: any) {
      throw new OpenFailedError('bad-request', err instanceof InvalidProxyOptionsError ? err.message : 'Bad proxy username')
    }
  }

  /** The gateway's credential: every exit requires one, so without it asking them would only burn their capacity. */
  private credential (): Uint8Array {
    const credential = this.components.credential?.()
    if (credential != null) return credential
    if (this.now() - this.lastCredentialWarning > CREDENTIAL_WARNING_INTERVAL_MS) {
      this.lastCredentialWarning = this.now()
      this.components.logger.warn('the gateway holds no credential, so no exit will serve it: start it with --enroll <key> --trust <key id>')
    }
    throw new OpenFailedError('unauthorized', 'The gateway holds no credential yet')
  }

  /** Hosted mode: each customer account's tunnels open now. */
  tunnelsByAccount (): Map<string, number> {
    return new Map(this.perCustomer)
  }

  /** Hosted mode: the customer's account (the front checked its API key; this is the cached answer) and its own limits. */
  private async admitCustomer (request: ProxyRequest): Promise<string | undefined> {
    let account: string | undefined
    if (this.components.accountOf != null) {
      account = await this.components.accountOf(request)
      if (account == null) throw new OpenFailedError('unauthorized', 'Unknown API key')
      if (this.customerRate?.take(account) === false) throw new OpenFailedError('over-rate', 'The customer opens connections faster than allowed')
      if ((this.perCustomer.get(account) ?? 0) >= (this.init.maxTunnelsPerCustomer ?? DEFAULT_MAX_TUNNELS_PER_CUSTOMER)) {
        throw new OpenFailedError('over-capacity', 'The customer holds as many tunnels as allowed')
      }
    }
    if (this.tunnels.size >= (this.init.maxTunnels ?? DEFAULT_MAX_TUNNELS)) throw new OpenFailedError('over-capacity', 'The gateway holds as many tunnels as it may')
    return account
  }

  /** Tries up to MAX_OPEN_ATTEMPTS providers, moving on only after a failure that was the provider's. */
  private async open (request: ProxyRequest, proxyOptions: ProxyOptions, credential: Uint8Array, account: string | undefined, options: AbortOptions): Promise<RoutedTunnel> {
    const { metrics } = this.components
    const sessionKey = proxyOptions.sessionId != null ? `${proxyOptions.account ?? ''}/${proxyOptions.country ?? ''}/${proxyOptions.sessionId}` : undefined
    const rotationKey = `${proxyOptions.account ?? ''}/${proxyOptions.country ?? ''}`
    const tried = new Set<string>()
    let lastError: OpenFailedError | undefined
    for (let attempt = 0; attempt < MAX_OPEN_ATTEMPTS; attempt++) {
      const candidates = (await this.components.findProviders({ service: 'proxy', country: proxyOptions.country }, options))
        .filter(entry => !tried.has(entry.peerId.toString()))
      const choice = chooseProvider({
        candidates,
        host: request.host,
        sessionProvider: sessionKey != null ? this.sessions.get(sessionKey) : undefined,
        lastProvider: this.lastProvider.get(rotationKey),
        score: (id) => this.scores.score(id),
        random: (this.init.random ?? Math.random)()
      })
      if ('none' in choice) {
        // every remaining provider's owner refuses this destination: say so, rather than "no provider"
        if (choice.none === 'policy') lastError ??= new OpenFailedError('policy', 'The owners of the matching providers refuse this destination')
        break
      }
      const provider = choice.provider.peerId
      const id = provider.toString()
      tried.add(id)
      if (attempt > 0) metrics.retries.inc()
      const started = performance.now()
      // an open that takes long may be stuck on a dead connection (a NAT that rebooted): have it checked meanwhile
      const suspicion = setTimeout(() => { this.components.suspectPath?.(provider) }, SLOW_OPEN_SUSPECT_MS)
      const pricePerGiB = choice.provider.record.prices?.microsPerGib ?? 0
      // a hosted gateway's customer pays for what its API key opens
      const payingAccount = account
      const target = { host: request.host, port: request.port, sessionId: proxyOptions.sessionId, credential, pricePerGiB, ...(payingAccount != null ? { payingAccount } : {}) }
      const served = (tunnel: RoutedTunnel, answer: OpenAnswer): void => {
        if (answer.meteringSession != null) this.components.meter?.track(tunnel, provider, answer.meteringSession, pricePerGiB, payingAccount)
        tunnel.dialled = answer.dialled
        const elapsedMs = performance.now() - started
        this.scores.record(id, true, elapsedMs)
        metrics.opens.inc({ result: 'ok' })
        metrics.openSeconds.observe(elapsedMs / 1000)
        if (sessionKey != null) this.sessions.bind(sessionKey, id, proxyOptions.sessionTtlS as number)
        this.lastProvider.set(rotationKey, id)
      }
      try {
        if (this.init.earlyReply === true) {
          // the front tells its client the tunnel is open now; the exit's answer is booked when it comes, a refusal closes the tunnel
          const { tunnel, answered } = await this.components.proxyClient.openEarly(provider, target, options)
          answered.then(answer => { served(tunnel, answer) }, err => {
            if (options.signal?.aborted !== true) metrics.opens.inc({ result: this.failed(provider, err, started).reason })
          })
          return this.track(tunnel, id, '', account)
        }
        const { tunnel, ...answer } = await this.components.proxyClient.open(provider, target, options)
        served(tunnel, answer)
        return this.track(tunnel, id, answer.dialled, account)
      } catch (err: any) {
        if (options.signal?.aborted === true) throw err
        const failure = this.failed(provider, err, started)
        if (!RETRYABLE_REASONS.has(failure.reason)) throw failure
        lastError = failure
      } finally {
        clearTimeout(suspicion)
      }
    }
    throw lastError ?? new OpenFailedError('no-provider', proxyOptions.country != null
      ? `No proxy provider in ${proxyOptions.country} is available`
      : 'No proxy provider is available')
  }

  /** Books an open that failed: the provider's score (a refusal about the destination is not held against it), its path, the log. */
  private failed (provider: PeerId, err: Error, started: number): OpenFailedError {
    const failure = toOpenFailure(err)
    this.scores.record(provider.toString(), !RETRYABLE_REASONS.has(failure.reason), performance.now() - started)
    // forgotten only when it cannot be reached at all: a reset stream on a live connection is no reason
    if (err instanceof ProviderUnavailableError) {
      if (this.components.connectionManager.getConnections(provider).length > 0) this.components.suspectPath?.(provider)
      else if (this.components.closedAsDead?.(provider) !== true) this.components.forgetProvider(provider)
    }
    this.components.logger.debug({ provider: provider.toString(), reason: failure.reason, err: err.message }, 'proxy open failed')
    return failure
  }

  private track (tunnel: RoutedTunnel, provider: string, dialled: string, account?: string): RoutedTunnel {
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
