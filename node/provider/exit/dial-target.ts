import { connect } from 'node:net'
import { ProxyOpenResult } from '../../../protocols/proxy/index.js'
import type { CheckedDestination } from './destination.js'
import type { AbortOptions } from '@libp2p/interface'
import type { Socket } from 'node:net'

const Status = ProxyOpenResult.Status

/** The target could not be connected; `status` is what the customer is told. */
export class TargetDialError extends Error {
  static override name = 'TargetDialError'
  override name = 'TargetDialError'
  readonly status: ProxyOpenResult.Status

  constructor (status: ProxyOpenResult.Status, message: string) {
    super(message)
    this.status = status
  }
}

/** Socket error codes and the status each one means for the customer. */
const DIAL_ERRORS: Record<string, ProxyOpenResult.Status> = {
  ECONNREFUSED: Status.REFUSED,
  ECONNRESET: Status.REFUSED,
  EHOSTUNREACH: Status.UNREACHABLE,
  ENETUNREACH: Status.UNREACHABLE,
  EHOSTDOWN: Status.UNREACHABLE,
  ENETDOWN: Status.UNREACHABLE,
  EADDRNOTAVAIL: Status.UNREACHABLE,
  EAFNOSUPPORT: Status.UNREACHABLE,
  ETIMEDOUT: Status.TIMEOUT
}

/**
 * Connects to a checked destination's IP (never its name again) within
 * `timeoutMs`. The socket is half-open capable, so the customer's FIN and
 * the target's FIN travel separately.
 */
export async function dialTarget (destination: CheckedDestination, timeoutMs: number, options: AbortOptions = {}): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = connect({ host: destination.ip, port: destination.port, family: destination.family, allowHalfOpen: true, noDelay: true })
    const fail = (err: TargetDialError): void => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      socket.destroy()
      reject(err)
    }
    const onAbort = (): void => { fail(new TargetDialError(Status.FAILURE, 'The open was aborted')) }
    const timer = setTimeout(() => { fail(new TargetDialError(Status.TIMEOUT, `${destination.ip} did not accept the connection within ${timeoutMs} ms`)) }, timeoutMs)
    options.signal?.addEventListener('abort', onAbort, { once: true })
    socket.once('error', (err: NodeJS.ErrnoException) => {
      fail(new TargetDialError(DIAL_ERRORS[err.code ?? ''] ?? Status.FAILURE, `Connecting to ${destination.ip}:${destination.port} failed: ${err.code ?? err.message}`))
    })
    socket.once('connect', () => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      // the error listener stays: an error before the relay takes over only destroys the socket
      resolve(socket)
    })
  })
}
