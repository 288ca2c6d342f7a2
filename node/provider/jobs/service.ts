import { createHash, randomBytes } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import { JOB_SEED_BYTES, JobEvent, MAX_JOB_REASON_LENGTH, outputsHash } from '../../../protocols/job/index.js'
import { UnfundedAccountError } from '../../../protocols/revocations/index.js'
import { PayingAccountError } from '../exit/errors.js'
import { JobsBusyError } from './errors.js'
import type { JobRunner } from './runner.js'
import type { JobMetrics } from './metrics.js'
import type { JobFile, JobHost, JobSubmit } from '../../../protocols/job/index.js'
import type { TransparencyEntry, TransparencyRepository } from '../../db/transparency-repository.js'
import type { CustomerCheck } from '../exit/customer-check.js'
import type { Logger } from '../../logger.js'
import type { AbortOptions, Connection } from '@libp2p/interface'

/** Modules a provider keeps by sha-256 unless its owner says otherwise, in bytes. */
export const DEFAULT_MODULE_CACHE_BYTES = 256 * 1024 * 1024

/** The owner's limits on jobs. */
export interface JobServiceInit {
  /** the price, micro-units per CPU-second: a job that offers less is refused */
  pricePerCpuSecond: number
  /** the most memory and wall time one job may ask for */
  maxMemoryBytes: number
  maxWallMs: number
  /** bytes of modules kept by hash (default DEFAULT_MODULE_CACHE_BYTES) */
  moduleCacheBytes?: number
}

/** What the job service works with. */
export interface JobServiceComponents {
  runner: JobRunner
  customers: CustomerCheck
  transparency: TransparencyRepository
  metrics: JobMetrics
  logger: Logger
}

const Status = JobEvent.Status

/**
 * The provider's side of `/peergrid/job/1.0.0` (the job server's hook):
 * checks who sends a job (a customer credential for the connection's peer,
 * an account with credit), its price and its limits against the owner's,
 * finds its module (sent, or kept from an earlier job by its sha-256,
 * checked against the hash it claims), runs it in a sandbox and answers the
 * result; every job, run or refused, goes to the transparency log.
 */
export class JobService implements JobHost {
  private readonly components: JobServiceComponents
  private readonly init: JobServiceInit
  private readonly modules: LRUCache<string, Uint8Array>

  constructor (components: JobServiceComponents, init: JobServiceInit) {
    this.components = components
    this.init = init
    this.modules = new LRUCache<string, Uint8Array>({ maxSize: init.moduleCacheBytes ?? DEFAULT_MODULE_CACHE_BYTES, sizeCalculation: (bytes) => Math.max(1, bytes.byteLength) })
  }

  async run (submit: JobSubmit, connection: Connection, options: AbortOptions & { onEvent(event: JobEvent): void }): Promise<JobEvent> {
    const timeMs = Date.now()
    const jobId = this.components.transparency.newId(timeMs)
    const limits = submit.limits ?? { memoryBytes: 0, wallMs: 0, outputBytes: 0 }
    const entry: TransparencyEntry = {
      id: jobId,
      timeMs,
      customer: connection.remotePeer.toString(),
      host: 'job',
      port: 0,
      decision: 'refused',
      reason: 'failure',
      bytesSent: 0,
      bytesReceived: 0,
      job: { module: Buffer.from(submit.moduleSha256).toString('hex'), limits: { memoryBytes: limits.memoryBytes, wallMs: limits.wallMs, outputBytes: limits.outputBytes } }
    }
    const refuse = async (status: JobEvent.Status, reason: string, fields: Partial<JobEvent> = {}): Promise<JobEvent> => {
      entry.reason = String(status).toLowerCase()
      entry.rule = reason.slice(0, 200)
      await this.record(entry)
      this.components.metrics.jobs.inc({ outcome: entry.reason })
      return { status, jobId, reason: reason.slice(0, MAX_JOB_REASON_LENGTH), ...fields }
    }

    try {
      const credential = await this.components.customers.check(submit.credential, connection.remotePeer)
      entry.account = credential.account
      // the same rule as the exit's: only a hosted gateway names another account, which must have credit
      this.components.customers.payingAccount(credential, submit.payingAccount)
    } catch (err: any) {
      if (err instanceof UnfundedAccountError) {
        if (err.account != null) entry.account = err.account
        return refuse(Status.UNFUNDED, 'The paying account is out of credit')
      }
      if (err instanceof PayingAccountError) return refuse(Status.UNAUTHORIZED, err.message)
      return refuse(Status.UNAUTHORIZED, `The customer credential was refused (${err.name})`)
    }
    if ((submit.pricePerCpuSecond ?? -1) < this.init.pricePerCpuSecond) return refuse(Status.PRICE, `The price is ${this.init.pricePerCpuSecond} micro-units per CPU-second`, { pricePerCpuSecond: this.init.pricePerCpuSecond })
    if (limits.memoryBytes > this.init.maxMemoryBytes) return refuse(Status.BAD_REQUEST, `This provider runs jobs of at most ${this.init.maxMemoryBytes} bytes of memory`)
    if (limits.wallMs > this.init.maxWallMs) return refuse(Status.BAD_REQUEST, `This provider runs jobs of at most ${this.init.maxWallMs} ms`)

    let module: Uint8Array
    if (submit.module != null) {
      const hash = createHash('sha256').update(submit.module).digest()
      if (submit.moduleSha256.byteLength > 0 && !hash.equals(submit.moduleSha256)) return refuse(Status.MODULE_MISMATCH, 'The module\'s bytes do not match its sha-256')
      entry.job!.module = hash.toString('hex')
      module = submit.module
      this.modules.set(entry.job!.module, module)
    } else {
      const held = this.modules.get(entry.job!.module)
      if (held == null) return refuse(Status.MODULE_UNKNOWN, 'This provider does not hold that module: send it')
      module = held
    }

    const seed = submit.seed ?? randomBytes(JOB_SEED_BYTES)
    const clockStartNs = submit.clockStartNs ?? BigInt(timeMs) * 1_000_000n
    options.onEvent({ status: Status.QUEUED, jobId, queued: this.components.runner.load.queued })
    let run
    try {
      run = await this.components.runner.run(module, {
        args: submit.args,
        env: submit.env,
        stdin: submit.stdin,
        files: new Map(submit.files.map(f => [f.path, f.data])),
        seed,
        clockStartNs,
        maxOutputBytes: limits.outputBytes,
        // files the job makes count against its output too
        maxFilesystemBytes: submit.files.reduce((n, f) => n + f.data.byteLength, 0) + limits.outputBytes,
        maxMemoryBytes: limits.memoryBytes
      }, limits.wallMs, { signal: options.signal, hash: entry.job!.module, onStart: () => { options.onEvent({ status: Status.RUNNING, jobId }) } })
    } catch (err: any) {
      if (err instanceof JobsBusyError) return refuse(Status.BUSY, err.message)
      this.components.logger.warn({ err: err.message, job: jobId }, 'a job could not run')
      return refuse(Status.FAILURE, 'The provider could not run the job')
    }
    const outcome = { ...run.outcome }
    let files: JobFile[] = [...outcome.files].map(([path, data]) => ({ path, data: data as Uint8Array<ArrayBuffer> }))
    let outputBytes = outcome.stdout.byteLength + outcome.stderr.byteLength + files.reduce((n, f) => n + f.data.byteLength, 0)
    if (outputBytes > limits.outputBytes) {
      // changed input files can pass the output limit: they are not returned
      files = []
      outputBytes = outcome.stdout.byteLength + outcome.stderr.byteLength
      outcome.error ??= { name: 'JobLimitError', message: `The job's output files pass the ${limits.outputBytes}-byte output limit and were dropped` }
    }
    const cpuMs = Math.ceil(run.cpuMs)
    entry.decision = 'allowed'
    entry.reason = outcome.error == null ? 'ok' : outcome.error.name
    entry.end = 'closed'
    entry.durationMs = Math.round(run.wallMs)
    entry.bytesReceived = outputBytes
    Object.assign(entry.job!, { ...(outcome.exitCode != null ? { exitCode: outcome.exitCode } : {}), ...(outcome.error != null ? { error: outcome.error.message.slice(0, 200) } : {}), cpuMs, wallMs: Math.round(run.wallMs), outputBytes, pricePerCpuSecond: submit.pricePerCpuSecond })
    await this.record(entry)
    this.components.metrics.jobs.inc({ outcome: outcome.error?.name ?? 'exited' })
    this.components.metrics.cpuSeconds.inc(cpuMs / 1000)
    return {
      status: Status.DONE,
      jobId,
      pricePerCpuSecond: submit.pricePerCpuSecond,
      result: {
        ...(outcome.exitCode != null ? { exitCode: outcome.exitCode } : {}),
        ...(outcome.error != null ? { errorName: outcome.error.name, errorMessage: outcome.error.message.slice(0, MAX_JOB_REASON_LENGTH) } : {}),
        stdout: outcome.stdout as Uint8Array<ArrayBuffer>,
        stderr: outcome.stderr as Uint8Array<ArrayBuffer>,
        files,
        outputsSha256: await outputsHash({ exitCode: outcome.exitCode, errorName: outcome.error?.name, stdout: outcome.stdout, stderr: outcome.stderr, files }) as Uint8Array<ArrayBuffer>,
        cpuMs,
        wallMs: Math.round(run.wallMs),
        memoryBytes: outcome.memoryBytes,
        seed: seed as Uint8Array<ArrayBuffer>,
        clockStartNs
      }
    }
  }

  private async record (entry: TransparencyEntry): Promise<void> {
    try {
      await this.components.transparency.put(entry)
    } catch (err: any) {
      this.components.logger.warn({ err: err.message }, 'cannot write the transparency log')
    }
  }
}
