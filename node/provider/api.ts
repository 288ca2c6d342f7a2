import { openCapabilityRecord, toCapabilityView } from '../../protocols/capability/index.js'
import type { Provider } from './index.js'
import type { FastifyInstance } from 'fastify'

/**
 * The provider's local API routes: `GET /api/status` shows the capability
 * record the provider currently announces.
 */
export function registerProviderRoutes (app: FastifyInstance, provider: Provider): void {
  app.get('/api/status', async () => {
    const current = provider.advertiser.current()
    return { record: current == null ? null : toCapabilityView(await openCapabilityRecord(current.bytes)) }
  })
}
