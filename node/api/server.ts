import { timingSafeEqual } from 'node:crypto'
import { fastify } from 'fastify'
import { API_REQUEST_TIMEOUT_MS, MAX_API_BODY_BYTES } from './constants.js'
import { API_ERRORS, ApiError } from './errors.js'
import type { Logger } from '../logger.js'
import type { FastifyInstance } from 'fastify'

/** Options of the local API. */
export interface LocalApiInit {
  /** the bearer token every request but /api/health must carry */
  token: string
  logger: Logger
}

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

  app.addHook('onRequest', async (request) => {
    if (request.url === '/api/health') return
    const given = Buffer.from(request.headers.authorization ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ApiError('UNAUTHORIZED')
    }
  })

  app.setErrorHandler(async (err, _request, reply) => {
    if (err instanceof ApiError) {
      return reply.status(API_ERRORS[err.code].status).send({ error: { code: err.code, message: err.message } })
    }
    if ((err as { validation?: unknown }).validation != null) {
      return reply.status(400).send({ error: { code: 'BAD_REQUEST', message: (err as Error).message } })
    }
    init.logger.error({ err: (err as Error).message }, 'local API request failed')
    return reply.status(500).send({ error: { code: 'INTERNAL', message: API_ERRORS.INTERNAL.message } })
  })

  app.setNotFoundHandler(async () => {
    throw new ApiError('NOT_FOUND')
  })

  app.get('/api/health', async () => ({ ok: true }))
  return app
}

