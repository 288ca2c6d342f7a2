import { randomBytes } from 'node:crypto'

/** A login code from `peergrid dashboard` works once, within this time. */
export const LOGIN_CODE_TTL_MS = 2 * 60_000

/** A dashboard session (its cookie) lasts this long. */
export const SESSION_TTL_MS = 12 * 60 * 60_000

/** Login codes not yet used, and sessions, kept at most (the oldest go first). */
export const MAX_LOGIN_CODES = 16
export const MAX_SESSIONS = 64

/** The dashboard's session cookie. */
export const SESSION_COOKIE = 'peergrid_session'

/** The header a dashboard request that changes something must carry: a page on another site cannot set it without the API's consent (CORS), so a cookie alone changes nothing. */
export const DASHBOARD_REQUEST_HEADER = 'x-peergrid-request'

/**
 * The dashboard's logins. `peergrid dashboard` (holding the API token) asks
 * for a one-time code and opens `/login?code=…`; the page trades it for a
 * session cookie (HttpOnly, SameSite=Strict), so no token is ever in the
 * page or its URL after the first redirect, and EventSource — which cannot
 * send headers — is let in by the cookie.
 */
export class DashboardSessions {
  private readonly codes = new Map<string, number>()
  private readonly sessions = new Map<string, number>()
  private readonly now: () => number

  constructor (now: () => number = Date.now) {
    this.now = now
  }

  /** A new one-time login code. */
  createCode (): string {
    const code = randomBytes(24).toString('base64url')
    this.codes.set(code, this.now() + LOGIN_CODE_TTL_MS)
    trim(this.codes, MAX_LOGIN_CODES)
    return code
  }

  /** Trades a login code (once) for a session token; undefined when the code is unknown, used or expired. */
  redeem (code: string): string | undefined {
    const expires = this.codes.get(code)
    if (expires == null) return undefined
    this.codes.delete(code)
    if (expires <= this.now()) return undefined
    const token = randomBytes(32).toString('base64url')
    this.sessions.set(token, this.now() + SESSION_TTL_MS)
    trim(this.sessions, MAX_SESSIONS)
    return token
  }

  /** True for a live session token. */
  check (token: string | undefined): boolean {
    if (token == null) return false
    const expires = this.sessions.get(token)
    if (expires == null) return false
    if (expires > this.now()) return true
    this.sessions.delete(token)
    return false
  }

  /** Ends a session (logout). */
  end (token: string | undefined): void {
    if (token != null) this.sessions.delete(token)
  }
}

/** Drops the oldest entries of a map (insertion order) beyond `max`. */
function trim (map: Map<string, number>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return
    map.delete(key)
  }
}
