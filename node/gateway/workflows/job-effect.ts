import { createHash } from 'node:crypto'
import { DEFAULT_JOB_MEMORY_BYTES, DEFAULT_JOB_OUTPUT_BYTES, DEFAULT_JOB_WALL_MS, JOB_SEED_BYTES } from '../../../protocols/job/index.js'
import { WorkflowJobError } from './errors.js'
import type { JobOutput, JobRequest } from '../../../workflows/engine/index.js'
import type { JobDispatcher } from '../jobs/dispatcher.js'
import type { AbortOptions } from '@libp2p/interface'

/** The clock every workflow job starts at (2026-01-01T00:00:00Z): a job's time is part of what makes its output repeat. */
export const WORKFLOW_JOB_CLOCK_NS = 1_767_225_600_000_000_000n

/** What a workflow job is run with besides its request. */
export interface WorkflowJobOptions extends AbortOptions {
  /** the module's bytes */
  module: Uint8Array
  /** what makes this job's seed: the run's document and input hash, and the node's path */
  seedFrom: string
  /** run on this many different providers and accept only outputs whose hashes agree (default 1) */
  verify?: number
}

/**
 * A workflow's job node on providers (the gateway's job dispatcher): the
 * seed comes from the run's document, input and the node's path, and the
 * clock is fixed, so the same run gives the same output; a job that did not
 * exit, found no provider, or whose replicas disagree fails the node, the
 * disagreement naming each provider and its outputs hash.
 */
export async function runWorkflowJob (dispatcher: Pick<JobDispatcher, 'start'>, request: JobRequest, options: WorkflowJobOptions): Promise<JobOutput> {
  const seed = createHash('sha256').update(options.seedFrom).digest().subarray(0, JOB_SEED_BYTES)
  const { done } = dispatcher.start({
    module: options.module,
    args: ['job', ...request.args],
    env: request.env,
    stdin: new TextEncoder().encode(request.stdin),
    files: Object.entries(request.files).map(([path, text]) => ({ path, data: new TextEncoder().encode(text) as Uint8Array<ArrayBuffer> })),
    limits: { memoryBytes: request.memoryBytes ?? DEFAULT_JOB_MEMORY_BYTES, wallMs: request.timeoutMs ?? DEFAULT_JOB_WALL_MS, outputBytes: DEFAULT_JOB_OUTPUT_BYTES },
    ...(request.country != null ? { country: request.country } : {}),
    replicas: options.verify ?? 1,
    seed,
    clockStartNs: WORKFLOW_JOB_CLOCK_NS
  }, { signal: options.signal })
  const job = await done
  const finished = job.replicas.filter(r => r.state === 'done' && r.result != null)
  if (finished.length < job.replicas.length) {
    throw new WorkflowJobError(job.replicas.find(r => r.state !== 'done')?.error ?? 'The job did not finish')
  }
  const hashes = finished.map(r => Buffer.from(r.result!.outputsSha256).toString('hex'))
  if (new Set(hashes).size > 1) {
    throw new WorkflowJobError(`The providers disagree on the job's outputs: ${finished.map((r, i) => `${r.provider ?? '?'} gave ${hashes[i]!.slice(0, 16)}…`).join(', ')}`)
  }
  const result = finished[0]!.result!
  if (result.errorName != null) throw new WorkflowJobError(`${result.errorName}: ${result.errorMessage ?? 'the job did not exit'}`)
  const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)
  return {
    exitCode: result.exitCode ?? 0,
    stdout: text(result.stdout),
    stderr: text(result.stderr),
    files: Object.fromEntries(result.files.map(f => [f.path, text(f.data)])),
    outputsSha256: hashes[0]!
  }
}
