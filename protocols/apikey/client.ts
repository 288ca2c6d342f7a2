import { createHash } from 'node:crypto'
import { boundedMap } from '../common/bounded-map.js'
import { ServiceLifecycle } from '../common/lifecycle.js'
import { silentLogger } from '../common/logger.js'
import { requestMetrics } from '../common/metrics.js'
import { request } from '../common/request-response.js'
import { ApiKeyResponse } from './pb/apikey.js'
import { API_KEY_EXCHANGE } from './exchange.js'
import {
  DEFAULT_API_KEY_CACHE_MS,
  DEFAULT_API_KEY_NEGATIVE_CACHE_MS,
  DEFAULT_API_KEY_TIMEOUT_MS,
  MAX_API_KEY_LENGTH,
  MAX_CACHED_API_KEYS
} from './constants.js'
import type { Logger } from '../common/logger.js'
import type { RequestMetrics } from '../common/metrics.js'
import type { RendezvousPeers } from '../common/rendezvous.js'
import type { Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Registry } from 'prom-client'

/** What the API key client runs on. */
export interface ApiKeyClientComponents {
  connectionManager: Pick<ConnectionManager, 'openStream'>
  /** role hook: the rendezvous peers to ask */
  rendezvous: Pick<RendezvousPeers, 'connectedPeers'>
  logger?: Logger
  registry?: Registry
}

/** Options of the API key client. */
export interface ApiKeyClientInit {
  /** a check must finish within this time (default DEFAULT_API_KEY_TIMEOUT_MS) */
  timeoutMs?: number
  /** a good key is trusted this long (default DEFAULT_API_KEY_CACHE_MS) */
  cacheMs?: number
  /** a refused key is remembered this long (default DEFAULT_API_KEY_NEGATIVE_CACHE_MS) */
  negativeCacheMs?: number
}

/**
 * Checks the API keys customers of a hosted gateway log in with: asks a
 * rendezvous (`/peergrid/apikey/1.0.0`, the key's sha-256 only) and
 * remembers the answer for a while, so a login costs a round trip once.
 * Concurrent checks of one key share one question.
 */
export class ApiKeyClient implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/apikey-client'
  private readonly components: ApiKeyClientComponents
  private readonly init: ApiKeyClientInit
  private readonly logger: Logger
  private readonly metrics?: RequestMetrics
  private readonly lifecycle = new ServiceLifecycle()
  /** account by key hash; '' for a refused key */
  private readonly answers = boundedMap<string, string>(MAX_CACHED_API_KEYS)
  private readonly pending = new Map<string, Promise<string | undefined>>()

  constructor (components: ApiKeyClientComponents, init: ApiKeyClientInit = {}) {
    this.components = components
    this.init = init
    this.logger = components.logger ?? silentLogger()
    this.metrics = components.registry != null ? requestMetrics(components.registry) : undefined
  }

  start (): void {
    this.lifecycle.start()
  }

  stop (): void {
    if (this.lifecycle.stop()) this.answers.clear()
  }

  /** The account the key belongs to, or undefined when it is unknown, disabled or cannot be checked now. */
  async verify (key: string): Promise<string | undefined> {
    if (key.length === 0 || key.length > MAX_API_KEY_LENGTH) return undefined
    const hash = createHash('sha256').update(key).digest('hex')
    const known = this.answers.get(hash)
    if (known != null) return known === '' ? undefined : known
    let asking = this.pending.get(hash)
    if (asking == null) {
      asking = this.ask(hash).finally(() => { this.pending.delete(hash) })
      this.pending.set(hash, asking)
    }
    return asking
  }

  private async ask (hash: string): Promise<string | undefined> {
    const signal = this.lifecycle.signal
    for (const issuer of this.components.rendezvous.connectedPeers()) {
      try {
        const response = await request(this.components.connectionManager, issuer, API_KEY_EXCHANGE, { keyHash: hash }, {
          signal,
          timeoutMs: this.init.timeoutMs ?? DEFAULT_API_KEY_TIMEOUT_MS,
          metrics: this.metrics
        })
        const account = response.status === ApiKeyResponse.Status.OK ? response.account : undefined
        this.answers.set(hash, account ?? '', {
          ttl: account != null ? this.init.cacheMs ?? DEFAULT_API_KEY_CACHE_MS : this.init.negativeCacheMs ?? DEFAULT_API_KEY_NEGATIVE_CACHE_MS
        })
        return account
      } catch (err: any) {
        if (signal.aborted) return undefined
        this.logger.debug({ err: err.message }, 'API key check failed')
      }
    }
    // no rendezvous answered: refuse now, without remembering it
    return undefined
  }
}

/** The API key client as a libp2p service. */
export function apiKeyClient (init: ApiKeyClientInit = {}): (components: ApiKeyClientComponents) => ApiKeyClient {
  return (components) => new ApiKeyClient(components, init)
}
