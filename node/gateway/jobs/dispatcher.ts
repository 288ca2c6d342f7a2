import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { JOB_SEED_BYTES, JobEvent, JobRefusedError } from '../../../protocols/job/index.js'
import { boundedMap } from '../../../protocols/common/index.js'
import { MAX_GATEWAY_JOBS, MAX_JOB_ATTEMPTS, MAX_JOB_REPLICAS, JOB_RESULT_TTL_MS } from './constants.js'
import type { FinishedJob, JobClient, JobFile, JobLimits, JobResult } from '../../../protocols/job/index.js'
import type { JobPayer } from './payment.js'
import type { ProviderEntry, ProviderFilter } from '../provider-table.js'
import type { Logger } from '../../logger.js'
import type { AbortOptions, PeerId } from '@libp2p/interface'

/** A job as a customer hands it to the gateway. */
export interface JobRequest {
  module: Uint8Array
  args: string[]
  env: string[]
  stdin: Uint8Array
  files: JobFile[]
  limits: JobLimits
  /** only providers in this country */
  country?: string
  /** run on this many different providers and compare their outputs (default 1) */
  replicas?: number
  /** the job's random seed (16 bytes) and clock at start (ns since the epoch); default: fresh ones (a workflow derives them, so that a run repeats) */
  seed?: Uint8Array
  clockStartNs?: bigint
}

/** One provider's run of a job. */
export interface ReplicaState {
  provider?: string
  state: 'finding' | 'queued' | 'running' | 'done' | 'failed'
  /** providers tried before this one, and why they failed */
  tries: Array<{ provider: string, error: string }>
  result?: JobResult
  pricePerCpuSecond?: number
  /** a paid job: the CPU time billed and what it cost, micro-units */
  cost?: { cpuMs: number, amount: number }
  error?: string
}

/** A job the gateway runs, as GET /api/jobs/:id shows it. */
export interface GatewayJob {
  id: string
  createdAtMs: number
  moduleSha256: string
  state: 'running' | 'done' | 'failed'
  replicas: ReplicaState[]
  /** with replicas: true when every finished replica has the same outputs hash */
  agree?: boolean
}

/** What the dispatcher uses. */
export interface JobDispatcherComponents {
  jobClient: Pick<JobClient, 'submit'>
  findProviders(filter: ProviderFilter, options?: AbortOptions): Promise<ProviderEntry[]>
  credential(): Uint8Array | undefined
  /** signs receipts for the jobs providers bill (absent: a provider that bills gets no receipt, and no job of it finishes) */
  payer?: Pick<JobPayer, 'pay'>
  logger: Logger
}

/** Provider statuses that say "not here, try another". */
const TRY_ELSEWHERE = new Set([JobEvent.Status.BUSY, JobEvent.Status.FAILURE, JobEvent.Status.MODULE_UNKNOWN, JobEvent.Status.UNAUTHORIZED])

/**
 * The gateway's side of jobs: picks providers that offer compute (cheapest
 * first, enough memory per job, in the country asked), sends the job with
 * the provider's advertised price, and tries the next provider when one
 * fails before the result (lost, busy, failing). With replicas, the job runs
 * on that many different providers with one seed and clock, and the
 * outputs hashes are compared. A provider that bills a job gets a receipt
 * for it when the bill is what was agreed (JobPayer), else the job is tried
 * elsewhere. Jobs are kept in a bounded map for the API.
 */
export class JobDispatcher {
  private readonly components: JobDispatcherComponents
  private readonly jobs = boundedMap<string, GatewayJob>(MAX_GATEWAY_JOBS, { ttl: JOB_RESULT_TTL_MS })

  constructor (components: JobDispatcherComponents) {
    this.components = components
  }

  /** Starts a job; its state is `get(id)`. `done` resolves when it has finished. */
  start (request: JobRequest, options: AbortOptions = {}): { job: GatewayJob, done: Promise<GatewayJob> } {
    const replicas = Math.min(Math.max(request.replicas ?? 1, 1), MAX_JOB_REPLICAS)
    const job: GatewayJob = {
      id: randomUUID(),
      createdAtMs: Date.now(),
      moduleSha256: createHash('sha256').update(request.module).digest('hex'),
      state: 'running',
      replicas: Array.from({ length: replicas }, () => ({ state: 'finding', tries: [] }))
    }
    this.jobs.set(job.id, job)
    const done = this.run(job, request, options).then(() => job)
    return { job, done }
  }

  get (id: string): GatewayJob | undefined {
    return this.jobs.get(id)
  }

  /** The jobs kept (the last hour's, at most MAX_GATEWAY_JOBS), most recently used first. */
  list (): GatewayJob[] {
    return [...this.jobs.values()]
  }

  private async run (job: GatewayJob, request: JobRequest, options: AbortOptions): Promise<void> {
    // every replica runs with the same seed and clock, so that their outputs can agree
    const seed = request.seed ?? randomBytes(JOB_SEED_BYTES)
    const clockStartNs = request.clockStartNs ?? BigInt(Date.now()) * 1_000_000n
    const used = new Set<string>()
    const memoryMib = Math.ceil(request.limits.memoryBytes / (1024 * 1024))
    let candidates: ProviderEntry[] = []
    try {
      candidates = (await this.components.findProviders({ service: 'compute', country: request.country }, options))
        .filter(p => p.record.limits == null || p.record.limits.maxJobMemoryMib === 0 || p.record.limits.maxJobMemoryMib >= memoryMib)
        .sort((a, b) => (a.record.prices?.microsPerCpuSecond ?? 0) - (b.record.prices?.microsPerCpuSecond ?? 0))
    } catch (err: any) {
      this.components.logger.debug({ err: err.message }, 'provider lookup for a job failed')
    }
    await Promise.all(job.replicas.map(async (replica) => {
      for (let attempt = 0; attempt < MAX_JOB_ATTEMPTS; attempt++) {
        const provider = candidates.find(p => !used.has(p.peerId.toString()))
        if (provider == null) break
        used.add(provider.peerId.toString())
        replica.provider = provider.peerId.toString()
        replica.state = 'queued'
        try {
          const finished = await this.submit(provider.peerId, provider, request, seed, clockStartNs, replica, options)
          Object.assign(replica, { state: 'done', result: finished.result, pricePerCpuSecond: finished.pricePerCpuSecond })
          if (finished.payment != null) replica.cost = { cpuMs: finished.payment.cpuMs, amount: finished.payment.amount }
          return
        } catch (err: any) {
          replica.tries.push({ provider: provider.peerId.toString(), error: err.message })
          if (err instanceof JobRefusedError && !TRY_ELSEWHERE.has(err.status)) {
            Object.assign(replica, { state: 'failed', error: err.message })
            return
          }
          if (options.signal?.aborted === true) break
        }
      }
      replica.state = 'failed'
      replica.error = replica.tries.length === 0
        ? `No provider offers compute${request.country != null ? ` in ${request.country}` : ''} with ${memoryMib} MiB per job`
        : `Every provider tried failed: ${replica.tries.map(t => t.error).join('; ')}`
    }))
    const finished = job.replicas.filter(r => r.state === 'done')
    job.state = finished.length > 0 ? 'done' : 'failed'
    if (job.replicas.length > 1 && finished.length > 1) {
      const hashes = new Set(finished.map(r => Buffer.from(r.result!.outputsSha256).toString('hex')))
      job.agree = hashes.size === 1
    }
  }

  private async submit (peer: PeerId, provider: ProviderEntry, request: JobRequest, seed: Uint8Array, clockStartNs: bigint, replica: ReplicaState, options: AbortOptions): Promise<FinishedJob> {
    const credential = this.components.credential()
    const pricePerCpuSecond = provider.record.prices?.microsPerCpuSecond ?? 0
    const sentAt = performance.now()
    const { payer } = this.components
    return this.components.jobClient.submit(peer, {
      module: request.module as Uint8Array<ArrayBuffer>,
      moduleSha256: createHash('sha256').update(request.module).digest() as Uint8Array<ArrayBuffer>,
      args: request.args,
      env: request.env,
      stdin: request.stdin as Uint8Array<ArrayBuffer>,
      files: request.files,
      limits: request.limits,
      pricePerCpuSecond,
      ...(credential != null ? { credential: credential as Uint8Array<ArrayBuffer> } : {}),
      seed: seed as Uint8Array<ArrayBuffer>,
      clockStartNs
    }, {
      signal: options.signal,
      onEvent: (event) => { replica.state = event.status === JobEvent.Status.RUNNING ? 'running' : 'queued' },
      ...(payer != null ? { pay: async (bill) => payer.pay(peer, bill, { pricePerCpuSecond, wallLimitMs: request.limits.wallMs, sentAt }) } : {})
    })
  }
}
