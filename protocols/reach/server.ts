import pLimit from 'p-limit'
import { withTimeout } from '../common/abort.js'
import { tcpHostPort } from '../common/addresses.js'
import { Responder } from '../common/responder.js'
import { dialFromPort } from '../punch/socket-connection.js'
import { DEFAULT_DIAL_BACK_TIMEOUT_MS, DEFAULT_REACH_TIMEOUT_MS, MAX_CONCURRENT_DIAL_BACKS, MAX_DIAL_BACK_ERROR_LENGTH, MAX_DIAL_BACK_PORTS, MAX_REACH_STREAMS_PER_CONNECTION } from './constants.js'
import { REACH_EXCHANGE } from './exchange.js'
import { ReachResponse } from './pb/reach.js'
import type { ResponderComponents } from '../common/responder.js'
import type { Logger } from '../common/logger.js'
import type { DialBack, ReachRequest, RelayPolicy } from './pb/reach.js'
import type { AbortOptions, ComponentLogger, Connection, Startable, Upgrader } from '@libp2p/interface'

/** What the reach server runs on. */
export interface ReachServerComponents extends ResponderComponents {
  /** libp2p's upgrader and component logger: a dial-back is upgraded like any connection */
  upgrader: Upgrader
  logger: ComponentLogger
  log?: Logger
}

/** Options of the reach server. */
export interface ReachServerInit {
  /** what this rendezvous's relay allows, as it tells every asker */
  relay: RelayPolicy
  /** each dial-back must connect within this time (default DEFAULT_DIAL_BACK_TIMEOUT_MS) */
  dialBackTimeoutMs?: number
  /** a whole exchange must finish within this time (default DEFAULT_REACH_TIMEOUT_MS) */
  timeoutMs?: number
}

/**
 * Answers `/peergrid/reach/1.0.0` on the rendezvous: tells the asker the
 * address its connection came from, dials it back at that address (and no
 * other: the rendezvous cannot be made to dial a third party) on the ports
 * it asks, each on a connection of its own, and says what the relay allows.
 * Asked over a relayed connection, it refuses: the observed address would
 * be the relay's.
 */
export class ReachServer implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/reach-server'
  private readonly components: ReachServerComponents
  private readonly init: ReachServerInit
  private readonly responder: Responder<ReachRequest, ReachResponse>
  private readonly dialing = pLimit(MAX_CONCURRENT_DIAL_BACKS)

  constructor (components: ReachServerComponents, init: ReachServerInit) {
    this.components = components
    this.init = init
    this.responder = new Responder(components, {
      protocol: REACH_EXCHANGE,
      timeoutMs: init.timeoutMs ?? DEFAULT_REACH_TIMEOUT_MS,
      maxInboundStreams: MAX_REACH_STREAMS_PER_CONNECTION,
      answer: async (request, connection, options) => await this.answer(request, connection, options)
    })
  }

  async start (): Promise<void> {
    await this.responder.start()
  }

  async stop (): Promise<void> {
    await this.responder.stop()
  }

  private async answer (request: ReachRequest, connection: Connection, options: AbortOptions): Promise<ReachResponse> {
    const seen = tcpHostPort(connection.remoteAddr)
    const ports = [...new Set(request.dialBackPorts)]
    if (seen == null || ports.length > MAX_DIAL_BACK_PORTS || ports.some(p => p < 1 || p > 65_535)) {
      return { status: ReachResponse.Status.BAD_REQUEST, observed: new Uint8Array(0), dialBack: [] }
    }
    const started = Date.now()
    const dialBack = await Promise.all(ports.map(async port => await this.dialing(async () => await this.dialBack(connection, seen, port, options))))
    this.components.log?.debug({ peer: connection.remotePeer.toString(), observed: connection.remoteAddr.toString(), dialBack, ms: Date.now() - started }, 'answered a reachability check')
    return { status: ReachResponse.Status.OK, observed: connection.remoteAddr.bytes, dialBack, relay: this.init.relay }
  }

  private async dialBack (connection: Connection, seen: { host: string }, port: number, options: AbortOptions): Promise<DialBack> {
    const signal = withTimeout(this.init.dialBackTimeoutMs ?? DEFAULT_DIAL_BACK_TIMEOUT_MS, options.signal)
    let back: Connection | undefined
    try {
      // a connection of its own, not through the dial queue (which would join a dial to the same peer in flight,
      // and on its own time): TCP from any port, then noise, which checks the peer id
      back = await dialFromPort(this.components, { host: seen.host, port, peer: connection.remotePeer, initiator: true, retryRefused: false }, { signal })
      return { port, reachable: true, error: '' }
    } catch (err: any) {
      return { port, reachable: false, error: String(err?.message ?? err).slice(0, MAX_DIAL_BACK_ERROR_LENGTH) }
    } finally {
      await back?.close().catch(() => {})
    }
  }
}

/** The reach server as a libp2p service. */
export function reachServer (init: ReachServerInit): (components: ReachServerComponents) => ReachServer {
  return (components) => new ReachServer(components, init)
}
