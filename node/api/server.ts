import { timingSafeEqual } from 'node:crypto'
import fastifyCookie from '@fastify/cookie'
import { fastify } from 'fastify'
import { API_REQUEST_TIMEOUT_MS, MAX_API_BODY_BYTES } from './constants.js'
import { API_ERRORS, ApiError, ROLE_ERRORS } from './errors.js'
import { DASHBOARD_REQUEST_HEADER, DashboardSessions, SESSION_COOKIE, SESSION_TTL_MS } from './sessions.js'
import { serveDashboard } from './static.js'
import type { Logger } from '../logger.js'
import type { FastifyInstance } from 'fastify'

/** Options of the local API. */
export interface LocalApiInit {
  /** the bearer token every request but /api/health must carry */
  token: string
  logger: Logger
  /** the node's role, which the dashboard asks for to pick its view */
  role?: string
  /** the built dashboard (default: found beside the program, see static.ts; false: none) */
  webDir?: string | false
}

/** Paths anyone may load: the health check, the login, and the dashboard's static files (no data in them). */
function isPublic (path: string): boolean {
  return path === '/api/health' || path === '/login' || !path.startsWith('/api/')
}

/** A loopback Host header: the cookie is honoured only for the address the API listens on (no DNS rebinding). */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/

/**
 * Builds (without listening) the node's local HTTP API: bearer-token auth,
 * errors as `{ error: { code, message } }` with the status from API_ERRORS.
 * Roles add their routes; the daemon calls listen() on 127.0.0.1 only.
 */
export function createLocalApi (init: LocalApiInit): FastifyInstance {
  const app = fastify({
    logger: false,
    bodyLimit: MAX_API_BODY_BYTES,
    requestTimeout: API_REQUEST_TIMEOUT_MS,
    // refuse unknown parameters instead of dropping them: ?contry=DE must not list everyone
    ajv: { customOptions: { removeAdditional: false } }
  })
  const expected = Buffer.from(`Bearer ${init.token}`)
  const sessions = new DashboardSessions()
  void app.register(fastifyCookie)

  // a request carries the API token, or it is the dashboard's: a session cookie, on a loopback host, and (when it changes anything) the dashboard's header
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] as string
    if (isPublic(path)) return
    const authorization = request.headers.authorization
    if (authorization != null) {
      const given = Buffer.from(authorization)
      if (given.length === expected.length && timingSafeEqual(given, expected)) return
      throw new ApiError('UNAUTHORIZED')
    }
    const session = request.cookies[SESSION_COOKIE]
    if (!sessions.check(session) || !LOOPBACK_HOST.test(request.headers.host ?? '')) throw new ApiError('UNAUTHORIZED')
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.headers[DASHBOARD_REQUEST_HEADER] == null) {
      throw new ApiError('UNAUTHORIZED', `A dashboard request that changes something must carry the ${DASHBOARD_REQUEST_HEADER} header`)
    }
  })

  app.setErrorHandler(async (err, _request, reply) => {
    if (err instanceof ApiError) {
      return reply.status(API_ERRORS[err.code].status).send({ error: { code: err.code, message: err.message } })
    }
    if ((err as { validation?: unknown }).validation != null) {
      return reply.status(400).send({ error: { code: 'BAD_REQUEST', message: (err as Error).message } })
    }
    const code = ROLE_ERRORS.get((err as Error).name)
    if (code != null) return reply.status(API_ERRORS[code].status).send({ error: { code, message: (err as Error).message } })
    init.logger.error({ err: (err as Error).message }, 'local API request failed')
    return reply.status(500).send({ error: { code: 'INTERNAL', message: API_ERRORS.INTERNAL.message } })
  })


  app.get('/api/health', async () => ({ ok: true }))
  app.get('/api/whoami', async () => ({ role: init.role ?? 'node' }))

  // `peergrid dashboard` asks for a one-time code with the API token and opens /login?code=…
  app.post('/api/dashboard/login', async (request) => {
    const code = sessions.createCode()
    const host = request.headers.host ?? '127.0.0.1'
    return { code, url: `http://${host}/login?code=${code}` }
  })
  app.get<{ Querystring: { code?: string } }>('/login', {
    schema: { querystring: { type: 'object', properties: { code: { type: 'string', maxLength: 64 } }, additionalProperties: false } }
  }, async (request, reply) => {
    const token = request.query.code != null ? sessions.redeem(request.query.code) : undefined
    if (token == null) {
      return reply.status(401).type('text/plain; charset=utf-8').send('This login link is used or expired: run `peergrid dashboard` again.\n')
    }
    return reply
      .setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', maxAge: SESSION_TTL_MS / 1000 })
      .header('cache-control', 'no-store')
      .redirect('/', 303)
  })
  app.post('/api/dashboard/logout', async (request, reply) => {
    sessions.end(request.cookies[SESSION_COOKIE])
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).send({ ok: true })
  })
  if (init.webDir !== false) serveDashboard(app, init.webDir)
  app.setNotFoundHandler(async () => {
    throw new ApiError('NOT_FOUND')
  })
  return app
}

