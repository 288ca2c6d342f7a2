import { multiaddr } from '@multiformats/multiaddr'
import { request } from '../common/request-response.js'
import { InvalidMessageError } from '../common/errors.js'
import { DEFAULT_REACH_TIMEOUT_MS } from './constants.js'
import { REACH_EXCHANGE } from './exchange.js'
import type { DialBack, RelayPolicy } from './pb/reach.js'
import type { AbortOptions, Connection } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Multiaddr } from '@multiformats/multiaddr'

/** What a rendezvous said of the asker. */
export interface ReachAnswer {
  /** the asker's address as the rendezvous saw the connection arrive */
  observed: Multiaddr
  dialBack: DialBack[]
  relay: RelayPolicy
}

/**
 * Asks a rendezvous over `connection` (a direct one: the observed address
 * is that connection's) how it sees this node, and to dial back `ports` at
 * that address.
 */
export async function askReach (connection: Connection, ports: number[], options: AbortOptions & { timeoutMs?: number } = {}): Promise<ReachAnswer> {
  // request() opens its stream through a connection manager: this one has only the connection asked over
  const onConnection: Pick<ConnectionManager, 'openStream'> = { openStream: async (_peer, protocol, opts) => await connection.newStream(protocol, opts) }
  const response = await request(onConnection, connection.remotePeer, REACH_EXCHANGE, { dialBackPorts: ports }, {
    signal: options.signal, timeoutMs: options.timeoutMs ?? DEFAULT_REACH_TIMEOUT_MS
  })
  let observed: Multiaddr
  try {
    observed = multiaddr(response.observed)
  } catch {
    throw new InvalidMessageError('reach: the observed address does not decode')
  }
  return { observed, dialBack: response.dialBack, relay: response.relay ?? { enabled: false, data: false, maxBytes: 0, maxSeconds: 0 } }
}
