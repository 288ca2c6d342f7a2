/**
 * The HTTP front's own parsers of client input (Node's llhttp parses the
 * request itself): the CONNECT authority, a plain request's absolute URL,
 * and Basic proxy credentials. Pure functions: a malformed input is
 * undefined or a reason, never an exception.
 */

/** Where a plain request in absolute form goes. */
export interface ForwardTarget {
  host: string
  port: number
  /** path and query, as sent upstream */
  path: string
}

/** host:port or [v6]:port, as CONNECT's request target (RFC 9110 section 7.1); undefined when malformed. */
export function parseAuthority (authority: string): { host: string, port: number } | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]/@\s]+)):(\d{1,5})$/.exec(authority)
  if (match == null) return undefined
  const port = Number(match[3])
  if (port < 1 || port > 65535) return undefined
  return { host: (match[1] ?? match[2]) as string, port }
}

/** The target of a plain request (`GET http://host/path`), or why it cannot be forwarded (the 400 text). */
export function parseForwardTarget (url: string): ForwardTarget | { refused: string } {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return { refused: 'This is a proxy: send absolute URLs (http://host/path) or CONNECT host:port\n' }
  }
  if (target.protocol !== 'http:') {
    return { refused: 'Only http:// URLs are forwarded; https and others go through CONNECT (curl does this by itself)\n' }
  }
  if (target.hostname === '') return { refused: 'The URL has no host\n' }
  const port = target.port === '' ? 80 : Number(target.port)
  // the URL parser takes port 0; no server listens there (found by npm run fuzz)
  if (port < 1) return { refused: 'The URL\'s port must be 1-65535\n' }
  return { host: target.hostname.replace(/^\[|\]$/g, ''), port, path: `${target.pathname}${target.search}` }
}

/** The username and password of a Basic Proxy-Authorization header; undefined when absent or malformed. */
export function parseBasic (header: string | undefined): { username: string, password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')
  if (match == null) return undefined
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon === -1) return undefined
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
