import { raceSignal } from 'race-signal'
import { ServiceLifecycle } from '../common/lifecycle.js'
import { encodeFrame } from './frames.js'
import { OpeningReader } from './opening.js'
import {
  DEFAULT_PROXY_OPEN_RESULT_TIMEOUT_MS,
  MAX_PROXY_STREAMS_PER_CONNECTION,
  PROXY_PROTOCOL,
  READY_STREAM_DELAY_MS,
  READY_STREAM_MAX_AGE_MS
} from './constants.js'
import { ProviderUnavailableError, ProxyOpenRefusedError } from './errors.js'
import { ProxyOpen, ProxyOpenResult } from './pb/proxy.js'
import { ReadyStreams } from './ready-streams.js'
import { MeshTunnel } from './tunnel.js'
import type { OptimisticStream, OptimisticStreamOpener } from '../common/optimistic-stream.js'
import type { AbortOptions, PeerId, Startable } from '@libp2p/interface'

/** Where a customer wants to go, and what the gateway presents. */
export interface ProxyTarget {
  host: string
  port: number
  sessionId?: string
  /** the gateway's credential (an encoded SignedCredential) */
  credential?: Uint8Array
  /** the price offered, micro-units per GiB: the provider's advertised price (a metering exit refuses less) */
  pricePerGiB?: number
  /** the paying account, when a hosted gateway opens for one of its customers */
  payingAccount?: string
}

/** What the exit answered to an open it served. */
export interface OpenAnswer {
  /** the address the exit dialled, "ip:port" */
  dialled: string
  /** a metering exit's session id, which the gateway's receipts name */
  meteringSession?: string
}

/** An open proxy stream, ready for the customer's bytes. */
export interface OpenedTunnel extends OpenAnswer {
  tunnel: MeshTunnel
}

/** An early open: the tunnel takes the customer's bytes before the exit has answered. */
export interface EarlyTunnel {
  tunnel: MeshTunnel
  /** the exit's answer; when it refuses (or never answers) this rejects as open() would throw, and the tunnel is destroyed */
  answered: Promise<OpenAnswer>
}

/** What the proxy client runs on. */
export interface ProxyClientComponents {
  /** the gateway's paths to its providers */
  connectionManager: OptimisticStreamOpener
}

/** Options of the proxy client. */
export interface ProxyClientInit {
  /** each provider must answer an open within this time (default DEFAULT_PROXY_OPEN_RESULT_TIMEOUT_MS) */
  openResultTimeoutMs?: number
  /** keep a stream ready to each provider after an open, closed when not taken within this time (default READY_STREAM_MAX_AGE_MS; 0: none) */
  readyStreamMaxAgeMs?: number
}

/**
 * The gateway side of `/peergrid/proxy/1.0.0`: opens a stream to a
 * provider, sends the target with the protocol proposal (one round trip to
 * the result, not two: see openOptimisticStream), waits for the result.
 * Resolves with the
 * tunnel once the exit has connected; throws ProxyOpenRefusedError with the
 * provider's status when it refused, or ProviderUnavailableError when the
 * provider could not be reached, did not answer in time or broke the
 * protocol (another provider may do better). stop() cuts opens in flight.
 * After an open a provider served, one more stream to it is kept ready
 * (ready-streams.ts), and the next open to that provider goes on it.
 */
export class ProxyClient implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/proxy-client'
  private readonly components: ProxyClientComponents
  private readonly init: ProxyClientInit
  private readonly lifecycle = new ServiceLifecycle()
  private readyStreams?: ReadyStreams

  constructor (components: ProxyClientComponents, init: ProxyClientInit = {}) {
    this.components = components
    this.init = init
  }

  start (): void {
    if (!this.lifecycle.start()) return
    const maxAgeMs = this.init.readyStreamMaxAgeMs ?? READY_STREAM_MAX_AGE_MS
    if (maxAgeMs > 0) this.readyStreams = new ReadyStreams(this.components, { maxAgeMs, maxOutboundStreams: MAX_PROXY_STREAMS_PER_CONNECTION, signal: this.lifecycle.signal })
  }

  stop (): void {
    this.readyStreams?.clear()
    this.readyStreams = undefined
    this.lifecycle.stop()
  }

  /** Streams held ready for the next open to their provider (one per provider at most). */
  get readyStreamCount (): number {
    return this.readyStreams?.size ?? 0
  }

  /** Opens a tunnel once the exit has connected to the target; throws as the class says. */
  async open (provider: PeerId, target: ProxyTarget, options: AbortOptions = {}): Promise<OpenedTunnel> {
    const sent = await this.send(provider, target, options)
    const tunnel = this.tunnelFor(sent)
    const answer = await this.answer(provider, sent, tunnel)
    this.readyAfter(provider, tunnel)
    return { tunnel, ...answer }
  }

  /**
   * Opens a tunnel that takes the customer's bytes at once, before the exit
   * has answered: they follow the open in the same flight, which saves the
   * customer a round trip to the exit. The price is in what a refusal
   * looks like: the front has already told its client the tunnel is open,
   * so a refusal can only close it, and no other provider can be tried.
   * Throws as open() does only when the provider cannot be reached.
   */
  async openEarly (provider: PeerId, target: ProxyTarget, options: AbortOptions = {}): Promise<EarlyTunnel> {
    const sent = await this.send(provider, target, options)
    const tunnel = this.tunnelFor(sent)
    const answered = this.answer(provider, sent, tunnel)
    // whoever holds the tunnel hears of a refusal by its close; the caller may also await this
    answered.then(() => { this.readyAfter(provider, tunnel) }, () => {})
    return { tunnel, answered }
  }

  /**
   * Readies a stream for the next open to a provider that just served one:
   * when this tunnel closes, or READY_STREAM_DELAY_MS after its answer if it
   * lives longer. Not at once: the provider would negotiate the new stream
   * while it still has this connection's first bytes to relay (on loopback
   * that cost the open more than the ready stream saved the next one).
   */
  private readyAfter (provider: PeerId, tunnel: MeshTunnel): void {
    const streams = this.readyStreams
    if (streams == null) return
    const prepare = (): void => {
      clearTimeout(timer)
      tunnel.off('close', prepare)
      streams.prepare(provider)
    }
    const timer = setTimeout(prepare, READY_STREAM_DELAY_MS)
    timer.unref()
    tunnel.once('close', prepare)
  }

  /** The tunnel on a sent open: it reads the provider's answers to the proposal and its result before any data (a ready stream's tunnel has been reading them). */
  private tunnelFor ({ opened, tunnel }: SentOpen): MeshTunnel {
    return tunnel ?? new MeshTunnel(opened.stream, { opening: new OpeningReader(opened.pending ? PROXY_PROTOCOL : undefined) })
  }

  /** Takes the provider's ready stream or opens one, and sends the open (with the protocol proposal on a new stream). */
  private async send (provider: PeerId, target: ProxyTarget, options: AbortOptions): Promise<SentOpen> {
    const timeoutMs = this.init.openResultTimeoutMs ?? DEFAULT_PROXY_OPEN_RESULT_TIMEOUT_MS
    const attempt = AbortSignal.timeout(timeoutMs)
    const caller = this.lifecycle.signalFor(options)
    const signal = AbortSignal.any([caller, attempt])
    const ready = this.readyStreams?.take(provider)
    let opened: OptimisticStream
    try {
      // libp2p's default of 64 outbound streams per protocol per connection is far too few for a proxy
      opened = ready?.opened ?? await this.components.connectionManager.openOptimisticStream(provider, PROXY_PROTOCOL, { signal, maxOutboundStreams: MAX_PROXY_STREAMS_PER_CONNECTION })
    } catch (err: any) {
      if (caller.aborted) throw err
      throw new ProviderUnavailableError(attempt.aborted ? `Provider ${provider} could not be reached within ${timeoutMs} ms` : `Cannot reach provider ${provider}: ${err.message}`)
    }
    try {
      // sent with the proposal; the provider's answers to the proposal come before its result, and the tunnel's OpeningReader reads them
      opened.stream.send(encodeFrame(ProxyOpen.encode({
        host: target.host,
        port: target.port,
        ...(target.sessionId != null ? { sessionId: target.sessionId } : {}),
        ...(target.credential != null ? { credential: target.credential as Uint8Array<ArrayBuffer> } : {}),
        ...(target.pricePerGiB != null ? { pricePerGib: target.pricePerGiB } : {}),
        ...(target.payingAccount != null ? { payingAccount: target.payingAccount } : {})
      })))
    } catch (err: any) {
      opened.stream.abort(err)
      ready?.tunnel.destroy()
      throw new ProviderUnavailableError(`Provider ${provider} failed the open: ${err.name}`)
    }
    return { opened, tunnel: ready?.tunnel, signal, caller, attempt, timeoutMs }
  }

  /** Waits for the exit's answer: resolves for a served open; else closes the tunnel and throws as the class says. */
  private async answer (provider: PeerId, { signal, caller, attempt, timeoutMs }: SentOpen, tunnel: MeshTunnel): Promise<OpenAnswer> {
    let result: ProxyOpenResult
    try {
      result = await raceSignal(tunnel.answered, signal)
    } catch (err: any) {
      tunnel.destroy()
      if (caller.aborted) throw err
      throw new ProviderUnavailableError(attempt.aborted ? `Provider ${provider} gave no open result within ${timeoutMs} ms` : `Provider ${provider} failed the open: ${err.name}`)
    }
    if (result.status === ProxyOpenResult.Status.OK) {
      return { dialled: result.dialled ?? '', ...(result.meteringSession != null ? { meteringSession: result.meteringSession } : {}) }
    }
    // the tunnel closed itself on the refusal
    if (result.status === ProxyOpenResult.Status.UNSPECIFIED) throw new ProviderUnavailableError(`Provider ${provider} sent no open status`)
    throw new ProxyOpenRefusedError(result.status, result.rule?.slice(0, 64))
  }
}

/** An open on its way: the stream it went on and the signals that bound the wait for its answer. */
interface SentOpen {
  opened: OptimisticStream
  /** the ready stream's tunnel, when the open went on one */
  tunnel?: MeshTunnel
  signal: AbortSignal
  caller: AbortSignal
  attempt: AbortSignal
  timeoutMs: number
}

/** The proxy client as a libp2p service. */
export function proxyClient (init: ProxyClientInit = {}): (components: ProxyClientComponents) => ProxyClient {
  return (components) => new ProxyClient(components, init)
}
