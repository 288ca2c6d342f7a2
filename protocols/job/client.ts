import { setMaxListeners } from 'node:events'
import { lpStream } from '@libp2p/utils'
import { decodeMessage } from '../common/request-response.js'
import { DEFAULT_JOB_EVENT_TIMEOUT_MS, DEFAULT_JOB_SUBMIT_TIMEOUT_MS, JOB_PROTOCOL, MAX_EVENT_BYTES } from './constants.js'
import { JobLostError, JobPaymentError, JobRefusedError } from './errors.js'
import { JobEvent, JobPay, JobSubmit } from './pb/job.js'
import type { JobPayment, JobResult } from './pb/job.js'
import type { AbortOptions, PeerId, Startable, Stream } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

/** What the job client runs on. */
export interface JobClientComponents {
  connectionManager: Pick<ConnectionManager, 'openStream'>
}

/** Options of the job client. */
export interface JobClientInit {
  /** opening the stream and sending the submit must finish within this time (default DEFAULT_JOB_SUBMIT_TIMEOUT_MS) */
  submitTimeoutMs?: number
  /** the provider may be silent this long between events (default DEFAULT_JOB_EVENT_TIMEOUT_MS) */
  eventTimeoutMs?: number
}

/** How one job is sent. */
export interface SubmitJobOptions extends AbortOptions {
  /** hears QUEUED and RUNNING */
  onEvent?(event: JobEvent): void
  /**
   * when the provider asks to be paid: checks what it asks and answers a
   * receipt signed for it (an encoded SignedReceipt); throws to refuse, and
   * the job ends without its result (absent: every payment is refused)
   */
  pay?(payment: JobPayment, jobId: string): Promise<Uint8Array>
}

/** A job's end as the provider reported it. */
export interface FinishedJob {
  jobId: string
  result: JobResult
  pricePerCpuSecond: number
  /** a paid job: what it cost, and the receipt as the provider counter-signed it */
  payment?: JobPayment
  receipt?: Uint8Array
}

/**
 * Sends jobs over `/peergrid/job/1.0.0`: one stream per job, the submit,
 * then the provider's events until the final one, paying (`pay`) when the
 * provider asks. A refusal throws JobRefusedError with its status; a
 * payment the gateway refuses throws JobPaymentError; a provider that goes
 * silent past the event timeout, or closes without a final event, throws
 * JobLostError.
 */
export class JobClient implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/job-client'
  private readonly components: JobClientComponents
  private readonly init: JobClientInit

  constructor (components: JobClientComponents, init: JobClientInit = {}) {
    this.components = components
    this.init = init
  }

  start (): void {}
  stop (): void {}

  async submit (peer: PeerId, submit: JobSubmit, options: SubmitJobOptions = {}): Promise<FinishedJob> {
    const submitTimeout = AbortSignal.timeout(this.init.submitTimeoutMs ?? DEFAULT_JOB_SUBMIT_TIMEOUT_MS)
    const opening = options.signal == null ? submitTimeout : AbortSignal.any([submitTimeout, options.signal])
    setMaxListeners(Infinity, opening)
    let stream: Stream | undefined
    try {
      stream = await this.components.connectionManager.openStream(peer, JOB_PROTOCOL, { signal: opening, negotiateFully: false })
      const lp = lpStream(stream, { maxDataLength: MAX_EVENT_BYTES, maxBufferSize: MAX_EVENT_BYTES + 16 })
      await lp.write(JobSubmit.encode(submit), { signal: opening })
      let payment: JobPayment | undefined
      for (;;) {
        const silence = AbortSignal.timeout(this.init.eventTimeoutMs ?? DEFAULT_JOB_EVENT_TIMEOUT_MS)
        const waiting = options.signal == null ? silence : AbortSignal.any([silence, options.signal])
        let bytes
        try {
          bytes = await lp.read({ signal: waiting })
        } catch (err: any) {
          if (silence.aborted && options.signal?.aborted !== true) throw new JobLostError(`The provider ${peer.toString()} said nothing for ${this.init.eventTimeoutMs ?? DEFAULT_JOB_EVENT_TIMEOUT_MS} ms`)
          if (err.name === 'UnexpectedEOFError') throw new JobLostError(`The provider ${peer.toString()} closed the job's stream without a result`)
          throw err
        }
        const event = decodeMessage<JobEvent>(JobEvent, bytes, 'job')
        if (event.status === JobEvent.Status.QUEUED || event.status === JobEvent.Status.RUNNING) {
          options.onEvent?.(event)
          continue
        }
        if (event.status === JobEvent.Status.PAYMENT && payment != null) throw new JobPaymentError(`The provider ${peer.toString()} asked to be paid twice for one job`)
        if (event.status === JobEvent.Status.PAYMENT && event.payment != null) {
          payment = event.payment
          if (options.pay == null) throw new JobPaymentError(`The provider ${peer.toString()} asks ${payment.amount} micro-units for the job; this gateway does not pay for jobs`)
          let receipt: Uint8Array
          try {
            receipt = await options.pay(payment, event.jobId)
          } catch (err: any) {
            throw new JobPaymentError(`Did not pay the provider ${peer.toString()} for the job: ${err.message}`)
          }
          await lp.write(JobPay.encode({ receipt: receipt as Uint8Array<ArrayBuffer> }), { signal: options.signal })
          continue
        }
        if (event.status === JobEvent.Status.DONE && event.result != null) {
          return { jobId: event.jobId, result: event.result, pricePerCpuSecond: event.pricePerCpuSecond ?? 0, ...(payment != null ? { payment } : {}), ...(event.receipt != null ? { receipt: event.receipt } : {}) }
        }
        throw new JobRefusedError(event.reason ?? `The provider refused the job (${String(event.status)})`, event.status, event.pricePerCpuSecond)
      }
    } catch (err: any) {
      stream?.abort(err)
      if (err instanceof JobRefusedError || err instanceof JobLostError || err instanceof JobPaymentError || options.signal?.aborted === true) throw err
      if (submitTimeout.aborted) throw new JobLostError(`Could not send the job to ${peer.toString()} within ${this.init.submitTimeoutMs ?? DEFAULT_JOB_SUBMIT_TIMEOUT_MS} ms`)
      // the provider refused the stream (its stream limit), reset it, or the connection went: the job may be tried elsewhere
      throw new JobLostError(`The job's stream to ${peer.toString()} failed: ${err.message} (${err.name})`)
    } finally {
      if (stream != null && stream.status === 'open') await stream.close().catch(() => {})
    }
  }
}

/** The job client as a libp2p service. */
export function jobClient (init: JobClientInit = {}): (components: JobClientComponents) => JobClient {
  return (components) => new JobClient(components, init)
}
