import { raceSignal } from 'race-signal'
import { relayPeerOf, withTimeout } from '../../protocols/common/index.js'
import { RELAY_PING_INTERVAL_MS, RELAY_PING_TIMEOUT_MS, RELAY_RESERVATIONS, RELAY_RESERVE_TIMEOUT_MS } from './reachability-constants.js'
import type { Logger } from '../logger.js'
import type { RelayPolicy } from '../../protocols/reach/index.js'
import type { PeerId } from '@libp2p/interface'
import type { ConnectionManager, TransportManager } from '@libp2p/interface-internal'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Ping } from '@libp2p/ping'

/** A relay reservation this node holds. */
export interface RelayHold {
  /** the relay's (a rendezvous's) peer id */
  relay: string
  /** the address others dial this node at through it */
  addr: string
  /** the relay lets proxy and job streams through (else signalling only) */
  data: boolean
}

/** What the relay keeper uses. */
export interface RelayKeeperComponents {
  peerId: PeerId
  connectionManager: Pick<ConnectionManager, 'getConnections'>
  transportManager: Pick<TransportManager, 'getAddrs' | 'listen'>
  rendezvous: {
    bootstrapPeers(): Array<{ addr: Multiaddr, peerId: PeerId }>
    connectedPeers(): PeerId[]
  }
  /** libp2p's ping (absent: relays are not pinged) */
  ping?: Pick<Ping, 'ping'>
  log: Logger
}

/**
 * The relay reservations of a node behind a NAT: one on each of the first
 * `reservations` rendezvous whose relay is on (circuit relay v2, listening
 * on `<rendezvous>/p2p-circuit`), made again when one is gone, and each
 * held relay pinged every RELAY_PING_INTERVAL_MS. The ping also keeps the
 * NAT's mapping fresh; unanswered, the connection is dead (a router that
 * rebooted forgot it) and is closed, so the bootstrapper dials again and
 * the next round reserves again.
 */
export class RelayKeeper {
  private readonly components: RelayKeeperComponents
  private readonly reservations: number
  private readonly lastPinged = new Map<string, number>()

  constructor (components: RelayKeeperComponents, reservations = RELAY_RESERVATIONS) {
    this.components = components
    this.reservations = reservations
  }

  /** One round: reserves where a reservation is missing, pings the relays held. */
  async keep (policies: ReadonlyMap<string, RelayPolicy>, signal: AbortSignal): Promise<void> {
    const { rendezvous, log } = this.components
    const connected = new Set(rendezvous.connectedPeers().map(String))
    const relays = rendezvous.bootstrapPeers()
      .filter(p => policies.get(p.peerId.toString())?.enabled === true)
      .slice(0, this.reservations)
    for (const relay of relays) {
      const id = relay.peerId.toString()
      if (signal.aborted || !connected.has(id)) continue
      if (this.holds(id)) {
        await this.ping(relay.peerId, signal)
        continue
      }
      try {
        await raceSignal(this.components.transportManager.listen([relay.addr.encapsulate('/p2p-circuit')]), withTimeout(RELAY_RESERVE_TIMEOUT_MS, signal))
        log.info({ relay: id }, 'holding a relay reservation')
      } catch (err: any) {
        if (!signal.aborted) log.warn({ relay: id, err: err.message }, 'cannot reserve a slot on the relay')
      }
    }
  }

  /** The reservations held now, one per relay. */
  held (policies: ReadonlyMap<string, RelayPolicy>): RelayHold[] {
    const holds = new Map<string, RelayHold>()
    for (const ma of this.components.transportManager.getAddrs()) {
      const relay = relayPeerOf(ma)
      if (relay == null || holds.has(relay)) continue
      holds.set(relay, { relay, addr: `${ma.toString()}/p2p/${this.components.peerId.toString()}`, data: policies.get(relay)?.data === true })
    }
    return [...holds.values()]
  }

  private holds (relay: string): boolean {
    return this.components.transportManager.getAddrs().some(ma => relayPeerOf(ma) === relay)
  }

  private async ping (relay: PeerId, signal: AbortSignal): Promise<void> {
    const id = relay.toString()
    const ping = this.components.ping
    if (ping == null || Date.now() - (this.lastPinged.get(id) ?? 0) < RELAY_PING_INTERVAL_MS) return
    this.lastPinged.set(id, Date.now())
    try {
      await ping.ping(relay, { signal: withTimeout(RELAY_PING_TIMEOUT_MS, signal) })
    } catch (err: any) {
      if (signal.aborted) return
      this.components.log.warn({ relay: id, err: err.message }, 'the relay answers no ping: reconnecting to it')
      for (const connection of this.components.connectionManager.getConnections(relay)) connection.abort(new Error('the relay answered no ping'))
    }
  }
}
