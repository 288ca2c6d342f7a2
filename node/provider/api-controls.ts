import { ApiError } from '../api/errors.js'
import { InvalidControlsError } from './controls/check.js'
import { CUSTOMER_SCHEMA, DESTINATION_SCHEMA, OWNER_SETTINGS_PATCH_SCHEMA } from './controls/settings.js'
import type { ControlsView, OwnerControls } from './controls/owner-controls.js'
import type { OwnerSettingsPatch } from './controls/settings.js'
import type { EventFeed } from '../api/event-feed.js'
import type { FastifyInstance } from 'fastify'

/** What `POST /api/block` and `POST /api/unblock` take: a destination (domain or CIDR) or a customer (account or peer id). */
export interface BlockRequest {
  destination?: string
  customer?: string
}

const BLOCK_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: {
    destination: DESTINATION_SCHEMA,
    customer: CUSTOMER_SCHEMA
  }
} as const

/**
 * The owner's controls and the live feed on the local API:
 * - `GET /api/policy`: the settings in force, where they came from, the decision and the month's bytes;
 * - `PUT /api/policy`: change settings (any fields; `null` removes the schedule or idle-only);
 *   checked whole, saved, applied at once; 400 names the first problem;
 * - `POST /api/pause`, `POST /api/resume`: pause or resume serving now;
 * - `POST /api/block`, `POST /api/unblock` `{ destination }` or `{ customer }`: one entry of the deny or block list;
 * - `GET /api/feed`: the transparency log live, as Server-Sent Events (`entry`, `controls`, `reset`),
 *   resumed from `Last-Event-ID`.
 */
export function registerControlsRoutes (app: FastifyInstance, controls: OwnerControls, feed: EventFeed): void {
  const update = async (patch: OwnerSettingsPatch): Promise<ControlsView> => {
    try {
      return await controls.update(patch)
    } catch (err: any) {
      if (err instanceof InvalidControlsError) throw new ApiError('BAD_REQUEST', err.message)
      throw err
    }
  }

  app.get('/api/policy', async (): Promise<ControlsView> => controls.view())
  app.put<{ Body: OwnerSettingsPatch }>('/api/policy', { schema: { body: OWNER_SETTINGS_PATCH_SCHEMA } }, async (request) => update(request.body))
  app.post('/api/pause', async () => update({ paused: true }))
  app.post('/api/resume', async () => update({ paused: false }))

  const listChange = (add: boolean) => async (request: { body: BlockRequest }): Promise<ControlsView> => {
    const { destination, customer } = request.body
    const settings = controls.settings()
    const field = destination != null ? 'denyDestinations' : 'blockCustomers'
    const value = (destination ?? customer) as string
    const current = settings[field]
    if (add === current.includes(value)) return controls.view()
    return update({ [field]: add ? [...current, value] : current.filter(item => item !== value) })
  }
  app.post<{ Body: BlockRequest }>('/api/block', { schema: { body: BLOCK_SCHEMA } }, listChange(true))
  app.post<{ Body: BlockRequest }>('/api/unblock', { schema: { body: BLOCK_SCHEMA } }, listChange(false))

  app.get<{ Querystring: { lastEventId?: string } }>('/api/feed', {
    schema: { querystring: { type: 'object', properties: { lastEventId: { type: 'string', maxLength: 64 } }, additionalProperties: false } }
  }, async (request, reply) => {
    reply.hijack()
    const header = request.headers['last-event-id']
    feed.serve(reply.raw, (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId)
  })
}
