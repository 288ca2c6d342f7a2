import { pbStream } from '@libp2p/utils'
import {
  API_KEY_PROTOCOL,
  API_KEY_TIMEOUT_MS,
  ApiKeyRequest,
  ApiKeyResponse,
  MAX_API_KEY_REQUEST_BYTES
} from '../../protocols/identity/index.js'
import type { AccountRepository } from './accounts.js'
import type { RendezvousMetrics } from '../metrics.js'
import type { Libp2p, Stream } from '@libp2p/interface'

/** Concurrent API key checks one connection may open (a busy hosted gateway checks many). */
const MAX_API_KEY_STREAMS_PER_CONNECTION = 64

/** What the API key server runs on. */
export interface ApiKeyServerComponents {
  libp2p: Libp2p
  accounts: AccountRepository
  metrics: RendezvousMetrics
}

/**
 * Answers `/peergrid/apikey/1.0.0`: which customer account an API key (sent
 * as its sha-256) belongs to, for hosted gateways. A disabled account's keys
 * answer DISABLED.
 */
export class ApiKeyServer {
  private readonly components: ApiKeyServerComponents
  private started = false

  constructor (components: ApiKeyServerComponents) {
    this.components = components
  }

  async start (): Promise<void> {
    if (this.started) return
    await this.components.libp2p.handle(API_KEY_PROTOCOL, (stream) => {
      void this.serve(stream)
    }, { maxInboundStreams: MAX_API_KEY_STREAMS_PER_CONNECTION })
    this.started = true
  }

  async stop (): Promise<void> {
    if (!this.started) return
    await this.components.libp2p.unhandle(API_KEY_PROTOCOL)
    this.started = false
  }

  private async serve (stream: Stream): Promise<void> {
    const signal = AbortSignal.timeout(API_KEY_TIMEOUT_MS)
    try {
      const pb = pbStream(stream, { maxDataLength: MAX_API_KEY_REQUEST_BYTES })
      const request = await pb.read(ApiKeyRequest, { signal })
      const account = /^[0-9a-f]{64}$/.test(request.keyHash) ? await this.components.accounts.findByApiKeyHash(request.keyHash) : undefined
      const response: ApiKeyResponse = account == null
        ? { status: ApiKeyResponse.Status.UNKNOWN }
        : account.disabled ? { status: ApiKeyResponse.Status.DISABLED } : { status: ApiKeyResponse.Status.OK, account: account.id }
      await pb.write(response, ApiKeyResponse, { signal })
      await stream.close({ signal })
      this.components.metrics.apiKeyChecks.inc({ result: response.status.toLowerCase() })
    } catch (err: any) {
      this.components.metrics.apiKeyChecks.inc({ result: 'error' })
      stream.abort(err)
    }
  }
}
