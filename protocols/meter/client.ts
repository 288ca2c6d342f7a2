import { ServiceLifecycle } from '../common/lifecycle.js'
import { requestMetrics } from '../common/metrics.js'
import { request } from '../common/request-response.js'
import { DEFAULT_METER_TIMEOUT_MS, MAX_METER_STREAMS_PER_CONNECTION } from './constants.js'
import { METER_EXCHANGE } from './exchange.js'
import type { RequestMetrics } from '../common/metrics.js'
import type { AbortOptions, PeerId, Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Registry } from 'prom-client'

/** What the meter client runs on. */
export interface MeterClientComponents {
  connectionManager: Pick<ConnectionManager, 'openStream'>
  registry?: Registry
}

/** Options of the meter client. */
export interface MeterClientInit {
  /** a counter-signature must come back within this time (default DEFAULT_METER_TIMEOUT_MS) */
  timeoutMs?: number
}

/** The gateway's side of `/peergrid/meter/1.0.0`: asks an exit to counter-sign a receipt. */
export class MeterClient implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/meter-client'
  private readonly components: MeterClientComponents
  private readonly init: MeterClientInit
  private readonly metrics?: RequestMetrics
  private readonly lifecycle = new ServiceLifecycle()

  constructor (components: MeterClientComponents, init: MeterClientInit = {}) {
    this.components = components
    this.init = init
    this.metrics = components.registry != null ? requestMetrics(components.registry) : undefined
  }

  start (): void {
    this.lifecycle.start()
  }

  stop (): void {
    this.lifecycle.stop()
  }

  /** The receipt counter-signed by `exit`; throws MeterRefusedError when it refuses, TimeoutError or a stream error otherwise. */
  async countersign (exit: PeerId, receipt: Uint8Array, options: AbortOptions = {}): Promise<Uint8Array> {
    const response = await request(this.components.connectionManager, exit, METER_EXCHANGE, { receipt: receipt as Uint8Array<ArrayBuffer> }, {
      signal: this.lifecycle.signalFor(options),
      timeoutMs: this.init.timeoutMs ?? DEFAULT_METER_TIMEOUT_MS,
      metrics: this.metrics,
      maxOutboundStreams: MAX_METER_STREAMS_PER_CONNECTION
    })
    if (response.receipt == null) throw new Error('The exit answered OK without the receipt')
    return response.receipt
  }
}

/** The meter client as a libp2p service. */
export function meterClient (init: MeterClientInit = {}): (components: MeterClientComponents) => MeterClient {
  return (components) => new MeterClient(components, init)
}
