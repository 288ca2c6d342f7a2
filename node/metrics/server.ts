import { fastify } from 'fastify'
import type { FastifyInstance } from 'fastify'
import type { Registry } from 'prom-client'

/** Builds (without listening) the Prometheus endpoint: GET /metrics. */
export function createMetricsServer (registry: Registry): FastifyInstance {
  const app = fastify({ logger: false, requestTimeout: 10_000 })
  app.get('/metrics', async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics())
  })
  return app
}
