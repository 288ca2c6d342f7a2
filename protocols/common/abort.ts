import { setMaxListeners } from 'node:events'

/** Resolves after `ms`, or at once when `signal` aborts. Never rejects. */
export async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>(resolve => {
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done (): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })
}

/**
 * A signal that aborts after `timeoutMs` or when `signal` (if any) aborts.
 * It is meant to be handed to libp2p queries, which add a listener per
 * message sent, so it has no listener limit (as kad-dht does with its own).
 */
export function withTimeout (timeoutMs: number, signal?: AbortSignal): AbortSignal {
  // a timer of our own rather than AbortSignal.timeout(): combined by AbortSignal.any(), Node 20 may collect the
  // timeout signal and it never fires (measured: a 5 s dial-back ran into the 15 s limit around it). The timer keeps
  // the controller alive; unref'd, it keeps no process up.
  const controller = new AbortController()
  setTimeout(() => { controller.abort(new DOMException(`The operation timed out after ${timeoutMs} ms`, 'TimeoutError')) }, timeoutMs).unref()
  const combined = signal == null ? controller.signal : AbortSignal.any([controller.signal, signal])
  setMaxListeners(Infinity, combined)
  return combined
}
