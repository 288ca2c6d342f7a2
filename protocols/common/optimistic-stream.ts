import { TooManyOutboundProtocolStreamsError, UnsupportedProtocolError } from '@libp2p/interface'
import * as varint from 'uint8-varint'
import { Uint8ArrayList } from 'uint8arraylist'
import { fromString, toString } from 'uint8arrays'
import { InvalidMessageError } from './errors.js'
import type { AbortOptions, Connection, PeerId, Stream, StreamMuxer } from '@libp2p/interface'

/** multistream-select 1.0's header, and its answer when the listener agrees to talk multistream-select. */
const MULTISTREAM_HEADER = '/multistream/1.0.0\n'

/** Longest answer read from the listener during negotiation (a protocol id and its newline; multistream-select allows 1,024). */
const MAX_NEGOTIATION_ANSWER_BYTES = 1024

/** A stream whose protocol is proposed but not yet confirmed. */
export interface OptimisticStream {
  stream: Stream
  /** the listener's two answers to the proposal are still to be read, before its first message (check them with checkProposalAnswer); false: libp2p negotiated in full */
  pending: boolean
}

/** What opening an optimistic stream needs. */
export interface OptimisticStreamOptions extends AbortOptions {
  /** refuse when this many outbound streams of the protocol are open on the connection */
  maxOutboundStreams: number
  /** open it on a limited (relayed) connection too */
  runOnLimitedConnection?: boolean
}

/** Whatever opens optimistic streams to peers on its choice of connection (the gateway's ProviderPaths). */
export interface OptimisticStreamOpener {
  openOptimisticStream(peer: PeerId, protocol: string, options: OptimisticStreamOptions): Promise<OptimisticStream>
}

/**
 * Opens a stream for one protocol without waiting for the listener to agree
 * to it: the multistream-select header and the protocol go out at once, and
 * the caller's first message follows them in the same flight, as libp2p 2's
 * lazy negotiation did. (libp2p 3's `newStream` always waits for the
 * answer, whatever `negotiateFully` says: a round trip before the first
 * byte, measured in `npm run bench`.) The listener side is libp2p's own and
 * unchanged: it answers the proposal and hands the handler the bytes that
 * followed it. If the listener turns the protocol down, the first message
 * was sent to a peer that does not speak the protocol, and its answer
 * says so; use it only with a peer that announced the protocol.
 *
 * Written here because libp2p 3 exposes no way to do it: it reaches the
 * connection's muxer, which is not part of the public Connection interface,
 * and falls back to libp2p's full negotiation where it cannot (a libp2p
 * whose connection no longer carries `muxer`), or must refuse (a limited
 * connection without `runOnLimitedConnection`). A stream opened here is
 * the muxer's and the connection's like any other, but libp2p's
 * per-protocol stream metrics do not see it.
 */
export async function openOptimisticStream (connection: Connection, protocol: string, options: OptimisticStreamOptions): Promise<OptimisticStream> {
  const muxer = (connection as Connection & { muxer?: StreamMuxer }).muxer
  if (muxer?.createStream == null || (connection.limits != null && options.runOnLimitedConnection !== true) || connection.status !== 'open') {
    const stream = await connection.newStream(protocol, options)
    return { stream, pending: false }
  }
  const open = connection.streams.filter(s => s.direction === 'outbound' && s.protocol === protocol).length
  if (open >= options.maxOutboundStreams) {
    throw new TooManyOutboundProtocolStreamsError(`Too many outbound protocol streams for protocol "${protocol}" - ${open}/${options.maxOutboundStreams}`)
  }
  const stream = await muxer.createStream(options)
  stream.protocol = protocol
  stream.send(new Uint8ArrayList(...[MULTISTREAM_HEADER, `${protocol}\n`].flatMap(line => {
    const bytes = fromString(line)
    return [varint.encode(bytes.byteLength), bytes]
  })))
  return { stream, pending: true }
}

/**
 * Checks the listener's answers to a proposal, each one length-prefixed
 * message as read off the stream: the multistream header (index 0), then
 * the protocol echoed back (index 1). Throws InvalidMessageError or
 * UnsupportedProtocolError.
 */
export function checkProposalAnswer (answer: Uint8Array, index: 0 | 1, protocol: string): void {
  if (answer.byteLength > MAX_NEGOTIATION_ANSWER_BYTES) throw new InvalidMessageError('An answer to the protocol proposal is too long')
  const text = toString(answer)
  if (index === 0 && text !== MULTISTREAM_HEADER) throw new InvalidMessageError('The listener did not answer in multistream-select')
  if (index === 1 && text !== `${protocol}\n`) throw new UnsupportedProtocolError(`The listener does not speak ${protocol}`)
}
