import { Responder } from '../common/responder.js'
import { DEFAULT_METER_TIMEOUT_MS, MAX_METER_REASON_LENGTH, MAX_METER_STREAMS_PER_CONNECTION } from './constants.js'
import { METER_EXCHANGE } from './exchange.js'
import { MeterResponse } from './pb/meter.js'
import type { MeterRequest } from './pb/meter.js'
import type { ResponderComponents } from '../common/responder.js'
import type { Connection, Startable } from '@libp2p/interface'

/** What the exit's meter answers for one receipt. */
export type CountersignResult =
  | { status: 'ok', receipt: Uint8Array }
  | { status: 'refused', reason: string }
  | { status: 'unknown-session' }

/** Role hook: the exit's meter, which checks a customer's receipt against its own counts and counter-signs it. */
export interface ExitMeter {
  countersign(receipt: Uint8Array, connection: Connection): Promise<CountersignResult>
}

/** What the meter server runs on. */
export interface MeterServerComponents extends ResponderComponents {
  meter: ExitMeter
}

/** Options of the meter server. */
export interface MeterServerInit {
  /** an exchange must finish within this time (default DEFAULT_METER_TIMEOUT_MS) */
  timeoutMs?: number
}

/** Answers `/peergrid/meter/1.0.0` on an exit: hands each receipt to the role's meter. */
export class MeterServer implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/meter-server'
  private readonly responder: Responder<MeterRequest, MeterResponse>

  constructor (components: MeterServerComponents, init: MeterServerInit = {}) {
    this.responder = new Responder(components, {
      protocol: METER_EXCHANGE,
      timeoutMs: init.timeoutMs ?? DEFAULT_METER_TIMEOUT_MS,
      maxInboundStreams: MAX_METER_STREAMS_PER_CONNECTION,
      // receipts of tunnels through a relay that carries data come on the relayed connection
      runOnLimitedConnection: true,
      answer: async (request, connection) => {
        const result = await components.meter.countersign(request.receipt, connection)
        if (result.status === 'ok') return { status: MeterResponse.Status.OK, receipt: result.receipt as Uint8Array<ArrayBuffer> }
        if (result.status === 'unknown-session') return { status: MeterResponse.Status.UNKNOWN_SESSION }
        return { status: MeterResponse.Status.REFUSED, reason: result.reason.slice(0, MAX_METER_REASON_LENGTH) }
      }
    })
  }

  async start (): Promise<void> {
    await this.responder.start()
  }

  async stop (): Promise<void> {
    await this.responder.stop()
  }
}

/** The meter server as a libp2p service. */
export function meterServer (init: MeterServerInit = {}): (components: MeterServerComponents) => MeterServer {
  return (components) => new MeterServer(components, init)
}
