import { lpStream } from '@libp2p/utils'
import { ServiceLifecycle } from '../common/lifecycle.js'
import { decodeMessage } from '../common/request-response.js'
import { DEFAULT_JOB_SUBMIT_TIMEOUT_MS, JOB_HEARTBEAT_MS, JOB_PROTOCOL, MAX_JOB_REASON_LENGTH, MAX_JOB_STREAMS_PER_CONNECTION, MAX_SUBMIT_BYTES } from './constants.js'
import { InvalidJobError } from './errors.js'
import { checkSubmit } from './check.js'
import { JobEvent, JobSubmit } from './pb/job.js'
import type { Logger } from '../common/logger.js'
import type { AbortOptions, Connection, Startable, Stream } from '@libp2p/interface'
import type { Registrar } from '@libp2p/interface-internal'

/** Role hook: the provider's jobs. `run` answers the final event (DONE or a refusal); `onEvent` carries QUEUED and RUNNING. */
export interface JobHost {
  run(submit: JobSubmit, connection: Connection, options: AbortOptions & { onEvent(event: JobEvent): void }): Promise<JobEvent>
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
}

/**
 * Answers `/peergrid/job/1.0.0` on a provider: reads a submit (at most
 * MAX_SUBMIT_BYTES), checks its form, hands it to the role's job host and
 * writes its events, repeating the newest at least every JOB_HEARTBEAT_MS
 * so the customer knows the job is alive, then the final one.
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
    await this.components.registrar.handle(JOB_PROTOCOL, (stream, connection) => { void this.handle(stream, connection) }, { maxInboundStreams: MAX_JOB_STREAMS_PER_CONNECTION })
  }

  async stop (): Promise<void> {
    if (!this.lifecycle.stop()) return
    await this.components.registrar.unhandle(JOB_PROTOCOL)
  }

  private async handle (stream: Stream, connection: Connection): Promise<void> {
    const signal = this.lifecycle.signal
    // the byte stream under it buffers 4 MiB unless told otherwise: a submit is larger
    const lp = lpStream(stream, { maxDataLength: MAX_SUBMIT_BYTES, maxBufferSize: MAX_SUBMIT_BYTES + 16 })
    let heartbeat: ReturnType<typeof setInterval> | undefined
    try {
      const reading = AbortSignal.any([signal, AbortSignal.timeout(this.init.submitTimeoutMs ?? DEFAULT_JOB_SUBMIT_TIMEOUT_MS)])
      const submit = decodeMessage<JobSubmit>(JobSubmit, await lp.read({ signal: reading }), 'job')
      let latest: JobEvent | undefined
      let writing = Promise.resolve()
      const send = (event: JobEvent): void => {
        writing = writing.then(async () => { await lp.write(JobEvent.encode(event), { signal }) })
      }
      let final: JobEvent
      try {
        checkSubmit(submit)
        heartbeat = setInterval(() => { if (latest != null) send(latest) }, JOB_HEARTBEAT_MS)
        final = await this.components.jobs.run(submit, connection, { signal, onEvent: (event) => { latest = event; send(event) } })
      } catch (err: any) {
        if (!(err instanceof InvalidJobError)) throw err
        final = { status: JobEvent.Status.BAD_REQUEST, jobId: '', reason: err.message.slice(0, MAX_JOB_REASON_LENGTH) }
      }
      clearInterval(heartbeat)
      send(final)
      await writing
      await stream.close({ signal })
    } catch (err: any) {
      this.components.logger?.debug({ err: err.message }, 'job stream failed')
      stream.abort(err)
    } finally {
      clearInterval(heartbeat)
    }
  }
}

/** The job server as a libp2p service. */
export function jobServer (init: JobServerInit = {}): (components: JobServerComponents) => JobServer {
  return (components) => new JobServer(components, init)
}
