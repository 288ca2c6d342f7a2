import { parseBasic } from './targets.js'
import type { Authenticator } from '../proxy-request.js'
import type { IncomingMessage } from 'node:http'

/** The request's proxy credentials: undefined when it has none (and none are required), false when refused. */
export async function checkCredentials (request: IncomingMessage, init: { authenticate?: Authenticator, requireAuth?: boolean }): Promise<{ username: string, password: string } | undefined | false> {
  const credentials = parseBasic(request.headers['proxy-authorization'])
  if (credentials == null) return init.requireAuth === true ? false : undefined
  if (init.authenticate != null && !await init.authenticate(credentials.username, credentials.password)) return false
  return credentials
}
