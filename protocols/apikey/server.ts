import { Responder } from '../common/responder.js'
import { DEFAULT_API_KEY_TIMEOUT_MS, MAX_API_KEY_STREAMS_PER_CONNECTION } from './constants.js'
import { API_KEY_EXCHANGE } from './exchange.js'
import { ApiKeyResponse } from './pb/apikey.js'
import type { ApiKeyRequest } from './pb/apikey.js'
import type { ResponderComponents } from '../common/responder.js'
import type { Startable } from '@libp2p/interface'

const KEY_HASH = /^[0-9a-f]{64}$/

/** Role hook: the rendezvous's accounts, looked up by the sha-256 (hex) of an API key. */
export interface ApiKeyDirectory {
  findByApiKeyHash(hash: string): Promise<{ id: string, disabled: boolean } | undefined>
}

/** What the API key server runs on. */
export interface ApiKeyServerComponents extends ResponderComponents {
  apiKeys: ApiKeyDirectory
}

/** Options of the API key server. */
export interface ApiKeyServerInit {
  /** an exchange must finish within this time (default DEFAULT_API_KEY_TIMEOUT_MS) */
  timeoutMs?: number
}

/**
 * Answers `/peergrid/apikey/1.0.0`: which customer account an API key (sent
 * as its sha-256) belongs to, for hosted gateways. A disabled account's keys
 * answer DISABLED.
 */
export class ApiKeyServer implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/apikey-server'
  private readonly responder: Responder<ApiKeyRequest, ApiKeyResponse>

  constructor (components: ApiKeyServerComponents, init: ApiKeyServerInit = {}) {
    this.responder = new Responder(components, {
      protocol: API_KEY_EXCHANGE,
      timeoutMs: init.timeoutMs ?? DEFAULT_API_KEY_TIMEOUT_MS,
      maxInboundStreams: MAX_API_KEY_STREAMS_PER_CONNECTION,
      answer: async (request) => {
        const account = KEY_HASH.test(request.keyHash) ? await components.apiKeys.findByApiKeyHash(request.keyHash) : undefined
        if (account == null) return { status: ApiKeyResponse.Status.UNKNOWN }
        if (account.disabled) return { status: ApiKeyResponse.Status.DISABLED }
        return { status: ApiKeyResponse.Status.OK, account: account.id }
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

/** The API key server as a libp2p service. */
export function apiKeyServer (init: ApiKeyServerInit = {}): (components: ApiKeyServerComponents) => ApiKeyServer {
  return (components) => new ApiKeyServer(components, init)
}
