import { withTimeout } from '../../protocols/common/index.js'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'

/** A tunnel with no traffic either way for this long is closed (both fronts). */
export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000

/** After the client closed cleanly, the upstream gets this long to finish before it is destroyed. */
export const TUNNEL_LINGER_MS = 5_000

/**
 * A tunnel must be open within this time of the client's request (both
 * fronts): the gateway's tries on up to three providers, each of which may
 * take its DNS timeout (5 s) and connect timeout (10 s).
 */
export const DEFAULT_OPEN_TIMEOUT_MS = 30_000

/** A signal for opening a client's tunnel: aborts after `timeoutMs` or when the client goes away. */
export function openSignal (client: Socket, timeoutMs: number): AbortSignal {
  const gone = new AbortController()
  if (client.destroyed) gone.abort()
  else client.once('close', () => { gone.abort() })
  return withTimeout(timeoutMs, gone.signal)
}

/**
 * Joins a client socket to an open tunnel: bytes the client sent early go
 * first, pipe() carries the rest both ways with backpressure and ends each
 * side's writing when the other side's reading ends (half-close). An error
 * on either side, or no traffic for `idleTimeoutMs`, closes both.
 */
export function pipeTunnel (client: Socket, upstream: Duplex, early: Buffer, idleTimeoutMs: number): void {
  const close = (): void => {
    client.destroy()
    upstream.destroy()
  }
  client.on('error', close)
  upstream.on('error', close)
  client.on('close', () => {
    // both directions ended cleanly: the upstream finishes by itself (a mesh tunnel still receives
    // the provider's close summary); anything else: nothing more can be delivered
    if (!client.readableEnded || !client.writableFinished) {
      upstream.destroy()
      return
    }
    const linger = setTimeout(() => { upstream.destroy() }, TUNNEL_LINGER_MS)
    linger.unref()
    upstream.once('close', () => { clearTimeout(linger) })
  })
  // the upstream closed without ending (reset): pipe() will not end the client, so close it
  upstream.on('close', () => { if (!client.writableEnded) client.destroy() })
  client.setTimeout(idleTimeoutMs, close)
  // the client went away while the tunnel was opening: its 'close' has passed
  if (client.destroyed) {
    upstream.destroy()
    return
  }
  // the tunnel failed (or was refused, opened early) before it was handed over: its 'close' has passed
  if (upstream.destroyed) {
    client.destroy()
    return
  }
  if (early.length > 0) upstream.write(early)
  client.pipe(upstream)
  upstream.pipe(client)
  client.resume()
}
