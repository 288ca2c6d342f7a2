import { InvalidWorkflowError, InvalidWorkflowInputError } from '../../../workflows/engine/index.js'
import { ApiError } from '../../api/errors.js'
import { MAX_VERIFY_REPLICAS, MAX_WORKFLOW_REQUEST_BYTES } from './constants.js'
import { UnknownModuleError, WorkflowJobError } from './errors.js'
import type { WorkflowRunView, WorkflowService } from './service.js'
import type { NodeRecord } from '../../../workflows/engine/index.js'
import type { FastifyInstance } from 'fastify'

/** What POST /api/workflows takes. */
export interface WorkflowRequestBody {
  document: unknown
  input?: unknown
  /** modules the document names: sha-256 (hex) → base64 */
  modules?: Record<string, string>
  verify?: number
}

/**
 * The gateway's workflow routes:
 * - `POST /api/workflows {"document", "input"?, "modules"?: {sha256: base64}, "verify"?}`:
 *   checks the workflow and starts it (202 with its id), or 400 naming each problem's node;
 * - `GET /api/workflows/:id`: its state, jobs and fetches done, output or error;
 * - `GET /api/workflows/:id/history`: its history (every node's record, in plan order).
 */
export function registerWorkflowRoutes (app: FastifyInstance, workflows: WorkflowService): void {
  app.post<{ Body: WorkflowRequestBody }>('/api/workflows', {
    bodyLimit: MAX_WORKFLOW_REQUEST_BYTES,
    schema: {
      body: {
        type: 'object',
        required: ['document'],
        additionalProperties: false,
        properties: {
          document: {},
          input: {},
          modules: { type: 'object', propertyNames: { pattern: '^[0-9a-f]{64}$' }, additionalProperties: { type: 'string' } },
          verify: { type: 'integer', minimum: 1, maximum: MAX_VERIFY_REPLICAS }
        }
      }
    }
  }, async (request, reply) => {
    const { document, input, modules, verify } = request.body
    try {
      const view = await workflows.submit({
        document,
        input: input ?? null,
        modules: new Map(Object.entries(modules ?? {}).map(([hash, base64]) => [hash, Uint8Array.from(Buffer.from(base64, 'base64'))])),
        ...(verify != null ? { verify } : {})
      })
      return await reply.status(202).send(view)
    } catch (err: any) {
      if (err instanceof InvalidWorkflowError || err instanceof InvalidWorkflowInputError || err instanceof UnknownModuleError) throw new ApiError('BAD_REQUEST', err.message)
      if (err instanceof WorkflowJobError) throw new ApiError('UNAVAILABLE', err.message)
      throw err
    }
  })
  const params = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] }
  app.get<{ Params: { id: string } }>('/api/workflows/:id', { schema: { params } }, async (request): Promise<WorkflowRunView> => {
    const run = await workflows.get(request.params.id)
    if (run == null) throw new ApiError('NOT_FOUND', `No workflow run ${request.params.id}`)
    return run
  })
  app.get<{ Params: { id: string } }>('/api/workflows/:id/history', { schema: { params } }, async (request): Promise<{ history: NodeRecord[] }> => {
    const history = await workflows.history(request.params.id)
    if (history == null) throw new ApiError('NOT_FOUND', `No workflow run ${request.params.id}`)
    return { history }
  })
}
