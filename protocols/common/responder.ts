import { ServiceLifecycle } from './lifecycle.js'
import { requestMetrics } from './metrics.js'
import { respond } from './request-response.js'
import type { RequestMetrics } from './metrics.js'
import type { RequestResponseProtocol } from './request-response.js'
import type { AbortOptions, Connection, Startable } from '@libp2p/interface'
import type { Registrar } from '@libp2p/interface-internal'
import type { Registry } from 'prom-client'

/** What a responder registers on. */
export interface ResponderComponents {
  registrar: Pick<Registrar, 'handle' | 'unhandle'>
  /** request/response metrics go here (default: none) */
  registry?: Registry
}

/** How a responder answers. */
export interface ResponderInit<Req, Res extends { status: string }> {
  protocol: RequestResponseProtocol<Req, Res>
  /** each exchange must finish within this time */
  timeoutMs: number
  /** concurrent inbound exchanges per connection */
  maxInboundStreams: number
  /** answer on relayed (limited) connections too: a relay's byte and time limits still apply */
  runOnLimitedConnection?: boolean
  /** builds the response to one request; throwing resets the stream */
  answer(request: Req, connection: Connection, options: AbortOptions): Promise<Res>
  /** called with the result of every exchange (the status, or the error's name) */
  onResult?(result: string, connection: Connection): void
}

/**
 * The handler side of a request/response protocol, for a service to own:
 * registers the protocol on start, answers each stream with `respond()`
 * (bounded read, timeout, metrics), and on stop unregisters and cuts
 * exchanges still running. start() and stop() are idempotent.
 */
export class Responder<Req, Res extends { status: string }> implements Startable {
  private readonly components: ResponderComponents
  private readonly init: ResponderInit<Req, Res>
  private readonly metrics?: RequestMetrics
  private readonly lifecycle = new ServiceLifecycle()

  constructor (components: ResponderComponents, init: ResponderInit<Req, Res>) {
    this.components = components
    this.init = init
    this.metrics = components.registry != null ? requestMetrics(components.registry) : undefined
  }

  /** True between start() and stop(). */
  get started (): boolean {
    return this.lifecycle.running
  }

  async start (): Promise<void> {
    if (!this.lifecycle.start()) return
    const { signal } = this.lifecycle
    const { protocol, timeoutMs, answer, onResult } = this.init
    await this.components.registrar.handle(protocol.id, (stream, connection) => {
      void respond(stream, connection, protocol, answer, { timeoutMs, signal, metrics: this.metrics })
        .then(result => { onResult?.(result, connection) })
    }, { maxInboundStreams: this.init.maxInboundStreams, runOnLimitedConnection: this.init.runOnLimitedConnection === true })
  }

  async stop (): Promise<void> {
    if (!this.lifecycle.stop()) return
    await this.components.registrar.unhandle(this.init.protocol.id)
  }
}
