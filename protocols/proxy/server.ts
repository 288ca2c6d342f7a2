import { pbStream } from '@libp2p/utils'
import { withTimeout } from '../common/abort.js'
import { ServiceLifecycle } from '../common/lifecycle.js'
import { silentLogger } from '../common/logger.js'
import {
  DEFAULT_PROXY_IDLE_TIMEOUT_MS,
  DEFAULT_PROXY_OPEN_TIMEOUT_MS,
  MAX_PROXY_OPEN_BYTES,
  MAX_PROXY_STREAMS_PER_CONNECTION,
  PROXY_PROTOCOL
} from './constants.js'
import { proxyServerMetrics } from './metrics.js'
import { ProxyOpen, ProxyOpenResult } from './pb/proxy.js'
import { UnpaidError, relay } from './relay.js'
import type { ProxyServerMetrics } from './metrics.js'
import type { RelayEnd } from './relay.js'
import type { Logger } from '../common/logger.js'
import type { AbortOptions, Connection, Startable, Stream } from '@libp2p/interface'
import type { Registrar } from '@libp2p/interface-internal'
import type { Socket } from 'node:net'
import type { Registry } from 'prom-client'

const Status = ProxyOpenResult.Status

/** One open the exit is asked to decide. */
export interface ExitRequest {
  open: ProxyOpen
  /** the customer is its noise-authenticated remote peer */
  connection: Connection
  /** proxy streams open now, in total and from this connection's peer, this one included */
  activeStreams: number
  peerStreams: number
  /** when the stream arrived, unix ms */
  timeMs: number
}

/** The exit's answer to one open: OK with a connected target, or a refusal. */
export interface ExitDecision {
  status: ProxyOpenResult.Status
  /** the rule that refused it, sent to the customer for RULES and POLICY */
  rule?: string
  /** OK only: the connected target and its "ip:port" */
  socket?: Socket
  dialled?: string
  /** OK from a metering exit: the session id the customer's receipts name */
  meteringSession?: string
  /** PRICE only: the exit's current price, micro-units per GiB */
  pricePerGiB?: number
  /** OK only: ends the relay when it aborts, with its reason (a StoppedServingError ends it as 'stopped') */
  stop?: AbortSignal
}

/** How an open ended: refused, or how its relay ended, with what moved. */
export interface ExitOutcome {
  end: 'refused' | RelayEnd
  /** bytes written to the target */
  bytesSent: number
  /** bytes read from the target */
  bytesReceived: number
  durationMs: number
}

/**
 * Role hook: the exit's policy. `decide` runs admission (credential, rules,
 * owner policy, rates, caps), checks and dials the destination; `finished`
 * hears how each decided open ended, once, after its answer went out.
 */
export interface ProxyExit<D extends ExitDecision = ExitDecision> {
  decide(request: ExitRequest, options: AbortOptions): Promise<D>
  finished(decision: D, outcome: ExitOutcome): void | Promise<void>
  /** hears the bytes a served open relays ('sent': to the target); false ends the relay as 'unpaid' (absent: nothing is metered) */
  relayed?(decision: D, direction: 'sent' | 'received', bytes: number): boolean
  /** after relayed bytes: a promise the relay holds for (reads neither side) until it settles, e.g. the customer's receipts catching up */
  hold?(decision: D): Promise<void> | undefined
}

/** What the proxy server runs on. */
export interface ProxyServerComponents<D extends ExitDecision = ExitDecision> {
  registrar: Pick<Registrar, 'handle' | 'unhandle'>
  exit: ProxyExit<D>
  logger?: Logger
  registry?: Registry
}

/** Options of the proxy server. */
export interface ProxyServerInit {
  /** the open request must arrive within this time (default DEFAULT_PROXY_OPEN_TIMEOUT_MS) */
  openTimeoutMs?: number
  /** a relay with no traffic for this long is closed (default DEFAULT_PROXY_IDLE_TIMEOUT_MS) */
  idleTimeoutMs?: number
}

/**
 * The exit side of `/peergrid/proxy/1.0.0`: the stream's lifecycle. Reads
 * the open request (bounded, timed), asks the exit hook for a decision,
 * answers it, relays a served connection until both directions are done,
 * and tells the hook how it ended. stop() unregisters the protocol and ends
 * every relay ('shutdown').
 */
export class ProxyServer<D extends ExitDecision = ExitDecision> implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/proxy-server'
  private readonly components: ProxyServerComponents<D>
  private readonly init: ProxyServerInit
  private readonly logger: Logger
  private readonly metrics?: ProxyServerMetrics
  private readonly bytesCounters?: Record<'sent' | 'received', { inc(n: number): void }>
  private readonly lifecycle = new ServiceLifecycle()
  private readonly perPeer = new Map<string, number>()
  private readonly running = new Set<Promise<void>>()
  private active = 0

  constructor (components: ProxyServerComponents<D>, init: ProxyServerInit = {}) {
    this.components = components
    this.init = init
    this.logger = components.logger ?? silentLogger()
    this.metrics = components.registry != null ? proxyServerMetrics(components.registry) : undefined
    // bound to their label once: counted on every relayed chunk
    if (this.metrics != null) this.bytesCounters = { sent: this.metrics.bytes.labels('sent'), received: this.metrics.bytes.labels('received') }
  }

  /** Proxy streams open now. */
  get activeStreams (): number {
    return this.active
  }

  async start (): Promise<void> {
    if (!this.lifecycle.start()) return
    await this.components.registrar.handle(PROXY_PROTOCOL, (stream, connection) => {
      const work = this.serve(stream, connection)
      this.running.add(work)
      void work.finally(() => { this.running.delete(work) })
    }, {
      maxInboundStreams: MAX_PROXY_STREAMS_PER_CONNECTION,
      // through a relay that carries data (relayed connections are limited: the relay cuts one at its byte and time limits)
      runOnLimitedConnection: true
    })
  }

  async stop (): Promise<void> {
    if (!this.lifecycle.stop()) return
    await this.components.registrar.unhandle(PROXY_PROTOCOL)
    await Promise.allSettled([...this.running])
  }

  private async serve (stream: Stream, connection: Connection): Promise<void> {
    const shutdown = this.lifecycle.signal
    const peer = connection.remotePeer.toString()
    const pb = pbStream(stream, { maxDataLength: MAX_PROXY_OPEN_BYTES })
    let open: ProxyOpen
    try {
      open = await pb.read(ProxyOpen, { signal: withTimeout(this.init.openTimeoutMs ?? DEFAULT_PROXY_OPEN_TIMEOUT_MS, shutdown) })
    } catch (err: any) {
      // a stream a gateway opened ahead of need and closed unused ends before any open: no fault of anyone's
      const unused = err.name === 'UnexpectedEOFError'
      this.metrics?.opens.inc({ result: unused ? 'unused' : 'bad-open' })
      if (!unused) this.logger.debug({ err: err.name, customer: peer }, 'no valid proxy open request')
      stream.abort(err)
      return
    }
    // counted from its open on: a stream waiting for one (a gateway's ready stream) takes no share of the caps
    const timeMs = Date.now()
    this.track(peer, 1)
    try {
      const decision = await this.components.exit.decide({ open, connection, activeStreams: this.active, peerStreams: this.perPeer.get(peer) ?? 0, timeMs }, { signal: shutdown })
      const outcome = decision.status === Status.OK
        ? await this.relay(pb, stream, decision, shutdown)
        : await this.refuse(pb, stream, decision)
      await this.components.exit.finished(decision, { ...outcome, durationMs: Date.now() - timeMs })
    } catch (err: any) {
      this.logger.warn({ err: err.message, customer: peer }, 'proxy stream failed')
      stream.abort(err)
    } finally {
      this.track(peer, -1)
    }
  }

  /** Answers a refusal and closes the stream. */
  private async refuse (pb: ReturnType<typeof pbStream<Stream>>, stream: Stream, decision: D): Promise<Omit<ExitOutcome, 'durationMs'>> {
    this.metrics?.opens.inc({ result: statusName(decision.status) })
    const withRule = decision.rule != null && (decision.status === Status.RULES || decision.status === Status.POLICY || decision.status === Status.PRICE || decision.status === Status.NOT_SERVING)
    const signal = AbortSignal.timeout(this.init.openTimeoutMs ?? DEFAULT_PROXY_OPEN_TIMEOUT_MS)
    try {
      await pb.write({
        status: decision.status,
        ...(withRule ? { rule: decision.rule } : {}),
        ...(decision.status === Status.PRICE && decision.pricePerGiB != null ? { pricePerGib: decision.pricePerGiB } : {})
      }, ProxyOpenResult, { signal })
      await stream.close({ signal })
    } catch (err: any) {
      stream.abort(err)
    }
    return { end: 'refused', bytesSent: 0, bytesReceived: 0 }
  }

  /** Answers OK and relays until both directions are done. */
  private async relay (pb: ReturnType<typeof pbStream<Stream>>, stream: Stream, decision: D, shutdown: AbortSignal): Promise<Omit<ExitOutcome, 'durationMs'>> {
    const socket = decision.socket as Socket
    this.metrics?.opens.inc({ result: 'ok' })
    try {
      await pb.write({ status: Status.OK, dialled: decision.dialled, ...(decision.meteringSession != null ? { meteringSession: decision.meteringSession } : {}) }, ProxyOpenResult, { signal: shutdown })
    } catch (err: any) {
      socket.destroy()
      stream.abort(err)
      return { end: 'reset', bytesSent: 0, bytesReceived: 0 }
    }
    // ended by the exit's shutdown, by its meter (UnpaidError) or by its owner's controls (StoppedServingError)
    const unpaid = new AbortController()
    const { exit } = this.components
    const result = await relay(pb.unwrap(), socket, {
      idleTimeoutMs: this.init.idleTimeoutMs ?? DEFAULT_PROXY_IDLE_TIMEOUT_MS,
      signal: AbortSignal.any([shutdown, unpaid.signal, ...(decision.stop != null ? [decision.stop] : [])]),
      onBytes: (direction, bytes) => {
        this.bytesCounters?.[direction].inc(bytes)
        if (exit.relayed?.(decision, direction, bytes) === false && !unpaid.signal.aborted) {
          unpaid.abort(new UnpaidError('The customer\'s traffic not covered by receipts passed the exit\'s bound'))
        }
      },
      hold: () => exit.hold?.(decision)
    })
    return { end: result.end, bytesSent: result.bytesSent, bytesReceived: result.bytesReceived }
  }

  private track (peer: string, delta: 1 | -1): void {
    this.active += delta
    const count = (this.perPeer.get(peer) ?? 0) + delta
    if (count === 0) this.perPeer.delete(peer)
    else this.perPeer.set(peer, count)
    this.metrics?.streams.set(this.active)
  }
}

/** The log and metrics name of a status: over-capacity, bad-request, rules, ... */
export function statusName (status: ProxyOpenResult.Status): string {
  return status.toLowerCase().replace('_', '-')
}

/** The proxy server (the exit) as a libp2p service. */
export function proxyServer<D extends ExitDecision = ExitDecision> (init: ProxyServerInit = {}): (components: ProxyServerComponents<D>) => ProxyServer<D> {
  return (components) => new ProxyServer(components, init)
}
