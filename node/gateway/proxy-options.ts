import { isCountryCode } from '../../protocols/capability/index.js'

/** Longest proxy username, in bytes (RFC 1929 allows 255). */
export const MAX_USERNAME_LENGTH = 255

/** Longest sticky-session lifetime a customer may ask for. */
export const MAX_SESSION_TTL_S = 24 * 60 * 60

/** A sticky session without ttl-<seconds> keeps its provider this long. */
export const DEFAULT_SESSION_TTL_S = 600

/** What a customer asked for in the proxy username. */
export interface ProxyOptions {
  /** the leading part before the first option, e.g. an account name */
  account?: string
  /** ISO 3166-1 alpha-2, upper case */
  country?: string
  /** sticky session id: the same provider for every connection of the session */
  sessionId?: string
  /** session lifetime in seconds (only with a session) */
  sessionTtlS?: number
}

/** The username does not follow the option syntax; the message says which part. */
export class InvalidProxyOptionsError extends Error {
  static override name = 'InvalidProxyOptionsError'
  override name = 'InvalidProxyOptionsError'
  code = 'ERR_INVALID_PROXY_OPTIONS'
}

const SESSION_ID = /^[A-Za-z0-9_]{1,64}$/
const ACCOUNT = /^[A-Za-z0-9_.]{1,64}$/

/**
 * Parses options from a proxy username, as proxy networks do:
 * `[<account>-]country-de-session-abc123-ttl-600`. Without a session every
 * connection may go to a different provider (rotation).
 */
export function parseProxyOptions (username: string): ProxyOptions {
  if (username.length > MAX_USERNAME_LENGTH) throw new InvalidProxyOptionsError('The proxy username is too long')
  const options: ProxyOptions = {}
  if (username === '') return options
  const tokens = username.split('-')
  const account: string[] = []
  for (let i = 0; i < tokens.length; i++) {
    const key = (tokens[i] as string).toLowerCase()
    const value = tokens[i + 1]
    if (key !== 'country' && key !== 'session' && key !== 'ttl') {
      if (Object.keys(options).length > 0) throw new InvalidProxyOptionsError(`Unknown proxy option "${tokens[i]}"; use country-<cc>, session-<id>, ttl-<seconds>`)
      account.push(tokens[i] as string)
      continue
    }
    if (value == null || value === '') throw new InvalidProxyOptionsError(`Proxy option ${key} needs a value, e.g. ${key}-${key === 'country' ? 'de' : key === 'ttl' ? '600' : 'abc123'}`)
    i++
    if (key === 'country') {
      if (options.country != null) throw new InvalidProxyOptionsError('Proxy option country is given twice')
      const country = value.toUpperCase()
      if (!isCountryCode(country)) throw new InvalidProxyOptionsError(`"${value}" is not an ISO 3166-1 alpha-2 country code`)
      options.country = country
    } else if (key === 'session') {
      if (options.sessionId != null) throw new InvalidProxyOptionsError('Proxy option session is given twice')
      if (!SESSION_ID.test(value)) throw new InvalidProxyOptionsError('A session id is 1-64 letters, digits or _')
      options.sessionId = value
    } else {
      if (options.sessionTtlS != null) throw new InvalidProxyOptionsError('Proxy option ttl is given twice')
      const ttl = /^\d{1,6}$/.test(value) ? Number(value) : NaN
      if (!(ttl >= 1 && ttl <= MAX_SESSION_TTL_S)) throw new InvalidProxyOptionsError(`ttl must be 1-${MAX_SESSION_TTL_S} seconds`)
      options.sessionTtlS = ttl
    }
  }
  if (account.length > 0) {
    const name = account.join('-')
    if (!account.every(part => ACCOUNT.test(part))) throw new InvalidProxyOptionsError('The account part of the proxy username has characters other than letters, digits, _ and .')
    options.account = name
  }
  if (options.sessionTtlS != null && options.sessionId == null) throw new InvalidProxyOptionsError('ttl needs a session (session-<id>)')
  if (options.sessionId != null) options.sessionTtlS ??= DEFAULT_SESSION_TTL_S
  return options
}
