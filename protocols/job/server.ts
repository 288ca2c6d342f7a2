import { lpStream } from '@libp2p/utils'
import { ServiceLifecycle } from '../common/lifecycle.js'
import { decodeMessage } from '../common/request-response.js'
import { DEFAULT_JOB_PAYMENT_TIMEOUT_MS, DEFAULT_JOB_SUBMIT_TIMEOUT_MS, JOB_HEARTBEAT_MS, JOB_PROTOCOL, MAX_JOB_PAY_BYTES, MAX_JOB_REASON_LENGTH, MAX_JOB_STREAMS_PER_CONNECTION, MAX_SUBMIT_BYTES } from './constants.js'
import { InvalidJobError, JobPaymentError } from './errors.js'
import { checkSubmit } from './check.js'
import { JobEvent, JobPay, JobSubmit } from './pb/job.js'
import type { Logger } from '../common/logger.js'
import type { AbortOptions, Connection, Startable, Stream } from '@libp2p/interface'
import type { Registrar } from '@libp2p/interface-internal'

/** What the job server gives the role's job host for one job. */
export interface JobRunOptions extends AbortOptions {
  /** sends QUEUED and RUNNING (repeated as a heartbeat while nothing newer comes) */
  onEvent(event: JobEvent): void
  /**
   * sends a PAYMENT event and answers the receipt the gateway signed for it
   * (the encoded SignedReceipt of its JobPay); throws JobPaymentError when
   * none comes within the payment timeout, or it is malformed
   */
  pay(event: JobEvent): Promise<Uint8Array>
}

/** Role hook: the provider's jobs. `run` answers the final event (DONE or a refusal). */
export interface JobHost {
  run(submit: JobSubmit, connection: Connection, options: JobRunOptions): Promise<JobEvent>
}

/** What the job server runs on. */
export interface JobServerComponents {
  registrar: Pick<Registrar, 'handle' | 'unhandle'>
  jobs: JobHost
  logger?: Logger
}

/** Options of the job server. */
export interface JobServerInit {
  /** the submit must arrive within this time (default DEFAULT_JOB_SUBMIT_TIMEOUT_MS) */
  submitTimeoutMs?: number
  /** after PAYMENT, the gateway's receipt must arrive within this time (default DEFAULT_JOB_PAYMENT_TIMEOUT_MS) */
  paymentTimeoutMs?: number
}

/**
 * Answers `/peergrid/job/1.0.0` on a provider: reads a submit (at most
 * MAX_SUBMIT_BYTES), checks its form, hands it to the role's job host and
 * writes its events, repeating the newest at least every JOB_HEARTBEAT_MS
 * so the customer knows the job is alive, then the final one. Past the
 * submit it reads only a JobPay, at most MAX_JOB_PAY_BYTES, when the host
 * asks for payment.
 */
export class JobServer implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/job-server'
  private readonly components: JobServerComponents
  private readonly init: JobServerInit
  private readonly lifecycle = new ServiceLifecycle()

  constructor (components: JobServerComponents, init: JobServerInit = {}) {
    this.components = components
    this.init = init
  }

  async start (): Promise<void> {
    if (!this.lifecycle.start()) return
    await this.components.registrar.handle(JOB_PROTOCOL, (stream, connection) => { void this.handle(stream, connection) }, { maxInboundStreams: MAX_JOB_STREAMS_PER_CONNECTION, runOnLimitedConnection: true })
  }

  async stop (): Promise<void> {
    if (!this.lifecycle.stop()) return
    await this.components.registrar.unhandle(JOB_PROTOCOL)
  }

  private async handle (stream: Stream, connection: Connection): Promise<void> {
    // the job stops when the provider stops or the gateway goes away (its stream closes or resets)
    const gone = new AbortController()
    const onClose = (): void => { gone.abort(new Error('The job\'s stream closed')) }
    stream.addEventListener('close', onClose, { once: true })
    stream.addEventListener('remoteCloseWrite', onClose, { once: true })
    const signal = AbortSignal.any([this.lifecycle.signal, gone.signal])
    // the byte stream under it buffers 4 MiB unless told otherwise: a submit is larger
    const submitStream = lpStream(stream, { maxDataLength: MAX_SUBMIT_BYTES, maxBufferSize: MAX_SUBMIT_BYTES + 16 })
    let heartbeat: ReturnType<typeof setInterval> | undefined
    try {
      const reading = AbortSignal.any([signal, AbortSignal.timeout(this.init.submitTimeoutMs ?? DEFAULT_JOB_SUBMIT_TIMEOUT_MS)])
      const submit = decodeMessage<JobSubmit>(JobSubmit, await submitStream.read({ signal: reading }), 'job')
      // past the submit the gateway sends at most a JobPay
      const lp = lpStream(submitStream.unwrap(), { maxDataLength: MAX_JOB_PAY_BYTES })
      let latest: JobEvent | undefined
      let writing = Promise.resolve()
      // a write that fails (the gateway went away) ends the writing; the chain itself never rejects, so
      // heartbeats sent while the job runs cannot leave a rejection nobody awaits
      let writeFailed: Error | undefined
      const send = (event: JobEvent): void => {
        writing = writing
          .then(async () => { if (writeFailed == null) await lp.write(JobEvent.encode(event), { signal }) })
          .catch((err: Error) => { writeFailed ??= err })
      }
      const written = async (): Promise<void> => {
        await writing
        if (writeFailed != null) throw writeFailed
      }
      const pay = async (event: JobEvent): Promise<Uint8Array> => {
        // no heartbeat while the gateway pays: it must sign one receipt, not one per repeat
        latest = undefined
        send(event)
        try {
          await written()
        } catch (err: any) {
          throw new JobPaymentError(`Could not ask for payment: ${err.message}`, { gatewayLeft: true })
        }
        const waiting = AbortSignal.any([signal, AbortSignal.timeout(this.init.paymentTimeoutMs ?? DEFAULT_JOB_PAYMENT_TIMEOUT_MS)])
        try {
          return decodeMessage<JobPay>(JobPay, await lp.read({ signal: waiting }), 'job').receipt
        } catch (err: any) {
          throw new JobPaymentError(this.lifecycle.signal.aborted ? 'The provider is stopping' : `No payment came for the job: ${gone.signal.aborted ? 'the gateway went away' : err.message}`, { gatewayLeft: gone.signal.aborted })
        }
      }
      let final: JobEvent
      try {
        checkSubmit(submit)
        heartbeat = setInterval(() => { if (latest != null) send(latest) }, JOB_HEARTBEAT_MS)
        final = await this.components.jobs.run(submit, connection, { signal, onEvent: (event) => { latest = event; send(event) }, pay })
      } catch (err: any) {
        if (!(err instanceof InvalidJobError)) throw err
        final = { status: JobEvent.Status.BAD_REQUEST, jobId: '', reason: err.message.slice(0, MAX_JOB_REASON_LENGTH) }
      }
      clearInterval(heartbeat)
      send(final)
      await written()
      await stream.close({ signal })
    } catch (err: any) {
      this.components.logger?.debug({ err: err.message }, 'job stream failed')
      stream.abort(err)
    } finally {
      clearInterval(heartbeat)
      stream.removeEventListener('close', onClose)
      stream.removeEventListener('remoteCloseWrite', onClose)
    }
  }
}

/** The job server as a libp2p service. */
export function jobServer (init: JobServerInit = {}): (components: JobServerComponents) => JobServer {
  return (components) => new JobServer(components, init)
}
