import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { TypedEventEmitter } from '@libp2p/interface'
import { sleep, withTimeout } from '../../protocols/common/index.js'
import type { Logger } from '../logger.js'
import type { RendezvousPeers, RendezvousPeersEvents } from '../../protocols/common/index.js'
import type { Libp2pEvents, PeerId, Startable, TypedEventTarget } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Multiaddr } from '@multiformats/multiaddr'

/** First retry after a failed bootstrap dial; doubles up to BOOTSTRAP_MAX_RETRY_MS. */
export const BOOTSTRAP_RETRY_MS = 1_000

/** Longest wait between bootstrap dial attempts. */
export const BOOTSTRAP_MAX_RETRY_MS = 30_000

/** One bootstrap dial must finish within this time. */
export const BOOTSTRAP_DIAL_TIMEOUT_MS = 10_000

/** What the bootstrapper uses. */
export interface BootstrapperComponents {
  peerId: PeerId
  connectionManager: Pick<ConnectionManager, 'openConnection' | 'getConnections'>
  events: Pick<TypedEventTarget<Libp2pEvents>, 'addEventListener' | 'removeEventListener'>
  logger: Logger
}

/**
 * Keeps this node connected to its bootstrap (rendezvous) peers: dials each at
 * start, retries with exponential backoff while it is unreachable, and dials
 * again after a disconnect. Unlike @libp2p/bootstrap, which dials once at
 * start, it never gives up, so a node started before its rendezvous joins
 * when the rendezvous comes up. A libp2p service: the `rendezvous` hook of
 * the protocols that ask a rendezvous (registration, documents, API keys).
 */
export class Bootstrapper extends TypedEventEmitter<RendezvousPeersEvents> implements RendezvousPeers, Startable {
  readonly [Symbol.toStringTag] = '@peergrid/bootstrapper'
  private readonly components: BootstrapperComponents
  private readonly peers: Array<{ addr: Multiaddr, peerId: PeerId }>
  private shutdown?: AbortController
  private readonly loops: Array<Promise<void>> = []

  /** `addrs` must each end in /p2p/<peer id>; config validation checks that. */
  constructor (components: BootstrapperComponents, addrs: string[]) {
    super()
    this.components = components
    this.peers = addrs.map(str => {
      const addr = multiaddr(str)
      const id = addr.getComponents().findLast(c => c.name === 'p2p')?.value
      if (id == null) throw new Error(`Bootstrap address ${str} has no /p2p/<peer id>`)
      return { addr, peerId: peerIdFromString(id) }
    })
  }

  /** Every bootstrap peer with its address, in the order given. */
  bootstrapPeers (): Array<{ addr: Multiaddr, peerId: PeerId }> {
    return this.peers.filter(p => !p.peerId.equals(this.components.peerId))
  }

  /** The bootstrap peers currently connected. */
  connectedPeers (): PeerId[] {
    const { connectionManager } = this.components
    return this.peers.filter(p => connectionManager.getConnections(p.peerId).length > 0).map(p => p.peerId)
  }

  start (): void {}

  /** Dials once the node listens and every service is started. */
  afterStart (): void {
    if (this.shutdown != null) return
    this.shutdown = new AbortController()
    const signal = this.shutdown.signal
    for (const peer of this.peers) {
      if (peer.peerId.equals(this.components.peerId)) continue
      this.loops.push(this.keepConnected(peer, signal))
    }
  }

  async stop (): Promise<void> {
    this.shutdown?.abort()
    this.shutdown = undefined
    await Promise.all(this.loops.splice(0))
  }

  private async keepConnected (peer: { addr: Multiaddr, peerId: PeerId }, signal: AbortSignal): Promise<void> {
    const { connectionManager, events, logger } = this.components
    let retryMs = BOOTSTRAP_RETRY_MS
    let warned = false
    while (!signal.aborted) {
      try {
        await connectionManager.openConnection(peer.addr, { signal: withTimeout(BOOTSTRAP_DIAL_TIMEOUT_MS, signal) })
        logger.info({ bootstrap: peer.addr.toString() }, 'connected to bootstrap peer')
        this.safeDispatchEvent('connected', { detail: peer.peerId })
        retryMs = BOOTSTRAP_RETRY_MS
        warned = false
        await disconnected(connectionManager, events, peer.peerId, signal)
        if (!signal.aborted) logger.warn({ bootstrap: peer.addr.toString() }, 'disconnected from bootstrap peer; dialling again')
      } catch (err: any) {
        if (signal.aborted) return
        const reason = err.cause?.code ?? err.code ?? err.name ?? 'error'
        // warn once per outage, then only at debug, so a long outage does not flood the log
        if (!warned) {
          logger.warn({ bootstrap: peer.addr.toString(), reason }, `bootstrap peer unreachable; retrying with backoff up to ${BOOTSTRAP_MAX_RETRY_MS / 1000} s`)
          warned = true
        } else {
          logger.debug({ bootstrap: peer.addr.toString(), reason }, 'bootstrap peer still unreachable')
        }
        await sleep(retryMs, signal)
        retryMs = Math.min(retryMs * 2, BOOTSTRAP_MAX_RETRY_MS)
      }
    }
  }
}

async function disconnected (connectionManager: BootstrapperComponents['connectionManager'], events: BootstrapperComponents['events'], peerId: PeerId, signal: AbortSignal): Promise<void> {
  if (connectionManager.getConnections(peerId).length === 0) return
  await new Promise<void>(resolve => {
    const onDisconnect = (event: CustomEvent<PeerId>): void => {
      if (event.detail.equals(peerId)) done()
    }
    const done = (): void => {
      events.removeEventListener('peer:disconnect', onDisconnect)
      signal.removeEventListener('abort', done)
      resolve()
    }
    events.addEventListener('peer:disconnect', onDisconnect)
    signal.addEventListener('abort', done, { once: true })
  })
}
