import { DEFAULT_TARGET_CONNECT_TIMEOUT_MS, ProxyOpenResult, statusName } from '../../../protocols/proxy/index.js'
import { boundedMap, withTimeout } from '../../../protocols/common/index.js'
import { UnfundedAccountError } from '../../../protocols/revocations/index.js'
import { compileRules } from '../../../protocols/rules/index.js'
import { RateLimiter, openRate } from '../../utils/rate-limit.js'
import { DEFAULT_MAX_PROXY_STREAMS } from '../constants.js'
import { decideAdmission } from './admission.js'
import { DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER, MAX_METERED_SESSIONS, MAX_RATE_LIMITED_KEYS } from './constants.js'
import { CustomerCheck } from './customer-check.js'
import { checkDestination } from './destination.js'
import { TargetDialError, dialTarget } from './dial-target.js'
import { DestinationRefusedError, DnsFailureError, InvalidDestinationError } from './errors.js'
import type { NetworkRules } from './admission.js'
import type { AddressPolicy } from './address-policy.js'
import type { Resolver } from './destination.js'
import type { ExitMeter } from './meter.js'
import type { OwnerPolicy } from './owner-policy.js'
import type { PortRule } from './port-rules.js'
import type { TransparencyEntry, TransparencyRepository } from '../../db/transparency-repository.js'
import type { Logger } from '../../logger.js'
import type { Rate } from '../../utils/rate-limit.js'
import type { ProviderMetrics } from '../metrics.js'
import type { ExitDecision, ExitOutcome, ExitRequest, ProxyExit } from '../../../protocols/proxy/index.js'
import type { VerifiedRevocationList } from '../../../protocols/revocations/index.js'
import type { VerifiedRuleSet } from '../../../protocols/rules/index.js'
import type { AbortOptions } from '@libp2p/interface'

const Status = ProxyOpenResult.Status

/** Limits and rules of the exit. */
export interface ExitInit {
  /** the address policy (public unicast only, plus --exit-allow ranges, minus the node's own addresses) */
  policy: AddressPolicy
  /** concurrent proxy streams in total (default DEFAULT_MAX_PROXY_STREAMS) */
  maxStreams?: number
  /** concurrent proxy streams of one customer (default DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER) */
  maxStreamsPerCustomer?: number
  /** default DEFAULT_TARGET_CONNECT_TIMEOUT_MS */
  connectTimeoutMs?: number
  /** default DEFAULT_DNS_TIMEOUT_MS */
  dnsTimeoutMs?: number
  /** default: the system resolver (tests pass a stub) */
  resolver?: Resolver
  /** default DEFAULT_BLOCKED_PORTS */
  blockedPorts?: readonly PortRule[]
  /** rendezvous signing keys whose customer credentials the exit accepts; none = every open is refused */
  trustedKeys?: ReadonlySet<string>
  /** rule set categories the owner opted into (`--category`) */
  optedInCategories?: ReadonlySet<string>
  /** the owner's customer allowlist and destination lists (default: none) */
  ownerPolicy?: OwnerPolicy
  /** most opens per customer (default: no limit) */
  customerOpenRate?: Rate
  /** most opens per customer to one destination host (default: no limit) */
  destinationOpenRate?: Rate
  /** the clock of the open rates, unix ms (default Date.now; tests freeze it) */
  now?: () => number
  /** the current price, micro-units per GiB: a metering exit refuses opens that offer less */
  pricePerGiB?: number
  /** a customer's traffic not yet covered by a receipt, past which it is not served (the meter's bound; default DEFAULT_MAX_UNRECEIPTED_BYTES) */
  maxUnreceiptedBytes?: number
}

/** The owner's controls as the exit uses them (OwnerControls). */
export interface ExitControls {
  /** serve now or not, and why */
  decide(nowMs: number): { serve: boolean, reasons: Array<{ code: string }> }
  /** the owner's customer and destination lists, as they are now */
  readonly ownerPolicy: OwnerPolicy
  /** bytes relayed, either direction: the month's cap and the bandwidth limit count them */
  relayed(bytes: number): void
  /** while over the bandwidth limit: a promise every relay holds for */
  hold(): Promise<void> | undefined
  /** aborts (with a StoppedServingError) when the provider stops serving */
  readonly servingSignal: AbortSignal
}

/** What the exit runs on. */
export interface ExitComponents {
  logger: Logger
  metrics: ProviderMetrics
  transparency: TransparencyRepository
  /** the newest revocation list (absent: none) */
  revocations?: { current(): VerifiedRevocationList | undefined }
  /** the newest network rule set; when given, the exit refuses everything while it holds none (fail closed) */
  rules?: { current(): VerifiedRuleSet | undefined }
  /** the exit's metering (absent: nothing is metered, no price is asked) */
  meter?: ExitMeter
  /** the owner's controls (absent: always serve, the init's owner policy, no bandwidth limit) */
  controls?: ExitControls
}

/** A decision with its transparency log entry, handed back to finished(). */
export interface LoggedDecision extends ExitDecision {
  entry: TransparencyEntry
  /** the write of the entry made when the open was served */
  opened?: Promise<void>
}

/**
 * The provider's exit policy, the proxy server's `exit` hook: admission
 * (credential, rule set, owner policy, rates, caps — `decideAdmission`),
 * then the destination (resolved here, every address public, the owner's
 * address rules) and the dial to the checked IP; every decision goes into
 * the transparency log.
 */
export class Exit implements ProxyExit<LoggedDecision> {
  private readonly components: ExitComponents
  private readonly init: ExitInit
  private readonly customers: CustomerCheck
  private readonly customerRate?: RateLimiter
  private readonly destinationRate?: RateLimiter
  private readonly now: () => number
  private network?: NetworkRules
  /** metered connections' log entries by metering session, for their earnings */
  private readonly metered = boundedMap<string, TransparencyEntry>(MAX_METERED_SESSIONS)

  constructor (components: ExitComponents, init: ExitInit) {
    this.components = components
    this.init = init
    this.now = init.now ?? Date.now
    this.customers = new CustomerCheck(init.trustedKeys, () => components.revocations?.current())
    if (init.customerOpenRate != null) this.customerRate = new RateLimiter(init.customerOpenRate, MAX_RATE_LIMITED_KEYS, this.now)
    if (init.destinationOpenRate != null) this.destinationRate = new RateLimiter(init.destinationOpenRate, MAX_RATE_LIMITED_KEYS, this.now)
  }

  async decide (request: ExitRequest, options: AbortOptions): Promise<LoggedDecision> {
    const { open, connection } = request
    const customer = connection.remotePeer.toString()
    const { meter } = this.components
    const entry: TransparencyEntry = {
      id: this.components.transparency.newId(request.timeMs),
      timeMs: request.timeMs,
      customer,
      host: open.host.slice(0, 255),
      port: open.port,
      ...(open.sessionId != null ? { sessionId: open.sessionId.slice(0, 64) } : {}),
      decision: 'refused',
      reason: 'failure',
      bytesSent: 0,
      bytesReceived: 0
    }
    let credential: { account: string } | { refusedBy: string }
    let payingAccount: string | undefined
    try {
      const verified = await this.customers.check(open.credential, connection.remotePeer)
      payingAccount = this.customers.payingAccount(verified, open.payingAccount)
      credential = { account: verified.account }
    } catch (err: any) {
      this.components.metrics.credentialRejections.inc({ reason: err.name })
      credential = { refusedBy: err.name }
      // a sound credential of an account out of credit: the log names the account
      if (err instanceof UnfundedAccountError && err.account != null) entry.account = err.account
    }
    const nowMs = this.now()
    const { controls } = this.components
    const admission = decideAdmission({
      serving: controls?.decide(nowMs),
      customer,
      host: entry.host,
      port: open.port,
      credential,
      network: this.components.rules != null ? { current: this.networkRules(), optedIn: this.init.optedInCategories ?? new Set() } : undefined,
      owner: this.ownerPolicy,
      customerRate: this.customerRate,
      destinationRate: this.destinationRate,
      activeStreams: request.activeStreams,
      customerStreams: request.peerStreams,
      maxStreams: this.init.maxStreams ?? DEFAULT_MAX_PROXY_STREAMS,
      maxStreamsPerCustomer: this.init.maxStreamsPerCustomer ?? DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER,
      nowMs,
      ...(meter != null
        ? {
            price: { offered: open.pricePerGib, current: this.init.pricePerGiB ?? 0 },
            unreceipted: { bytes: meter.unreceipted(customer), bound: meter.boundFor(customer) }
          }
        : {})
    })
    for (const { limiter, key } of admission.spend) limiter.take(key, nowMs)
    if (admission.account != null) entry.account = admission.account
    if (!admission.admitted) {
      return { status: admission.status, rule: admission.rule, entry, ...(admission.status === Status.PRICE ? { pricePerGiB: this.init.pricePerGiB ?? 0 } : {}) }
    }
    const decision = await this.connect(open.host, open.port, entry, options)
    if (decision.status === Status.OK && controls != null) decision.stop = controls.servingSignal
    if (decision.status === Status.OK && meter != null) {
      // the price is the one the open offered (at least the exit's), fixed for the session
      decision.meteringSession = meter.start(customer, payingAccount ?? admission.account, open.pricePerGib ?? 0)
      entry.meteringSession = decision.meteringSession
      entry.pricePerGiB = open.pricePerGib ?? 0
      entry.earnedMicroUnits = 0
      this.metered.set(decision.meteringSession, entry)
    }
    return decision
  }

  /** A metered connection's newest counter-signed receipt: what it has earned so far, into its log entry. */
  earned (sessionId: string, amount: number): void {
    const entry = this.metered.get(sessionId)
    if (entry == null) return
    entry.earnedMicroUnits = amount
    // the final receipt comes after the connection closed: the closed entry is written again
    if (entry.end != null) void this.record(entry)
  }

  /** While the customer owes too much unreceipted traffic: a promise its relays hold for (the meter's hold). */
  hold (decision: LoggedDecision): Promise<void> | undefined {
    const receipts = decision.meteringSession != null ? this.components.meter?.hold(decision.meteringSession) : undefined
    const bandwidth = this.components.controls?.hold()
    if (receipts == null || bandwidth == null) return receipts ?? bandwidth
    return Promise.all([receipts, bandwidth]).then(() => {})
  }

  relayed (decision: LoggedDecision, direction: 'sent' | 'received', bytes: number): boolean {
    const { meter, controls } = this.components
    controls?.relayed(bytes)
    if (meter == null || decision.meteringSession == null) return true
    return meter.count(decision.meteringSession, direction === 'sent' ? 'up' : 'down', bytes)
  }

  async finished (decision: LoggedDecision, outcome: ExitOutcome): Promise<void> {
    const { entry } = decision
    if (decision.meteringSession != null) this.components.meter?.close(decision.meteringSession)
    if (outcome.end === 'refused') {
      entry.reason = statusName(decision.status)
      if (decision.rule != null) entry.rule = decision.rule
      this.components.logger.debug({ customer: entry.customer, reason: entry.reason, rule: entry.rule }, 'refused a proxy open')
      await this.record({ ...entry, durationMs: outcome.durationMs })
      return
    }
    await decision.opened
    // into the entry itself: a metered connection's final receipt updates it after this
    Object.assign(entry, { bytesSent: outcome.bytesSent, bytesReceived: outcome.bytesReceived, durationMs: outcome.durationMs, end: outcome.end })
    await this.record(entry)
  }

  /** Checks the destination (resolved here) against the rules and the owner's address lists, then dials the checked IP. */
  private async connect (host: string, port: number, entry: TransparencyEntry, options: AbortOptions): Promise<LoggedDecision> {
    const connectTimeoutMs = this.init.connectTimeoutMs ?? DEFAULT_TARGET_CONNECT_TIMEOUT_MS
    const signal = withTimeout(connectTimeoutMs * 2, options.signal)
    try {
      const destination = await checkDestination(host, port, this.init, { signal })
      const ownerRule = this.ownerPolicy?.checkAddress(destination.host, destination.ip)
      if (ownerRule != null) return { status: Status.POLICY, rule: ownerRule, entry }
      entry.dialled = hostPort(destination.ip, destination.port)
      const socket = await dialTarget(destination, connectTimeoutMs, { signal })
      entry.decision = 'allowed'
      entry.reason = 'ok'
      // not awaited before answering (it would add to every open); finished() waits for it
      const opened = this.record(entry)
      return { status: Status.OK, socket, dialled: entry.dialled, entry, opened }
    } catch (err: any) {
      return { status: statusOf(err, options.signal), rule: err instanceof DestinationRefusedError ? err.rule : undefined, entry }
    }
  }

  /** The owner's lists: the controls' when the owner steers the exit live, else the init's. */
  private get ownerPolicy (): OwnerPolicy | undefined {
    return this.components.controls?.ownerPolicy ?? this.init.ownerPolicy
  }

  /** The current rule set, compiled once per version with its open rates. */
  private networkRules (): NetworkRules | undefined {
    const set = this.components.rules?.current()
    if (set == null) return undefined
    if (this.network?.version !== set.version) {
      const rates = set.rules.rates ?? {}
      const limiter = (rate: Rate | undefined): RateLimiter | undefined => rate == null ? undefined : new RateLimiter(rate, MAX_RATE_LIMITED_KEYS, this.now)
      this.network = {
        version: set.version,
        rules: compileRules(set.rules),
        customerRate: limiter(openRate(rates.customerOpensPerSecond)),
        destinationRate: limiter(openRate(rates.customerDestinationOpensPerSecond))
      }
    }
    return this.network
  }

  private async record (entry: TransparencyEntry): Promise<void> {
    try {
      await this.components.transparency.put(entry)
    } catch (err: any) {
      this.components.logger.warn({ err: err.message }, 'cannot write the transparency log')
    }
  }
}

/** The wire status for an error of the destination check or the dial. */
function statusOf (err: any, shutdown: AbortSignal | undefined): ProxyOpenResult.Status {
  if (err instanceof DestinationRefusedError) return Status.RULES
  if (err instanceof DnsFailureError) return Status.DNS
  if (err instanceof InvalidDestinationError) return Status.BAD_REQUEST
  if (err instanceof TargetDialError) return err.status
  if (err?.name === 'TimeoutError' && shutdown?.aborted !== true) return Status.TIMEOUT
  return Status.FAILURE
}

/** "ip:port", with brackets around an IPv6 address. */
export function hostPort (ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`
}
