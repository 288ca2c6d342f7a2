import type { Stream } from '@libp2p/interface'

/**
 * A bulk writer pauses its source when a libp2p stream holds more than this
 * many unsent bytes, and resumes when they are all sent. (send() alone is no
 * guard: it returns true while an earlier send is in flight, whatever the
 * buffer holds; see node/libp2p/constants.ts.)
 */
export const STREAM_WRITE_HIGH_WATER_BYTES = 256 * 1024

/**
 * Resolves once the stream has sent everything it buffered ('idle'), or at
 * once if it has; rejects if the stream closes first.
 */
export async function waitForWriteRoom (stream: Stream): Promise<void> {
  // an empty buffer means the muxer took everything; the next send buffers and the wait after it sees idle
  if (stream.writeBufferLength === 0) return
  await new Promise<void>((resolve, reject) => {
    const done = (): void => {
      stream.removeEventListener('idle', onIdle)
      stream.removeEventListener('close', onClose)
    }
    const onIdle = (): void => { done(); resolve() }
    const onClose = (): void => { done(); reject(new Error('The stream closed')) }
    stream.addEventListener('idle', onIdle)
    stream.addEventListener('close', onClose)
  })
}

/** Yields the chunks of a message event's data without copying. */
export function * chunksOf (data: Uint8Array | { [Symbol.iterator](): Iterator<Uint8Array> }): Generator<Uint8Array> {
  if (data instanceof Uint8Array) yield data
  else yield * data
}

/**
 * Pauses reading from a stream, unless it is closing or closed already
 * (libp2p throws then: found under load, a deferred pause reached a stream
 * the remote had just closed and the exception was uncaught).
 */
export function pauseStream (stream: Stream): void {
  if (stream.readStatus === 'readable') stream.pause()
}

/** Resumes reading from a paused stream, unless it is closing or closed already. */
export function resumeStream (stream: Stream): void {
  if (stream.readStatus === 'paused') stream.resume()
}
