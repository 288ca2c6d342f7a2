import { setMaxListeners } from 'node:events'
import { pbStream } from '@libp2p/utils'
import {
  MAX_PROXY_OPEN_BYTES,
  MAX_PROXY_STREAMS_PER_CONNECTION,
  PROXY_OPEN_READ_TIMEOUT_MS,
  PROXY_PROTOCOL,
  PROXY_TARGET_CONNECT_TIMEOUT_MS,
  ProxyOpen,
  ProxyOpenResult
} from '../../../protocols/proxy/index.js'
import { DEFAULT_EXIT_IDLE_TIMEOUT_MS, DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER, MAX_RATE_LIMITED_KEYS } from './constants.js'
import { compileRules } from '../../../protocols/rules/index.js'
import { CustomerCheck } from './customer-check.js'
import { checkDestination } from './destination.js'
import { TargetDialError, dialTarget } from './dial-target.js'
import { DestinationRefusedError, DnsFailureError, InvalidDestinationError } from './errors.js'
import { RateLimiter } from '../../utils/rate-limit.js'
import { relay } from './relay.js'
import { DEFAULT_MAX_PROXY_STREAMS } from '../constants.js'
import type { AddressPolicy } from './address-policy.js'
import type { OwnerPolicy } from './owner-policy.js'
import type { Rate } from '../../utils/rate-limit.js'
import type { Resolver } from './destination.js'
import type { PortRule } from './port-rules.js'
import type { VerifiedRevocationList } from '../../../protocols/identity/index.js'
import type { CompiledRules, VerifiedRuleSet } from '../../../protocols/rules/index.js'
import type { TransparencyEntry, TransparencyRepository } from '../../db/transparency-repository.js'
import type { Logger } from '../../logger.js'
import type { ProviderMetrics } from '../metrics.js'
import type { Connection, Libp2p, Stream } from '@libp2p/interface'

const Status = ProxyOpenResult.Status

/** Limits and rules of the exit. */
export interface ExitServerInit {
  /** the address policy (public unicast only, plus --exit-allow ranges) */
  policy: AddressPolicy
  /** concurrent proxy streams in total (default DEFAULT_MAX_PROXY_STREAMS) */
  maxStreams?: number
  /** concurrent proxy streams of one customer (default DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER) */
  maxStreamsPerCustomer?: number
  /** default DEFAULT_EXIT_IDLE_TIMEOUT_MS */
  idleTimeoutMs?: number
  /** default PROXY_TARGET_CONNECT_TIMEOUT_MS */
  connectTimeoutMs?: number
  /** default DNS_TIMEOUT_MS */
  dnsTimeoutMs?: number
  /** default: the system resolver (tests pass a stub) */
  resolver?: Resolver
  /** default DEFAULT_BLOCKED_PORTS */
  blockedPorts?: readonly PortRule[]
  /** rendezvous signing keys whose customer credentials the exit accepts; none = every open is refused */
  trustedKeys?: ReadonlySet<string>
  /** the newest revocation list (default: none) */
  revocations?(): VerifiedRevocationList | undefined
  /** the newest network rule set; when given, the exit refuses everything while it returns undefined (fail closed) */
  ruleSet?(): VerifiedRuleSet | undefined
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
}

/** What the exit runs on. */
export interface ExitServerComponents {
  libp2p: Libp2p
  logger: Logger
  metrics: ProviderMetrics
  transparency: TransparencyRepository
}

/**
 * The proxy exit: answers `/peergrid/proxy/1.0.0`. For each stream it reads
 * the open request, enforces the stream limits, checks the destination
 * (abuse rules, resolved on this node), connects to the checked IP, answers,
 * relays, and records the connection in the transparency log.
 */
export class ExitServer {
  private readonly components: ExitServerComponents
  private readonly init: ExitServerInit
  private readonly perCustomer = new Map<string, number>()
  private readonly customers: CustomerCheck
  private readonly customerRate?: RateLimiter
  private readonly destinationRate?: RateLimiter
  /** the current rule set, prepared once per version: its lookups and its rate limiters */
  private network?: { version: number, rules: CompiledRules, customer?: RateLimiter, destination?: RateLimiter }
  private readonly running = new Set<Promise<void>>()
  private active = 0
  private shutdown?: AbortController

  constructor (components: ExitServerComponents, init: ExitServerInit) {
    this.components = components
    this.init = init
    this.customers = new CustomerCheck(init.trustedKeys, init.revocations)
    if (init.customerOpenRate != null) this.customerRate = new RateLimiter(init.customerOpenRate, MAX_RATE_LIMITED_KEYS, init.now)
    if (init.destinationOpenRate != null) this.destinationRate = new RateLimiter(init.destinationOpenRate, MAX_RATE_LIMITED_KEYS, init.now)
  }

  /** Proxy streams open now. */
  get activeStreams (): number {
    return this.active
  }

  async start (): Promise<void> {
    if (this.shutdown != null) return
    this.shutdown = new AbortController()
    // every open stream listens for shutdown
    setMaxListeners(Infinity, this.shutdown.signal)
    await this.components.libp2p.handle(PROXY_PROTOCOL, (stream, connection) => {
      const work = this.serve(stream, connection)
      this.running.add(work)
      void work.finally(() => { this.running.delete(work) })
    }, { maxInboundStreams: MAX_PROXY_STREAMS_PER_CONNECTION })
  }

  async stop (): Promise<void> {
    if (this.shutdown == null) return
    await this.components.libp2p.unhandle(PROXY_PROTOCOL)
    this.shutdown.abort()
    this.shutdown = undefined
    await Promise.allSettled([...this.running])
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const shutdown = this.shutdown?.signal ?? AbortSignal.abort()
    const { metrics, logger, transparency } = this.components
    const customer = connection.remotePeer.toString()
    const timeMs = Date.now()
    this.track(customer, 1)
    try {
      const pb = pbStream(stream, { maxDataLength: MAX_PROXY_OPEN_BYTES })
      let open: ProxyOpen
      try {
        open = await pb.read(ProxyOpen, { signal: AbortSignal.any([AbortSignal.timeout(PROXY_OPEN_READ_TIMEOUT_MS), shutdown]) })
      } catch (err: any) {
        metrics.proxyOpens.inc({ result: 'bad-open' })
        logger.debug({ err: err.name, customer }, 'no valid proxy open request')
        stream.abort(err)
        return
      }
      const entry: TransparencyEntry = {
        id: transparency.newId(timeMs),
        timeMs,
        customer,
        host: open.host.slice(0, 255),
        port: open.port,
        ...(open.sessionId != null ? { sessionId: open.sessionId.slice(0, 64) } : {}),
        decision: 'refused',
        reason: 'failure',
        bytesSent: 0,
        bytesReceived: 0
      }
      const refusal = await this.admit(open, connection, entry)
      if (refusal != null) {
        entry.rule = refusal.rule
        await this.refuse(pb, stream, entry, refusal.status)
        return
      }

      const signal = AbortSignal.any([AbortSignal.timeout(PROXY_TARGET_CONNECT_TIMEOUT_MS * 2), shutdown])
      let socket
      try {
        const destination = await checkDestination(open.host, open.port, this.init, { signal })
        const ownerRule = this.init.ownerPolicy?.checkAddress(destination.host, destination.ip)
        if (ownerRule != null) {
          entry.rule = ownerRule
          await this.refuse(pb, stream, entry, Status.POLICY)
          return
        }
        entry.dialled = hostPort(destination.ip, destination.port)
        socket = await dialTarget(destination, this.init.connectTimeoutMs ?? PROXY_TARGET_CONNECT_TIMEOUT_MS, { signal })
      } catch (err: any) {
        if (err instanceof DestinationRefusedError) entry.rule = err.rule
        await this.refuse(pb, stream, entry, openStatusOf(err, shutdown))
        return
      }

      entry.decision = 'allowed'
      entry.reason = 'ok'
      // not awaited before answering (it would add to every open); the close write waits for it
      const opened = transparency.put(entry).catch(err => { logger.warn({ err: err.message }, 'cannot write the transparency log') })
      metrics.proxyOpens.inc({ result: 'ok' })
      try {
        await pb.write({ status: Status.OK, dialled: entry.dialled }, ProxyOpenResult, { signal: shutdown })
      } catch (err: any) {
        socket.destroy()
        stream.abort(err)
        await opened
        await this.record({ ...entry, end: 'reset', durationMs: Date.now() - timeMs })
        return
      }
      const result = await relay(pb.unwrap(), socket, {
        idleTimeoutMs: this.init.idleTimeoutMs ?? DEFAULT_EXIT_IDLE_TIMEOUT_MS,
        signal: shutdown,
        onBytes: (direction, bytes) => { metrics.proxyBytes.inc({ direction }, bytes) }
      })
      await opened
      await this.record({ ...entry, bytesSent: result.bytesSent, bytesReceived: result.bytesReceived, durationMs: Date.now() - timeMs, end: result.end })
    } catch (err: any) {
      logger.warn({ err: err.message, customer }, 'proxy stream failed')
      stream.abort(err)
    } finally {
      this.track(customer, -1)
    }
  }

  /**
   * Decides whether this customer may open this stream, before any DNS or
   * dial: a valid credential, the owner's customer list and denied names,
   * the open rates, the stream caps. Sets the entry's account; answers the
   * refusal (status and the rule that refused) or undefined.
   */
  private async admit (open: ProxyOpen, connection: Connection, entry: TransparencyEntry): Promise<{ status: ProxyOpenResult.Status, rule?: string } | undefined> {
    const customer = entry.customer
    try {
      entry.account = (await this.customers.check(open.credential, connection.remotePeer)).account
    } catch (err: any) {
      this.components.metrics.credentialRejections.inc({ reason: err.name })
      return { status: Status.UNAUTHORIZED, rule: err.name }
    }
    const networkRefusal = this.checkRuleSet(open, customer)
    if (networkRefusal != null) return networkRefusal
    const ownerRule = this.init.ownerPolicy?.checkCustomer(entry.account) ?? this.init.ownerPolicy?.checkName(open.host)
    if (ownerRule != null) return { status: Status.POLICY, rule: ownerRule }
    if (this.customerRate?.take(customer) === false) return { status: Status.OVER_RATE, rule: 'customer open rate' }
    if (this.destinationRate?.take(`${customer} ${entry.host}`) === false) return { status: Status.OVER_RATE, rule: 'customer open rate to one destination' }
    if (this.active > (this.init.maxStreams ?? DEFAULT_MAX_PROXY_STREAMS) ||
      (this.perCustomer.get(customer) ?? 0) > (this.init.maxStreamsPerCustomer ?? DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER)) {
      return { status: Status.OVER_CAPACITY }
    }
    return undefined
  }

  /** The network rule set's verdict: no set yet (fail closed), a blocked port or category, or its open rates. */
  private checkRuleSet (open: ProxyOpen, customer: string): { status: ProxyOpenResult.Status, rule?: string } | undefined {
    if (this.init.ruleSet == null) return undefined
    const set = this.init.ruleSet()
    if (set == null) return { status: Status.RULES, rule: 'no rule set yet' }
    if (this.network?.version !== set.version) {
      const rates = set.rules.rates ?? {}
      this.network = {
        version: set.version,
        rules: compileRules(set.rules),
        customer: openLimiter(rates.customerOpensPerSecond, this.init.now),
        destination: openLimiter(rates.customerDestinationOpensPerSecond, this.init.now)
      }
    }
    const rule = this.network.rules.refusal({ host: open.host, port: open.port }, this.init.optedInCategories ?? new Set())
    if (rule != null) return { status: Status.RULES, rule: `${rule} (rule set ${set.version})` }
    if (this.network.customer?.take(customer) === false) return { status: Status.OVER_RATE, rule: 'network customer open rate' }
    if (this.network.destination?.take(`${customer} ${open.host}`) === false) return { status: Status.OVER_RATE, rule: 'network customer open rate to one destination' }
    return undefined
  }

  /** Answers a refusal, closes the stream and logs the decision. */
  private async refuse (pb: ReturnType<typeof pbStream<Stream>>, stream: Stream, entry: TransparencyEntry, status: ProxyOpenResult.Status): Promise<void> {
    entry.reason = reasonOf(status)
    this.components.metrics.proxyOpens.inc({ result: entry.reason })
    this.components.logger.debug({ customer: entry.customer, reason: entry.reason, rule: entry.rule }, 'refused a proxy open')
    try {
      await pb.write({ status, ...(entry.rule != null && (status === Status.RULES || status === Status.POLICY) ? { rule: entry.rule } : {}) }, ProxyOpenResult, { signal: AbortSignal.timeout(PROXY_OPEN_READ_TIMEOUT_MS) })
      await stream.close({ signal: AbortSignal.timeout(PROXY_OPEN_READ_TIMEOUT_MS) })
    } catch (err: any) {
      stream.abort(err)
    }
    await this.record({ ...entry, durationMs: Date.now() - entry.timeMs })
  }

  private async record (entry: TransparencyEntry): Promise<void> {
    try {
      await this.components.transparency.put(entry)
    } catch (err: any) {
      this.components.logger.warn({ err: err.message }, 'cannot write the transparency log')
    }
  }

  private track (customer: string, delta: 1 | -1): void {
    this.active += delta
    const count = (this.perCustomer.get(customer) ?? 0) + delta
    if (count === 0) this.perCustomer.delete(customer)
    else this.perCustomer.set(customer, count)
    this.components.metrics.proxyStreams.set(this.active)
  }
}

/** A limiter for a per-second open rate with bursts up to 4x; none for an absent or zero rate. */
function openLimiter (perSecond: number | undefined, now?: () => number): RateLimiter | undefined {
  return perSecond == null || perSecond === 0 ? undefined : new RateLimiter({ perSecond, burst: perSecond * 4 }, MAX_RATE_LIMITED_KEYS, now)
}

/** The wire status for an error of the destination check or the dial. */
function openStatusOf (err: any, shutdown: AbortSignal): ProxyOpenResult.Status {
  if (err instanceof DestinationRefusedError) return Status.RULES
  if (err instanceof DnsFailureError) return Status.DNS
  if (err instanceof InvalidDestinationError) return Status.BAD_REQUEST
  if (err instanceof TargetDialError) return err.status
  if (err?.name === 'TimeoutError' && !shutdown.aborted) return Status.TIMEOUT
  return Status.FAILURE
}

/** The log and metrics name of a status: over-capacity, bad-request, rules, ... */
export function reasonOf (status: ProxyOpenResult.Status): string {
  return status.toLowerCase().replace('_', '-')
}

/** "ip:port", with brackets around an IPv6 address. */
export function hostPort (ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`
}
