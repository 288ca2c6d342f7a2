import { STREAM_WRITE_HIGH_WATER_BYTES, chunksOf, pauseStream, resumeStream, waitForWriteRoom } from '../common/stream.js'
import { PROXY_FRAME_BYTES } from './constants.js'
import { END_OF_DATA_FRAME, encodeFrame } from './frames.js'
import { ProxyClose } from './pb/proxy.js'
import type { Stream } from '@libp2p/interface'
import type { Socket } from 'node:net'

/** How a relayed connection ended. */
export type RelayEnd = 'closed' | 'reset' | 'idle' | 'shutdown' | 'unpaid' | 'stopped'

/** What a relay moved, for the close summary and the transparency log. */
export interface RelayResult {
  end: RelayEnd
  /** bytes written to the target */
  bytesSent: number
  /** bytes read from the target */
  bytesReceived: number
  durationMs: number
}

/** How the relay behaves. */
export interface RelayInit {
  /** no bytes either way for this long closes both sides */
  idleTimeoutMs: number
  /** aborts the relay (provider shutting down) */
  signal: AbortSignal
  /** called with each byte count as it moves (metrics) */
  onBytes?(direction: 'sent' | 'received', bytes: number): void
  /** after each counted chunk: a promise to hold for (neither side is read until it settles), or nothing */
  hold?(): Promise<void> | undefined
}

/** The relay was ended because the customer's traffic not covered by receipts passed the exit's bound. */
export class UnpaidError extends Error {
  static override name = 'UnpaidError'
  override name = 'UnpaidError'
}

/** The relay was ended because the provider stopped serving (its owner paused it, a data cap, a schedule). */
export class StoppedServingError extends Error {
  static override name = 'StoppedServingError'
  override name = 'StoppedServingError'
}

/** The relay was ended by the idle timeout. */
export class IdleTimeoutError extends Error {
  static override name = 'IdleTimeoutError'
  override name = 'IdleTimeoutError'
}

/**
 * Relays one open proxy stream and its connected target socket until both
 * directions are done. Customer bytes go to the socket as they arrive (the
 * stream is paused while the socket's buffer is full); target bytes go back
 * as frames (the socket is paused while the stream holds more than
 * STREAM_WRITE_HIGH_WATER_BYTES unsent). The target's FIN becomes an empty
 * frame; the stream's end (the customer's FIN) ends the socket. When both
 * directions are done a ProxyClose follows the last frame and the stream is
 * closed. Any error or reset on either side destroys both. When `hold`
 * answers a promise, neither side is read until it settles (the exit waits
 * for the customer's receipts); each side resumes only when no reason to
 * pause it is left.
 */
export async function relay (stream: Stream, socket: Socket, init: RelayInit): Promise<RelayResult> {
  const started = Date.now()
  let bytesSent = 0
  let bytesReceived = 0
  let targetEnded = false
  let customerEnded = false
  let settled = false

  return new Promise<RelayResult>(resolve => {
    const finish = (end: RelayEnd, err?: Error): void => {
      if (settled) return
      settled = true
      cleanup()
      const result = { end, bytesSent, bytesReceived, durationMs: Date.now() - started }
      if (err != null) {
        socket.destroy()
        stream.abort(err)
        resolve(result)
        return
      }
      try {
        stream.send(encodeFrame(ProxyClose.encode({ bytesSent: BigInt(bytesSent), bytesReceived: BigInt(bytesReceived), durationMs: result.durationMs })))
        stream.close().catch(closeErr => { stream.abort(closeErr) })
      } catch (sendErr: any) {
        stream.abort(sendErr)
      }
      resolve(result)
    }
    const maybeDone = (): void => {
      // both FINs seen and the socket fully closed: nothing more can move
      if (targetEnded && customerEnded && socket.closed) finish('closed')
    }

    // each side is paused for reasons (the other side's buffer, a hold) and resumes when none is left
    let streamPauses = 0
    let socketPauses = 0
    const pauseCustomer = (): void => {
      // deferred: a pause() in the same tick as the resume() that delivered this message is undone
      if (streamPauses++ === 0) queueMicrotask(() => { if (streamPauses > 0) pauseStream(stream) })
    }
    const resumeCustomer = (): void => {
      if (--streamPauses === 0 && !settled) resumeStream(stream)
    }
    const pauseTarget = (): void => {
      if (socketPauses++ === 0) socket.pause()
    }
    const resumeTarget = (): void => {
      if (--socketPauses === 0 && !settled) socket.resume()
    }
    let holding = false
    const maybeHold = (): void => {
      if (holding) return
      const wait = init.hold?.()
      if (wait == null) return
      holding = true
      pauseCustomer()
      pauseTarget()
      wait.then(() => {
        holding = false
        resumeCustomer()
        resumeTarget()
      }, () => {})
    }

    // customer → target
    const onMessage = (event: { data: Uint8Array | Iterable<Uint8Array> }): void => {
      for (const chunk of chunksOf(event.data as Uint8Array)) {
        bytesSent += chunk.byteLength
        init.onBytes?.('sent', chunk.byteLength)
        // the meter may have ended the relay on these very bytes
        if (settled) return
        socket.write(chunk)
      }
      if (socket.writableNeedDrain) {
        pauseCustomer()
        socket.once('drain', resumeCustomer)
      }
      maybeHold()
    }
    const onStreamEnd = (): void => {
      customerEnded = true
      socket.end()
      maybeDone()
    }
    const onStreamClose = (event: Event & { error?: Error }): void => {
      // the customer reset the stream or the connection went away
      if (!settled) finish('reset', event.error ?? new Error('The stream closed before the relay finished'))
    }

    // target → customer
    const onData = (data: Buffer): void => {
      bytesReceived += data.byteLength
      init.onBytes?.('received', data.byteLength)
      if (settled) return
      for (let offset = 0; offset < data.byteLength; offset += PROXY_FRAME_BYTES) {
        stream.send(encodeFrame(data.subarray(offset, offset + PROXY_FRAME_BYTES)))
      }
      if (stream.writeBufferLength > STREAM_WRITE_HIGH_WATER_BYTES) {
        pauseTarget()
        waitForWriteRoom(stream).then(resumeTarget, () => {})
      }
      maybeHold()
    }
    const onSocketEnd = (): void => {
      targetEnded = true
      try {
        stream.send(END_OF_DATA_FRAME)
      } catch (err: any) {
        finish('reset', err)
        return
      }
      maybeDone()
    }
    const onSocketError = (err: Error): void => { finish('reset', err) }
    const onSocketClose = (): void => {
      if (targetEnded && customerEnded) maybeDone()
      else if (!settled) finish('reset', new Error('The target closed the connection without ending it'))
    }
    const onIdle = (): void => { finish('idle', new IdleTimeoutError(`No traffic for ${init.idleTimeoutMs} ms`)) }
    // aborted by the exit's shutdown, its meter or its owner's controls (the signal's reason says which)
    const onAbort = (): void => {
      const reason = init.signal.reason
      if (reason instanceof UnpaidError) finish('unpaid', reason)
      else if (reason instanceof StoppedServingError) finish('stopped', reason)
      else finish('shutdown', new Error('The provider is shutting down'))
    }

    const cleanup = (): void => {
      stream.removeEventListener('message', onMessage as any)
      stream.removeEventListener('end', onStreamEnd)
      stream.removeEventListener('close', onStreamClose as any)
      socket.off('data', onData)
      socket.off('end', onSocketEnd)
      socket.off('error', onSocketError)
      socket.off('close', onSocketClose)
      socket.off('timeout', onIdle)
      socket.setTimeout(0)
      socket.on('error', () => {})
      init.signal.removeEventListener('abort', onAbort)
    }

    socket.on('data', onData)
    socket.on('end', onSocketEnd)
    socket.on('error', onSocketError)
    socket.on('close', onSocketClose)
    socket.on('timeout', onIdle)
    socket.setTimeout(init.idleTimeoutMs)
    stream.addEventListener('message', onMessage as any)
    stream.addEventListener('end', onStreamEnd)
    stream.addEventListener('close', onStreamClose as any)
    init.signal.addEventListener('abort', onAbort)
    if (init.signal.aborted) onAbort()
    else if (socket.destroyed) finish('reset', new Error('The target closed the connection before the relay started'))
    else if (stream.readableEnded) onStreamEnd()
  })
}
