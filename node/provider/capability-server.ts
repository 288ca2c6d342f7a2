import { pbStream } from '@libp2p/utils'
import {
  CAPABILITY_FETCH_TIMEOUT_MS,
  CAPABILITY_PROTOCOL,
  CapabilityRequest,
  CapabilityResponse,
  MAX_CAPABILITY_REQUEST_BYTES,
  MAX_CAPABILITY_STREAMS_PER_CONNECTION
} from '../../protocols/capability/index.js'
import type { ProviderMetrics } from './metrics.js'
import type { Logger } from '../logger.js'
import type { Libp2p, Stream } from '@libp2p/interface'

/** What the server needs: the node to register on and the record to serve. */
export interface CapabilityServerComponents {
  libp2p: Libp2p
  logger: Logger
  metrics: ProviderMetrics
  /** the current signed record and its seq */
  current(): { bytes: Uint8Array, seq: number } | undefined
}

/**
 * Answers `/peergrid/capability/1.0.0`: one request (the seq the asker holds),
 * one response (our record, or NOT_MODIFIED), then close.
 */
export class CapabilityServer {
  private readonly components: CapabilityServerComponents
  private started = false

  constructor (components: CapabilityServerComponents) {
    this.components = components
  }

  async start (): Promise<void> {
    if (this.started) return
    await this.components.libp2p.handle(CAPABILITY_PROTOCOL, (stream) => {
      void this.serve(stream)
    }, { maxInboundStreams: MAX_CAPABILITY_STREAMS_PER_CONNECTION })
    this.started = true
  }

  async stop (): Promise<void> {
    if (!this.started) return
    await this.components.libp2p.unhandle(CAPABILITY_PROTOCOL)
    this.started = false
  }

  private async serve (stream: Stream): Promise<void> {
    const signal = AbortSignal.timeout(CAPABILITY_FETCH_TIMEOUT_MS)
    const { metrics, logger } = this.components
    try {
      const pb = pbStream(stream, { maxDataLength: MAX_CAPABILITY_REQUEST_BYTES })
      const request = await pb.read(CapabilityRequest, { signal })
      const current = this.components.current()
      let response: CapabilityResponse
      if (current == null) {
        response = { status: CapabilityResponse.Status.NOT_A_PROVIDER }
      } else if (request.knownSeq >= current.seq) {
        response = { status: CapabilityResponse.Status.NOT_MODIFIED }
      } else {
        response = { status: CapabilityResponse.Status.OK, record: current.bytes as Uint8Array<ArrayBuffer> }
      }
      await pb.write(response, CapabilityResponse, { signal })
      await stream.close({ signal })
      metrics.capabilityRequests.inc({ result: response.status.toLowerCase() })
    } catch (err: any) {
      metrics.capabilityRequests.inc({ result: 'error' })
      logger.debug({ err: err.name, remote: stream.id }, 'capability request failed')
      stream.abort(err)
    }
  }
}
