import { Responder } from '../common/responder.js'
import { DEFAULT_STATEMENT_TIMEOUT_MS, MAX_STATEMENT_CURSOR_LENGTH, MAX_STATEMENT_PAGE, MAX_STATEMENT_STREAMS_PER_CONNECTION } from './constants.js'
import { STATEMENT_EXCHANGE } from './exchange.js'
import { StatementResponse } from './pb/statement.js'
import type { BookedSession, StatementRequest } from './pb/statement.js'
import type { ResponderComponents } from '../common/responder.js'
import type { Logger } from '../common/logger.js'
import type { Startable } from '@libp2p/interface'

/** Role hook: the rendezvous's books of metered sessions, by the exit's peer id. */
export interface StatementBooks {
  /** a page of `provider`'s sessions booked at or after `sinceMs`, after session id `after`, at most `limit`; `next` when more may follow */
  statementPage(provider: string, page: { sinceMs: number, after: string, limit: number }): Promise<{ sessions: BookedSession[], next?: string }>
}

/** What the statement server runs on. */
export interface StatementServerComponents extends ResponderComponents {
  statements: StatementBooks
  logger?: Logger
}

/** Options of the statement server. */
export interface StatementServerInit {
  /** an exchange must finish within this time (default DEFAULT_STATEMENT_TIMEOUT_MS) */
  timeoutMs?: number
}

/**
 * Answers `/peergrid/statement/1.0.0` on the rendezvous: the sessions it
 * booked for the asking exit, whose peer id is the connection's (noise
 * authenticated): an exit reads its own books and nobody else's.
 */
export class StatementServer implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/statement-server'
  private readonly responder: Responder<StatementRequest, StatementResponse>

  constructor (components: StatementServerComponents, init: StatementServerInit = {}) {
    this.responder = new Responder(components, {
      protocol: STATEMENT_EXCHANGE,
      timeoutMs: init.timeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      maxInboundStreams: MAX_STATEMENT_STREAMS_PER_CONNECTION,
      answer: async (request, connection) => {
        if (request.after.length > MAX_STATEMENT_CURSOR_LENGTH || !Number.isSafeInteger(request.sinceMs)) return { status: StatementResponse.Status.BAD_REQUEST, sessions: [] }
        const limit = Math.min(Math.max(request.limit, 1), MAX_STATEMENT_PAGE)
        try {
          const page = await components.statements.statementPage(connection.remotePeer.toString(), { sinceMs: request.sinceMs, after: request.after, limit })
          return { status: StatementResponse.Status.OK, ...page }
        } catch (err: any) {
          components.logger?.warn({ err: err.message }, 'cannot read the books for a statement')
          return { status: StatementResponse.Status.FAILURE, sessions: [] }
        }
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

/** The statement server as a libp2p service. */
export function statementServer (init: StatementServerInit = {}): (components: StatementServerComponents) => StatementServer {
  return (components) => new StatementServer(components, init)
}
