import type { Authenticator } from '../proxy-request.js'
import type { IncomingMessage } from 'node:http'

/** The request's proxy credentials: undefined when it has none (and none are required), false when refused. */
export async function checkCredentials (request: IncomingMessage, init: { authenticate?: Authenticator, requireAuth?: boolean }): Promise<{ username: string, password: string } | undefined | false> {
  const credentials = parseBasic(request.headers['proxy-authorization'])
  if (credentials == null) return init.requireAuth === true ? false : undefined
  if (init.authenticate != null && !await init.authenticate(credentials.username, credentials.password)) return false
  return credentials
}

function parseBasic (header: string | undefined): { username: string, password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')
  if (match == null) return undefined
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon === -1) return undefined
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
