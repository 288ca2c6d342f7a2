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
  const timeout = AbortSignal.timeout(timeoutMs)
  const combined = signal == null ? timeout : AbortSignal.any([timeout, signal])
  setMaxListeners(Infinity, combined)
  return combined
}
