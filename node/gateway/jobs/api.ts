import { InvalidJobError, MAX_SUBMIT_BYTES, checkPath, checkSubmit, DEFAULT_JOB_MEMORY_BYTES, DEFAULT_JOB_OUTPUT_BYTES, DEFAULT_JOB_WALL_MS } from '../../../protocols/job/index.js'
import { ApiError } from '../../api/errors.js'
import { MAX_JOB_REPLICAS } from './constants.js'
import type { GatewayJob, JobDispatcher, ReplicaState } from './dispatcher.js'
import type { FastifyInstance } from 'fastify'

/** What POST /api/jobs takes: bytes as base64. */
/** Most jobs `GET /api/jobs` lists. */
export const MAX_LISTED_JOBS = 200

export interface JobRequestBody {
  module: string
  args?: string[]
  env?: string[]
  stdin?: string
  files?: Record<string, string>
  memoryBytes?: number
  timeoutMs?: number
  outputBytes?: number
  country?: string
  replicas?: number
}

/** A job's result as the API shows it: bytes as base64, hashes as hex. */
export interface JobResultView {
  exitCode?: number
  errorName?: string
  errorMessage?: string
  stdout: string
  stderr: string
  files: Record<string, string>
  outputsSha256: string
  cpuMs: number
  wallMs: number
  memoryBytes: number
  seed: string
  clockStartNs: string
}

/** A job as GET /api/jobs/:id answers it. */
export interface JobView extends Omit<GatewayJob, 'replicas'> {
  replicas: Array<Omit<ReplicaState, 'result'> & { result?: JobResultView }>
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')

/** The JSON view of a job. */
export function jobView (job: GatewayJob): JobView {
  return {
    ...job,
    replicas: job.replicas.map(({ result, ...replica }) => ({
      ...replica,
      ...(result != null
        ? {
            result: {
              ...(result.exitCode != null ? { exitCode: result.exitCode } : {}),
              ...(result.errorName != null ? { errorName: result.errorName, errorMessage: result.errorMessage } : {}),
              stdout: b64(result.stdout),
              stderr: b64(result.stderr),
              files: Object.fromEntries(result.files.map(f => [f.path, b64(f.data)])),
              outputsSha256: Buffer.from(result.outputsSha256).toString('hex'),
              cpuMs: result.cpuMs,
              wallMs: result.wallMs,
              memoryBytes: result.memoryBytes,
              seed: Buffer.from(result.seed).toString('hex'),
              clockStartNs: result.clockStartNs.toString()
            }
          }
        : {})
    }))
  }
}

/**
 * The gateway's job routes:
 * - `POST /api/jobs {"module": base64, "args"?, "env"?, "stdin"?: base64, "files"?: {path: base64},
 *   "memoryBytes"?, "timeoutMs"?, "outputBytes"?, "country"?, "replicas"?}`: starts a job on
 *   providers that offer compute; answers 202 with its id and state;
 * - `GET /api/jobs/:id`: its state, and each replica's provider, tries and result.
 */
export function registerJobRoutes (app: FastifyInstance, jobs: JobDispatcher): void {
  app.post<{ Body: JobRequestBody }>('/api/jobs', {
    // base64 is 4/3 of the bytes
    bodyLimit: Math.ceil(MAX_SUBMIT_BYTES * 4 / 3) + 1024 * 1024,
    schema: {
      body: {
        type: 'object',
        required: ['module'],
        additionalProperties: false,
        properties: {
          module: { type: 'string', minLength: 1 },
          args: { type: 'array', items: { type: 'string' } },
          env: { type: 'array', items: { type: 'string' } },
          stdin: { type: 'string' },
          files: { type: 'object', additionalProperties: { type: 'string' } },
          memoryBytes: { type: 'integer', minimum: 65_536 },
          timeoutMs: { type: 'integer', minimum: 1, maximum: 86_400_000 },
          outputBytes: { type: 'integer', minimum: 1 },
          country: { type: 'string', pattern: '^[A-Za-z]{2}$' },
          replicas: { type: 'integer', minimum: 1, maximum: MAX_JOB_REPLICAS }
        }
      }
    }
  }, async (request, reply) => {
    const body = request.body
    const bytes = (text: string | undefined): Uint8Array<ArrayBuffer> => Uint8Array.from(Buffer.from(text ?? '', 'base64'))
    const files = Object.entries(body.files ?? {}).map(([path, data]) => ({ path, data: bytes(data) }))
    const jobRequest = {
      module: bytes(body.module),
      args: body.args ?? ['job'],
      env: body.env ?? [],
      stdin: bytes(body.stdin),
      files,
      limits: { memoryBytes: body.memoryBytes ?? DEFAULT_JOB_MEMORY_BYTES, wallMs: body.timeoutMs ?? DEFAULT_JOB_WALL_MS, outputBytes: body.outputBytes ?? DEFAULT_JOB_OUTPUT_BYTES },
      country: body.country?.toUpperCase(),
      replicas: body.replicas
    }
    try {
      for (const file of files) checkPath(file.path)
      checkSubmit({ ...jobRequest, moduleSha256: new Uint8Array(0) as Uint8Array<ArrayBuffer> })
    } catch (err: any) {
      if (err instanceof InvalidJobError) throw new ApiError('BAD_REQUEST', err.message)
      throw err
    }
    const { job } = jobs.start(jobRequest)
    return reply.status(202).send(jobView(job))
  })
  app.get('/api/jobs', async () => ({ jobs: jobs.list().slice(0, MAX_LISTED_JOBS).map(jobView) }))
  app.get<{ Params: { id: string } }>('/api/jobs/:id', {
    schema: { params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } }
  }, async (request) => {
    const job = jobs.get(request.params.id)
    if (job == null) throw new ApiError('NOT_FOUND', `No job ${request.params.id} (jobs are kept an hour)`)
    return jobView(job)
  })
}
