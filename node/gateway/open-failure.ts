import { ProxyOpenRefusedError, ProxyOpenResult } from '../../protocols/proxy/index.js'
import { REPLY } from './socks/constants.js'
import type { SocksReply } from './socks/constants.js'

/**
 * Why a tunnel could not be opened, and what each front tells its client:
 * the one registry of proxy errors, mapped to a SOCKS5 reply (RFC 1928
 * section 6) and an HTTP status.
 */
export const OPEN_FAILURES = {
  /** the network's abuse rules refuse the destination (non-public address, blocked port) */
  rules: { socks: REPLY.NOT_ALLOWED, http: 403, text: 'Forbidden' },
  /** the provider's owner refuses it */
  policy: { socks: REPLY.NOT_ALLOWED, http: 403, text: 'Forbidden' },
  /** the destination name did not resolve */
  dns: { socks: REPLY.HOST_UNREACHABLE, http: 502, text: 'Bad Gateway' },
  /** the destination could not be reached */
  unreachable: { socks: REPLY.HOST_UNREACHABLE, http: 502, text: 'Bad Gateway' },
  /** the destination refused the connection */
  refused: { socks: REPLY.CONNECTION_REFUSED, http: 502, text: 'Bad Gateway' },
  /** no answer in time (SOCKS5 has no timeout reply; TTL expired is the usual stand-in) */
  timeout: { socks: REPLY.TTL_EXPIRED, http: 504, text: 'Gateway Timeout' },
  /** no provider matches the request */
  'no-provider': { socks: REPLY.NETWORK_UNREACHABLE, http: 503, text: 'Service Unavailable' },
  /** the provider does not serve now (paused, data cap, schedule, busy machine) */
  'not-serving': { socks: REPLY.GENERAL_FAILURE, http: 503, text: 'Service Unavailable' },
  /** providers are at capacity */
  'over-capacity': { socks: REPLY.GENERAL_FAILURE, http: 503, text: 'Service Unavailable' },
  /** the provider did not accept the gateway's credential (missing, expired, untrusted) */
  unauthorized: { socks: REPLY.GENERAL_FAILURE, http: 502, text: 'Bad Gateway' },
  /** the paying account is out of credit: more credit, not another provider, is the cure */
  unfunded: { socks: REPLY.NOT_ALLOWED, http: 402, text: 'Payment Required' },
  /** the customer is over its rate limit */
  'over-rate': { socks: REPLY.NOT_ALLOWED, http: 429, text: 'Too Many Requests' },
  /** the request itself is malformed (bad options in the username, bad target) */
  'bad-request': { socks: REPLY.GENERAL_FAILURE, http: 400, text: 'Bad Request' },
  /** anything else */
  failure: { socks: REPLY.GENERAL_FAILURE, http: 502, text: 'Bad Gateway' }
} as const satisfies Record<string, { socks: SocksReply, http: number, text: string }>

export type OpenFailureReason = keyof typeof OPEN_FAILURES

/** Thrown by a front's connect handler: the tunnel was not opened, for this reason. */
export class OpenFailedError extends Error {
  static override name = 'OpenFailedError'
  override name = 'OpenFailedError'
  readonly reason: OpenFailureReason

  constructor (reason: OpenFailureReason, message: string = OPEN_FAILURES[reason].text, cause?: Error) {
    super(message, cause != null ? { cause } : undefined)
    this.reason = reason
  }
}

const Status = ProxyOpenResult.Status

/** The reason a provider's refusal gives the customer. */
const REFUSAL_REASONS: Partial<Record<ProxyOpenResult.Status, OpenFailureReason>> = {
  [Status.RULES]: 'rules',
  [Status.POLICY]: 'policy',
  [Status.DNS]: 'dns',
  [Status.UNREACHABLE]: 'unreachable',
  [Status.REFUSED]: 'refused',
  [Status.TIMEOUT]: 'timeout',
  [Status.OVER_CAPACITY]: 'over-capacity',
  [Status.NOT_SERVING]: 'not-serving',
  [Status.BAD_REQUEST]: 'bad-request',
  [Status.FAILURE]: 'failure',
  [Status.UNAUTHORIZED]: 'unauthorized',
  [Status.OVER_RATE]: 'over-rate',
  [Status.UNFUNDED]: 'unfunded'
}

/**
 * The reason of any error opening a tunnel: an OpenFailedError's own, a
 * provider's refusal by its status; anything else (an unreachable provider,
 * a broken protocol) is 'failure'.
 */
export function openFailureReason (err: unknown): OpenFailureReason {
  if (err instanceof OpenFailedError) return err.reason
  if (err instanceof ProxyOpenRefusedError) return REFUSAL_REASONS[err.status] ?? 'failure'
  return 'failure'
}

/** Any error opening a tunnel as the OpenFailedError a front reports (the original as its cause). */
export function toOpenFailure (err: any): OpenFailedError {
  if (err instanceof OpenFailedError) return err
  const reason = openFailureReason(err)
  const message = err instanceof ProxyOpenRefusedError
    ? (reason === 'unfunded' ? 'The paying account is out of credit' : err.rule != null ? `Refused by rule ${err.rule}` : OPEN_FAILURES[reason].text)
    : err?.message ?? OPEN_FAILURES[reason].text
  return new OpenFailedError(reason, message, err)
}
