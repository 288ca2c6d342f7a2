import { SERVICE_NAMES, toCapabilityView } from '../../protocols/capability/index.js'
import type { Gateway } from './index.js'
import type { CapabilityView } from '../../protocols/capability/index.js'
import type { FastifyInstance } from 'fastify'

/** A provider in the gateway's table, as `GET /api/providers` lists it. */
export interface ProviderView extends CapabilityView {
  /** where the gateway learned of it: gossip or dht */
  source: string
}

/**
 * The gateway's local API routes:
 * `GET /api/providers?service=proxy&country=DE` lists the live providers the
 * gateway knows (its table; no network lookup).
 */
export function registerGatewayRoutes (app: FastifyInstance, gateway: Gateway): void {
  app.get<{ Querystring: { service?: string, country?: string } }>('/api/providers', {
    schema: {
      querystring: {
        type: 'object',
        properties: {
          service: { enum: [...SERVICE_NAMES] },
          country: { type: 'string', pattern: '^[A-Za-z]{2}$' }
        },
        additionalProperties: false
      }
    }
  }, async (request): Promise<{ providers: ProviderView[] }> => {
    const { service, country } = request.query
    const entries = gateway.table.list({ service, country: country?.toUpperCase() })
    return { providers: entries.map(entry => ({ ...toCapabilityView(entry), source: entry.source })) }
  })
}
