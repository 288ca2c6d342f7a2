import { Duplex } from 'node:stream'
import { STREAM_WRITE_HIGH_WATER_BYTES, pauseStream, resumeStream, waitForWriteRoom } from '../common/stream.js'
import { MAX_PROXY_CLOSE_BYTES, MAX_PROXY_FRAME_BYTES } from './constants.js'
import { ProxyProtocolError } from './errors.js'
import { FrameDecoder } from './frames.js'
import { ProxyClose, ProxyOpenResult } from './pb/proxy.js'
import type { OpeningReader } from './opening.js'
import type { Stream } from '@libp2p/interface'
import type { Uint8ArrayList } from 'uint8arraylist'

/** Bytes the tunnel holds for a slow client before it pauses the libp2p stream. */
const READABLE_HIGH_WATER_BYTES = 256 * 1024

/**
 * An open `/peergrid/proxy/1.0.0` stream as a Node Duplex, so the SOCKS and
 * HTTP fronts can pipe a client socket to it. Writes go out raw and end()
 * closes the stream's write side (the client's FIN); reads are the data
 * frames, and the empty frame ends the readable side (the target's FIN).
 * Backpressure holds both ways: a full readable buffer pauses the stream, a
 * stream with more than STREAM_WRITE_HIGH_WATER_BYTES unsent holds back the
 * writer. Destroying the tunnel resets the stream; a reset stream or a
 * protocol error destroys the tunnel. The provider's close summary is in
 * `summary` once it arrives (the 'summary' event). With an `opening`
 * reader the stream first carries the provider's answer to the open
 * (`answered`): the tunnel takes writes at once, and a failure before the
 * answer rejects `answered` and closes the tunnel without an 'error' event.
 * An error is never uncaught: it is in `errored` when the tunnel closes.
 */
export class MeshTunnel extends Duplex {
  /** the provider's byte counts, once the relay has finished */
  summary?: ProxyClose
  readonly stream: Stream
  /** bytes written into the tunnel (customer → destination) and read out of it, as the gateway counts them */
  bytesUp = 0
  bytesDown = 0
  /** hears every change of the counts (the gateway's meter) */
  onBytes?: () => void
  private readonly decoder = new FrameDecoder(MAX_PROXY_FRAME_BYTES)
  private dataEnded = false
  private writeClosed = false
  private pausing = false
  private paused = false

  /** with an opening reader: the provider's answer to the open */
  readonly answered: Promise<ProxyOpenResult>
  private opening?: { reader: OpeningReader, resolve(result: ProxyOpenResult): void, reject(err: Error): void }

  constructor (stream: Stream, init: { opening?: OpeningReader } = {}) {
    // not destroyed when both directions end: the provider's close summary still follows; the stream's close ends the tunnel
    super({ allowHalfOpen: true, autoDestroy: false, readableHighWaterMark: READABLE_HIGH_WATER_BYTES })
    this.stream = stream
    let settle: { resolve(result: ProxyOpenResult): void, reject(err: Error): void } | undefined
    this.answered = new Promise((resolve, reject) => { settle = { resolve, reject } })
    // heard by whoever awaits `answered`; not an unhandled rejection when nobody does
    this.answered.catch(() => {})
    if (init.opening != null && settle != null) this.opening = { reader: init.opening, ...settle }
    // a provider may send its result, its data and a protocol violation in one flight, before the
    // tunnel's owner has had a tick to listen: such an error is never uncaught; the owner learns of it
    // from 'close' and `errored`
    this.on('error', () => {})
    stream.addEventListener('message', this.onMessage)
    stream.addEventListener('end', this.onEnd)
    stream.addEventListener('close', this.onClose)
  }

  override _read (): void {
    this.pausing = false
    if (this.paused) {
      this.paused = false
      resumeStream(this.stream)
    }
  }

  override _write (chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    try {
      this.stream.send(chunk)
    } catch (err: any) {
      callback(err)
      return
    }
    this.bytesUp += chunk.byteLength
    this.onBytes?.()
    if (this.stream.writeBufferLength > STREAM_WRITE_HIGH_WATER_BYTES) {
      waitForWriteRoom(this.stream).then(() => { callback() }, callback)
    } else {
      callback()
    }
  }

  override _final (callback: (err?: Error | null) => void): void {
    this.stream.close().then(() => {
      this.writeClosed = true
      callback()
    }, callback)
  }

  override _destroy (err: Error | null, callback: (err?: Error | null) => void): void {
    this.opening?.reject(err ?? new ProxyProtocolError('The tunnel closed before the provider answered the open'))
    this.opening = undefined
    this.detach()
    const finished = this.dataEnded && this.summary != null && this.writeClosed
    if (!finished && this.stream.status !== 'closed' && this.stream.status !== 'reset' && this.stream.status !== 'aborted') {
      this.stream.abort(err ?? new Error('The tunnel was closed'))
    }
    callback(err)
  }

  private readonly onMessage = (event: { data: Uint8Array | Uint8ArrayList }): void => {
    try {
      this.decoder.push(event.data)
      for (let frame = this.decoder.next(); frame != null; frame = this.decoder.next()) {
        this.onFrame(frame)
      }
    } catch (err: any) {
      this.fail(err)
    }
  }

  /** Ends the tunnel on a failure: through `answered` while the open is unanswered (no 'error' event nobody listens to yet), else as its error. */
  private fail (err: Error): void {
    if (this.opening == null) {
      this.destroy(err)
      return
    }
    this.opening.reject(err)
    this.opening = undefined
    this.destroy()
  }

  private onFrame (frame: Uint8ArrayList): void {
    if (this.opening != null) {
      const result = this.opening.reader.take(frame)
      if (result != null) {
        this.opening.resolve(result)
        this.opening = undefined
        // a refusal ends the stream here, quietly: the provider's close that follows is no error
        if (result.status !== ProxyOpenResult.Status.OK) this.destroy()
      }
      return
    }
    if (!this.dataEnded) {
      if (frame.byteLength === 0) {
        this.dataEnded = true
        this.push(null)
      } else if (!this.pushFrame(frame) && !this.pausing) {
        // deferred: a pause() in the same tick as the resume() that delivered this message is undone
        this.pausing = true
        queueMicrotask(() => {
          if (!this.pausing) return
          this.pausing = false
          this.paused = true
          pauseStream(this.stream)
        })
      }
      return
    }
    if (this.summary != null) throw new ProxyProtocolError('Data after the close summary')
    if (frame.byteLength > MAX_PROXY_CLOSE_BYTES) throw new ProxyProtocolError('The close summary is over its size limit')
    try {
      this.summary = ProxyClose.decode(frame)
    } catch {
      throw new ProxyProtocolError('The close summary does not decode')
    }
    this.emit('summary', this.summary)
  }

  /** Pushes a frame's buffers as they are: joining them would copy every byte (measured: ~3 % of the gateway's CPU). */
  private pushFrame (frame: Uint8ArrayList): boolean {
    let more = true
    for (const buf of frame) more = this.push(buf)
    this.bytesDown += frame.byteLength
    this.onBytes?.()
    return more
  }

  private readonly onEnd = (): void => {
    // the provider closed its side: it must have ended the data and sent the summary first
    if (!this.dataEnded) this.fail(new ProxyProtocolError('The provider closed the stream before the end of the data'))
    else if (this.summary == null) this.fail(new ProxyProtocolError('The provider closed the stream without a close summary'))
    else this.destroy()
  }

  // 'end' is not always emitted before 'close' (a stream closed by both sides at once), so check here too
  private readonly onClose = (event: Event & { error?: Error }): void => {
    this.detach()
    if (event.error != null) this.fail(event.error)
    else if (!this.dataEnded) this.fail(new ProxyProtocolError('The stream closed before the end of the data'))
    else if (this.summary == null) this.fail(new ProxyProtocolError('The provider closed the stream without a close summary'))
    else this.destroy()
  }

  private detach (): void {
    this.stream.removeEventListener('message', this.onMessage as any)
    this.stream.removeEventListener('end', this.onEnd)
    this.stream.removeEventListener('close', this.onClose as any)
  }
}
