import { createHash, randomBytes } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import { boundedMap } from '../../../protocols/common/index.js'
import { JOB_SEED_BYTES, JobEvent, JobPaymentError, MAX_JOB_REASON_LENGTH, outputsHash } from '../../../protocols/job/index.js'
import { UnfundedAccountError } from '../../../protocols/revocations/index.js'
import { PayingAccountError } from '../exit/errors.js'
import { MAX_UNPAID_CUSTOMERS, UNPAID_JOB_BAN_MS } from './constants.js'
import { JobCancelledError, JobsBusyError } from './errors.js'
import type { JobPayments } from './payment.js'
import type { JobRunner } from './runner.js'
import type { JobMetrics } from './metrics.js'
import type { JobFile, JobHost, JobPayment, JobRunOptions, JobSubmit } from '../../../protocols/job/index.js'
import type { TransparencyEntry, TransparencyRepository } from '../../db/transparency-repository.js'
import type { CustomerCheck } from '../exit/customer-check.js'
import type { Logger } from '../../logger.js'
import type { Connection } from '@libp2p/interface'

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
  /** payment for jobs through receipts (absent: jobs are not metered) */
  payments?: JobPayments
  /** the owner's controls: serve now or not, and the customers blocked (absent: always serve) */
  controls?: {
    decide(nowMs: number): { serve: boolean, reasons: Array<{ code: string, detail: string }> }
    readonly ownerPolicy: { checkCustomer(account: string, peerId?: string): string | undefined }
  }
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
 *
 * A metered job is paid before its result goes out: the provider bills its
 * CPU time at the price fixed at submit (at most the job's wall time, which
 * caps it at the wall-time limit), the gateway signs a receipt for exactly
 * that bill, the provider counter-signs it and keeps it for the rendezvous,
 * then answers the result with the receipt. A gateway that does not pay
 * gets no result, and, unless it went away instead, its peer no more jobs
 * for UNPAID_JOB_BAN_MS.
 */
export class JobService implements JobHost {
  private readonly components: JobServiceComponents
  private readonly init: JobServiceInit
  private readonly modules: LRUCache<string, Uint8Array>
  /** customers (peer ids) that left a job unpaid */
  private readonly unpaid = boundedMap<string, true>(MAX_UNPAID_CUSTOMERS, { ttl: UNPAID_JOB_BAN_MS })

  constructor (components: JobServiceComponents, init: JobServiceInit) {
    this.components = components
    this.init = init
    this.modules = new LRUCache<string, Uint8Array>({ maxSize: init.moduleCacheBytes ?? DEFAULT_MODULE_CACHE_BYTES, sizeCalculation: (bytes) => Math.max(1, bytes.byteLength) })
  }

  async run (submit: JobSubmit, connection: Connection, options: JobRunOptions): Promise<JobEvent> {
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
    const refuse = async (status: JobEvent.Status, reason: string, fields: Partial<JobEvent> = {}, outcome = String(status).toLowerCase()): Promise<JobEvent> => {
      entry.reason = outcome
      entry.rule = reason.slice(0, 200)
      await this.record(entry)
      this.components.metrics.jobs.inc({ outcome: entry.reason })
      return { status, jobId, reason: reason.slice(0, MAX_JOB_REASON_LENGTH), ...fields }
    }

    let payingAccount: string
    try {
      const credential = await this.components.customers.check(submit.credential, connection.remotePeer)
      entry.account = credential.account
      // the same rule as the exit's: only a hosted gateway names another account, which must have credit
      payingAccount = this.components.customers.payingAccount(credential, submit.payingAccount)
    } catch (err: any) {
      if (err instanceof UnfundedAccountError) {
        if (err.account != null) entry.account = err.account
        return refuse(Status.UNFUNDED, 'The paying account is out of credit')
      }
      if (err instanceof PayingAccountError) return refuse(Status.UNAUTHORIZED, err.message)
      return refuse(Status.UNAUTHORIZED, `The customer credential was refused (${err.name})`)
    }
    if (this.unpaid.has(entry.customer)) return refuse(Status.UNPAID, 'An earlier job of this customer is unpaid')
    const { controls } = this.components
    const serving = controls?.decide(timeMs)
    if (serving != null && !serving.serve) return refuse(Status.BUSY, `The provider does not serve now: ${serving.reasons.map(r => r.detail).join('; ')}`, {}, 'not-serving')
    const blocked = controls?.ownerPolicy.checkCustomer(entry.account as string, entry.customer)
    if (blocked != null) return refuse(Status.UNAUTHORIZED, `The provider's owner does not serve this customer (${blocked})`, {}, 'policy')
    const { payments } = this.components
    if (payments != null && !payments.ready) return refuse(Status.FAILURE, 'The provider has not registered yet and cannot take payment')
    if ((submit.pricePerCpuSecond ?? -1) < this.init.pricePerCpuSecond) return refuse(Status.PRICE, `The price is ${this.init.pricePerCpuSecond} micro-units per CPU-second`, { pricePerCpuSecond: this.init.pricePerCpuSecond })
    const maxMemoryBytes = Math.min(this.init.maxMemoryBytes, this.components.runner.limits.memoryBytes)
    if (limits.memoryBytes > maxMemoryBytes) return refuse(Status.BAD_REQUEST, `This provider runs jobs of at most ${maxMemoryBytes} bytes of memory`)
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
      // the customer went away: the job stopped, nothing is owed (its CPU so far is the provider's loss, bounded by the customer's streams)
      if (err instanceof JobCancelledError) return refuse(Status.FAILURE, err.message, {}, 'cancelled')
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
    const wallMs = Math.round(run.wallMs)
    // what is charged: the CPU time the sandbox used, never more than the job's own wall time (so at most its limit)
    const cpuMs = Math.min(Math.ceil(run.cpuMs), Math.max(wallMs, 1), limits.wallMs)
    entry.decision = 'allowed'
    entry.reason = outcome.error == null ? 'ok' : outcome.error.name
    entry.end = 'closed'
    entry.durationMs = wallMs
    entry.bytesReceived = outputBytes
    Object.assign(entry.job!, { ...(outcome.exitCode != null ? { exitCode: outcome.exitCode } : {}), ...(outcome.error != null ? { error: outcome.error.message.slice(0, 200) } : {}), cpuMs, wallMs, outputBytes, pricePerCpuSecond: submit.pricePerCpuSecond })
    this.components.metrics.jobs.inc({ outcome: outcome.error?.name ?? 'exited' })
    this.components.metrics.cpuSeconds.inc(cpuMs / 1000)

    let receipt: Uint8Array | undefined
    const bill = payments?.bill(cpuMs, submit.pricePerCpuSecond ?? 0)
    if (payments != null && bill != null && bill.amount > 0) {
      try {
        receipt = await this.collect(payments, bill, jobId, connection, payingAccount, options)
      } catch (err: any) {
        // a gateway that went away got nothing and is not held to it (as a cancelled job); one that stayed and did not pay is
        if (!(err instanceof JobPaymentError && err.gatewayLeft)) this.unpaid.set(entry.customer, true)
        entry.end = 'unpaid'
        entry.rule = err.message.slice(0, 200)
        await this.record(entry)
        this.components.metrics.jobs.inc({ outcome: 'unpaid' })
        return { status: Status.UNPAID, jobId, reason: err.message.slice(0, MAX_JOB_REASON_LENGTH) }
      }
      entry.meteringSession = bill.session
      entry.earnedMicroUnits = bill.amount
    }
    await this.record(entry)
    return {
      status: Status.DONE,
      jobId,
      pricePerCpuSecond: submit.pricePerCpuSecond,
      ...(receipt != null ? { receipt: receipt as Uint8Array<ArrayBuffer> } : {}),
      result: {
        ...(outcome.exitCode != null ? { exitCode: outcome.exitCode } : {}),
        ...(outcome.error != null ? { errorName: outcome.error.name, errorMessage: outcome.error.message.slice(0, MAX_JOB_REASON_LENGTH) } : {}),
        stdout: outcome.stdout as Uint8Array<ArrayBuffer>,
        stderr: outcome.stderr as Uint8Array<ArrayBuffer>,
        files,
        outputsSha256: await outputsHash({ exitCode: outcome.exitCode, errorName: outcome.error?.name, stdout: outcome.stdout, stderr: outcome.stderr, files }) as Uint8Array<ArrayBuffer>,
        cpuMs,
        wallMs,
        memoryBytes: outcome.memoryBytes,
        seed: seed as Uint8Array<ArrayBuffer>,
        clockStartNs
      }
    }
  }

  /** Asks the gateway to pay `bill` and checks, counter-signs and keeps its receipt. */
  private async collect (payments: JobPayments, bill: JobPayment, jobId: string, connection: Connection, payingAccount: string, options: JobRunOptions): Promise<Uint8Array> {
    const signed = await options.pay({ status: Status.PAYMENT, jobId, payment: bill })
    return payments.accept(bill, signed, connection.remotePeer, payingAccount)
  }

  private async record (entry: TransparencyEntry): Promise<void> {
    try {
      await this.components.transparency.put(entry)
    } catch (err: any) {
      this.components.logger.warn({ err: err.message }, 'cannot write the transparency log')
    }
  }
}
