import { setMaxListeners } from 'node:events'
import { lpStream } from '@libp2p/utils'
import { InvalidMessageError, TimeoutError } from './errors.js'
import type { ExchangeSide, RequestMetrics } from './metrics.js'
import type { AbortOptions, Connection, PeerId, Stream } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Uint8ArrayList } from 'uint8arraylist'

/** A protobuf message type, as protons generates it. */
export interface MessageCodec<T> {
  encode(message: T): Uint8Array
  decode(bytes: Uint8Array | Uint8ArrayList): T
}

/**
 * One request/response protocol, described as data: one length-prefixed
 * request, one length-prefixed response, then both sides close. `request()`
 * and `respond()` do the rest the same way for every protocol.
 */
export interface RequestResponseProtocol<Req, Res extends { status: string }> {
  /** the protocol id, e.g. /peergrid/register/1.0.0 */
  id: string
  /** a short name for metrics and logs, e.g. 'register' */
  name: string
  request: MessageCodec<Req>
  response: MessageCodec<Res>
  /** hard limit on the encoded request, in bytes (the responder's read limit) */
  maxRequestBytes: number
  /** hard limit on the encoded response, in bytes (the asker's read limit) */
  maxResponseBytes: number
  /**
   * What each response status means to the asker: 'answer' hands the response
   * back, a function builds the typed error to throw. A status not listed
   * here (UNSPECIFIED, or one this version does not know) is an
   * InvalidMessageError, like a response that does not decode.
   */
  statuses: Partial<Record<Res['status'], 'answer' | ((response: Res) => Error)>>
}

/** How one request is made. */
export interface RequestOptions extends AbortOptions {
  /** the whole exchange (dial, ask, answer) must finish within this time */
  timeoutMs: number
  metrics?: RequestMetrics
  /** outbound streams of this protocol one connection may hold (libp2p's default is 64) */
  maxOutboundStreams?: number
}

/**
 * Asks `peer` one question over `protocol`. Resolves with the response when
 * its status is an answer; throws the status's typed error, InvalidMessageError
 * for a response that does not decode or has an unknown status, TimeoutError
 * when the exchange takes longer than `timeoutMs`, or the dial's error.
 */
export async function request<Req, Res extends { status: string }> (connectionManager: Pick<ConnectionManager, 'openStream'>, peer: PeerId, protocol: RequestResponseProtocol<Req, Res>, message: Req, options: RequestOptions): Promise<Res> {
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal == null ? timeout : AbortSignal.any([timeout, options.signal])
  // libp2p adds a listener per await of the dial
  setMaxListeners(Infinity, signal)
  const started = performance.now()
  let stream: Stream | undefined
  let response: Res
  try {
    stream = await connectionManager.openStream(peer, protocol.id, { signal, negotiateFully: false, ...(options.maxOutboundStreams != null ? { maxOutboundStreams: options.maxOutboundStreams } : {}) })
    const lp = lpStream(stream, { maxDataLength: protocol.maxResponseBytes })
    await lp.write(protocol.request.encode(message), { signal })
    response = decode(protocol, protocol.response, await lp.read({ signal }))
    await stream.close({ signal }).catch(() => {})
  } catch (err: any) {
    stream?.abort(err)
    const error = timeout.aborted && options.signal?.aborted !== true
      ? new TimeoutError(`${protocol.name}: no answer from ${peer.toString()} within ${options.timeoutMs} ms`)
      : err
    record(options.metrics, protocol, 'client', error.name ?? 'Error', started)
    throw error
  }
  const status = String(response.status)
  record(options.metrics, protocol, 'client', status.toLowerCase(), started)
  const outcome = protocol.statuses[status as Res['status']]
  if (outcome === 'answer') return response
  if (outcome != null) throw outcome(response)
  throw new InvalidMessageError(`${protocol.name}: unexpected response status ${status}`)
}

/** How one inbound request is answered. */
export interface RespondOptions extends AbortOptions {
  /** the whole exchange (read, answer, close) must finish within this time */
  timeoutMs: number
  metrics?: RequestMetrics
}

/**
 * Answers one inbound stream of `protocol`: reads the request (at most
 * `maxRequestBytes`), asks `answer` for the response, writes it and closes.
 * A request over its limit, one that does not decode, silence past
 * `timeoutMs` or an `answer` that throws resets the stream; the result is
 * counted either way. Never rejects.
 */
export async function respond<Req, Res extends { status: string }> (stream: Stream, connection: Connection, protocol: RequestResponseProtocol<Req, Res>, answer: (request: Req, connection: Connection, options: AbortOptions) => Promise<Res>, options: RespondOptions): Promise<string> {
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal == null ? timeout : AbortSignal.any([timeout, options.signal])
  const started = performance.now()
  try {
    const lp = lpStream(stream, { maxDataLength: protocol.maxRequestBytes })
    const request = decode(protocol, protocol.request, await lp.read({ signal }))
    const response = await answer(request, connection, { signal })
    await lp.write(protocol.response.encode(response), { signal })
    await stream.close({ signal })
    const result = String(response.status).toLowerCase()
    record(options.metrics, protocol, 'server', result, started)
    return result
  } catch (err: any) {
    const error = timeout.aborted && options.signal?.aborted !== true ? new TimeoutError(`${protocol.name}: the request did not arrive within ${options.timeoutMs} ms`) : err
    stream.abort(error)
    record(options.metrics, protocol, 'server', error.name ?? 'Error', started)
    return error.name ?? 'Error'
  }
}

/**
 * Decodes one message a peer sent: a message that does not decode, whatever
 * protons makes of it (a plain Error for an unknown enum value, a RangeError
 * for a truncated field), is an InvalidMessageError.
 */
export function decodeMessage<T> (codec: MessageCodec<T>, bytes: Uint8Array | Uint8ArrayList, what = 'message'): T {
  try {
    return codec.decode(bytes)
  } catch (err: any) {
    throw new InvalidMessageError(`${what}: the message does not decode (${String(err?.message ?? err)})`)
  }
}

function decode<T> (protocol: { name: string }, codec: MessageCodec<T>, bytes: Uint8ArrayList): T {
  return decodeMessage(codec, bytes, protocol.name)
}

function record (metrics: RequestMetrics | undefined, protocol: { name: string }, side: ExchangeSide, result: string, started: number): void {
  if (metrics == null) return
  metrics.requests.inc({ protocol: protocol.name, side, result })
  metrics.seconds.observe({ protocol: protocol.name, side }, (performance.now() - started) / 1000)
}
