import { Responder } from '../common/responder.js'
import { DEFAULT_CAPABILITY_TIMEOUT_MS, MAX_CAPABILITY_STREAMS_PER_CONNECTION } from './constants.js'
import { CAPABILITY_EXCHANGE } from './exchange.js'
import { CapabilityResponse } from './pb/capability.js'
import type { ResponderComponents } from '../common/responder.js'
import type { CapabilityRequest } from './pb/capability.js'
import type { Startable } from '@libp2p/interface'

/** Where the server gets the record it serves: the provider's advertiser. */
export interface CapabilityRecordSource {
  /** the current signed record and its seq; undefined when this node offers nothing */
  current(): { bytes: Uint8Array, seq: number } | undefined
}

/** What the capability server runs on. */
export interface CapabilityServerComponents extends ResponderComponents {
  /** role hook: the record to serve */
  capabilityRecord: CapabilityRecordSource
}

/** Options of the capability server. */
export interface CapabilityServerInit {
  /** an exchange must finish within this time (default DEFAULT_CAPABILITY_TIMEOUT_MS) */
  timeoutMs?: number
}

/**
 * Answers `/peergrid/capability/1.0.0`: one request (the seq the asker
 * holds), one response (our record, NOT_MODIFIED or NOT_A_PROVIDER).
 */
export class CapabilityServer implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/capability-server'
  private readonly responder: Responder<CapabilityRequest, CapabilityResponse>

  constructor (components: CapabilityServerComponents, init: CapabilityServerInit = {}) {
    this.responder = new Responder(components, {
      protocol: CAPABILITY_EXCHANGE,
      timeoutMs: init.timeoutMs ?? DEFAULT_CAPABILITY_TIMEOUT_MS,
      maxInboundStreams: MAX_CAPABILITY_STREAMS_PER_CONNECTION,
      // a record is small: a gateway may ask through a signalling-only relay
      runOnLimitedConnection: true,
      answer: async (request) => {
        const current = components.capabilityRecord.current()
        if (current == null) return { status: CapabilityResponse.Status.NOT_A_PROVIDER }
        if (request.knownSeq >= current.seq) return { status: CapabilityResponse.Status.NOT_MODIFIED }
        return { status: CapabilityResponse.Status.OK, record: current.bytes as Uint8Array<ArrayBuffer> }
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

/** The capability server as a libp2p service. */
export function capabilityServer (init: CapabilityServerInit = {}): (components: CapabilityServerComponents) => CapabilityServer {
  return (components) => new CapabilityServer(components, init)
}
