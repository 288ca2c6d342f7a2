import { ServiceLifecycle } from '../common/lifecycle.js'
import { silentLogger } from '../common/logger.js'
import { requestMetrics } from '../common/metrics.js'
import { request } from '../common/request-response.js'
import { DEFAULT_STATEMENT_TIMEOUT_MS, MAX_STATEMENT_PAGE, MAX_STATEMENT_SESSIONS } from './constants.js'
import { StatementUnavailableError } from './errors.js'
import { STATEMENT_EXCHANGE } from './exchange.js'
import type { Logger } from '../common/logger.js'
import type { RequestMetrics } from '../common/metrics.js'
import type { RendezvousPeers } from '../common/rendezvous.js'
import type { BookedSession } from './pb/statement.js'
import type { AbortOptions, Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Registry } from 'prom-client'

/** What the statement client runs on. */
export interface StatementClientComponents {
  connectionManager: Pick<ConnectionManager, 'openStream'>
  /** role hook: the rendezvous peers to ask */
  rendezvous: Pick<RendezvousPeers, 'connectedPeers'>
  logger?: Logger
  registry?: Registry
}

/** Options of the statement client. */
export interface StatementClientInit {
  /** each page must come within this time (default DEFAULT_STATEMENT_TIMEOUT_MS) */
  timeoutMs?: number
}

/** A whole statement: every session booked since a time, from one rendezvous. */
export interface Statement {
  rendezvous: string
  sessions: BookedSession[]
  /** true when there were more than MAX_STATEMENT_SESSIONS */
  truncated: boolean
}

/**
 * Asks a connected rendezvous (`/peergrid/statement/1.0.0`) what it booked
 * for this exit's sessions, page by page: the other side of
 * `peergrid earnings --verify`.
 */
export class StatementClient implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/statement-client'
  private readonly components: StatementClientComponents
  private readonly init: StatementClientInit
  private readonly logger: Logger
  private readonly metrics?: RequestMetrics
  private readonly lifecycle = new ServiceLifecycle()

  constructor (components: StatementClientComponents, init: StatementClientInit = {}) {
    this.components = components
    this.init = init
    this.logger = components.logger ?? silentLogger()
    this.metrics = components.registry != null ? requestMetrics(components.registry) : undefined
  }

  start (): void {
    this.lifecycle.start()
  }

  stop (): void {
    this.lifecycle.stop()
  }

  /** Every session the first rendezvous that answers booked at or after `sinceMs`. Throws StatementUnavailableError when none does. */
  async fetch (sinceMs: number, options: AbortOptions = {}): Promise<Statement> {
    const signal = options.signal == null ? this.lifecycle.signal : AbortSignal.any([options.signal, this.lifecycle.signal])
    let lastError = 'no rendezvous is connected'
    for (const peer of this.components.rendezvous.connectedPeers()) {
      try {
        const sessions: BookedSession[] = []
        let after = ''
        for (;;) {
          const page = await request(this.components.connectionManager, peer, STATEMENT_EXCHANGE, { sinceMs, after, limit: MAX_STATEMENT_PAGE }, {
            signal, timeoutMs: this.init.timeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS, metrics: this.metrics
          })
          sessions.push(...page.sessions)
          if (sessions.length >= MAX_STATEMENT_SESSIONS) return { rendezvous: peer.toString(), sessions: sessions.slice(0, MAX_STATEMENT_SESSIONS), truncated: true }
          // a cursor that does not move would ask forever
          if (page.next == null || page.next <= after) return { rendezvous: peer.toString(), sessions, truncated: false }
          after = page.next
        }
      } catch (err: any) {
        signal.throwIfAborted()
        lastError = `${peer.toString()}: ${err.message}`
        this.logger.debug({ err: err.message }, 'statement request failed')
      }
    }
    throw new StatementUnavailableError(`No rendezvous gave a statement (${lastError})`)
  }
}

/** The statement client as a libp2p service. */
export function statementClient (init: StatementClientInit = {}): (components: StatementClientComponents) => StatementClient {
  return (components) => new StatementClient(components, init)
}
