import { setMaxListeners } from 'node:events'
import type { ProxyRouter } from '../../gateway/proxy/router.js'

/** A simulated customer session that has not finished after this long is given up. */
export const SESSION_TIMEOUT_MS = 120_000

/** How a customer session went. */
export type SessionOutcome =
  | { ok: true, ttfbMs: number, provider: string, bytes: number }
  | { ok: false, reason: string }

/** One customer session: what it asks for and where. */
export interface SessionRequest {
  /** the exit country asked for ('any': none) */
  country: string
  /** the destination's port on 127.0.0.1 */
  port: number
  download: number
  upload: number
}

/**
 * A customer's proxy session through a gateway's router, as the SOCKS and
 * HTTP fronts make one: open a tunnel (the router picks and fails over),
 * send the request and the upload, read the whole download. The time to
 * first byte runs from the open to the first byte of the answer.
 */
export async function runSession (router: Pick<ProxyRouter, 'connect'>, request: SessionRequest): Promise<SessionOutcome> {
  const started = performance.now()
  const signal = AbortSignal.timeout(SESSION_TIMEOUT_MS)
  // the router's every step listens on it
  setMaxListeners(Infinity, signal)
  let tunnel
  try {
    tunnel = await router.connect({
      host: '127.0.0.1',
      port: request.port,
      username: request.country === 'any' ? undefined : `country-${request.country.toLowerCase()}`,
      client: 'simulator'
    }, { signal })
  } catch (err: any) {
    return { ok: false, reason: typeof err?.reason === 'string' ? err.reason : (err?.name ?? 'error') }
  }
  const provider = tunnel.provider ?? ''
  return await new Promise<SessionOutcome>(resolve => {
    let received = 0
    let ttfbMs: number | undefined
    let done = false
    const finish = (outcome: SessionOutcome): void => {
      if (done) return
      done = true
      signal.removeEventListener('abort', onAbort)
      tunnel.destroy()
      resolve(outcome)
    }
    const onAbort = (): void => { finish({ ok: false, reason: 'timeout' }) }
    signal.addEventListener('abort', onAbort)
    tunnel.on('data', (chunk: Buffer) => {
      ttfbMs ??= performance.now() - started
      received += chunk.byteLength
      if (received >= request.download) finish({ ok: true, ttfbMs, provider, bytes: received })
    })
    tunnel.on('error', () => {})
    tunnel.on('close', () => {
      if (received >= request.download && ttfbMs != null) finish({ ok: true, ttfbMs, provider, bytes: received })
      else finish({ ok: false, reason: 'cut' })
    })
    tunnel.write(`${request.download}\n`)
    if (request.upload > 0) tunnel.write(Buffer.alloc(request.upload))
  })
}
