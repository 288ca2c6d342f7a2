import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { sleep, withTimeout } from '../utils/abort.js'
import type { Logger } from '../logger.js'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/** First retry after a failed bootstrap dial; doubles up to BOOTSTRAP_MAX_RETRY_MS. */
export const BOOTSTRAP_RETRY_MS = 1_000

/** Longest wait between bootstrap dial attempts. */
export const BOOTSTRAP_MAX_RETRY_MS = 30_000

/** One bootstrap dial must finish within this time. */
export const BOOTSTRAP_DIAL_TIMEOUT_MS = 10_000

/** Events of the bootstrapper. */
export interface BootstrapperEvents {
  /** a bootstrap peer is connected (the first time and after every reconnect) */
  connected: CustomEvent<PeerId>
}

/** What the bootstrapper uses. */
export interface BootstrapperComponents {
  libp2p: Libp2p
  logger: Logger
}

/**
 * Keeps this node connected to its bootstrap (rendezvous) peers: dials each at
 * start, retries with exponential backoff while it is unreachable, and dials
 * again after a disconnect. Unlike @libp2p/bootstrap, which dials once at
 * start, it never gives up, so a node started before its rendezvous joins
 * when the rendezvous comes up.
 */
export class Bootstrapper extends EventTarget {
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

  /** The bootstrap peers currently connected. */
  connectedPeers (): PeerId[] {
    const { libp2p } = this.components
    return this.peers.filter(p => libp2p.getConnections(p.peerId).length > 0).map(p => p.peerId)
  }

  start (): void {
    if (this.shutdown != null) return
    this.shutdown = new AbortController()
    const signal = this.shutdown.signal
    for (const peer of this.peers) {
      if (peer.peerId.equals(this.components.libp2p.peerId)) continue
      this.loops.push(this.keepConnected(peer, signal))
    }
  }

  async stop (): Promise<void> {
    this.shutdown?.abort()
    this.shutdown = undefined
    await Promise.all(this.loops.splice(0))
  }

  private async keepConnected (peer: { addr: Multiaddr, peerId: PeerId }, signal: AbortSignal): Promise<void> {
    const { libp2p, logger } = this.components
    let retryMs = BOOTSTRAP_RETRY_MS
    let warned = false
    while (!signal.aborted) {
      try {
        await libp2p.dial(peer.addr, { signal: withTimeout(BOOTSTRAP_DIAL_TIMEOUT_MS, signal) })
        logger.info({ bootstrap: peer.addr.toString() }, 'connected to bootstrap peer')
        this.dispatchEvent(new CustomEvent('connected', { detail: peer.peerId }))
        retryMs = BOOTSTRAP_RETRY_MS
        warned = false
        await disconnected(libp2p, peer.peerId, signal)
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

async function disconnected (libp2p: Libp2p, peerId: PeerId, signal: AbortSignal): Promise<void> {
  if (libp2p.getConnections(peerId).length === 0) return
  await new Promise<void>(resolve => {
    const onDisconnect = (event: CustomEvent<PeerId>): void => {
      if (event.detail.equals(peerId)) done()
    }
    const done = (): void => {
      libp2p.removeEventListener('peer:disconnect', onDisconnect)
      signal.removeEventListener('abort', done)
      resolve()
    }
    libp2p.addEventListener('peer:disconnect', onDisconnect)
    signal.addEventListener('abort', done, { once: true })
  })
}
