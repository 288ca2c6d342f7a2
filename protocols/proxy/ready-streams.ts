import { PROXY_PROTOCOL } from './constants.js'
import { OpeningReader } from './opening.js'
import { MeshTunnel } from './tunnel.js'
import type { OptimisticStream, OptimisticStreamOpener } from '../common/optimistic-stream.js'
import type { PeerId } from '@libp2p/interface'

/** A proxy stream opened ahead of the next open to its provider: proposed, its tunnel listening, no open sent yet. */
export interface ReadyStream {
  opened: OptimisticStream
  tunnel: MeshTunnel
}

/** A ready stream while it is held. */
interface HeldStream extends ReadyStream {
  /** the provider sent an open result before any open: the stream is not to be used */
  answered: boolean
  timer: ReturnType<typeof setTimeout>
  /** forgets the stream if it closes while held */
  onClose(): void
}

/** What the ready streams run on. */
export interface ReadyStreamsComponents {
  connectionManager: OptimisticStreamOpener
}

/** How the ready streams behave. */
export interface ReadyStreamsInit {
  /** a ready stream not taken within this time is closed (below the exit's wait for an open) */
  maxAgeMs: number
  /** most outbound proxy streams on one connection */
  maxOutboundStreams: number
  /** cuts preparations in flight when the client stops */
  signal: AbortSignal
}

/**
 * One proxy stream per provider kept open ahead of need, so that the next
 * open to that provider skips what a new stream costs before its first
 * byte: the muxer's stream, and at the provider libp2p's protocol
 * negotiation and peer-store update (~1.5 ms of the ~4.5 ms an open took
 * on loopback). A stream is prepared only after an open to the provider,
 * on the connection that carried it (never a dial of its own), and closed
 * when it was not taken within `maxAgeMs`: a gateway that stops opening
 * holds none. The exit counts a ready stream only once an open arrives on
 * it; one closed unused is its 'unused' open.
 */
export class ReadyStreams {
  private readonly components: ReadyStreamsComponents
  private readonly init: ReadyStreamsInit
  private readonly ready = new Map<string, HeldStream>()
  private readonly preparing = new Set<string>()

  constructor (components: ReadyStreamsComponents, init: ReadyStreamsInit) {
    this.components = components
    this.init = init
  }

  /** Ready streams held now. */
  get size (): number {
    return this.ready.size
  }

  /** The tunnel of the provider's ready stream while it is held (it stays held). */
  peek (provider: PeerId): MeshTunnel | undefined {
    return this.ready.get(provider.toString())?.tunnel
  }

  /** The provider's ready stream, if one is held and still writable; it is the caller's from here. */
  take (provider: PeerId): ReadyStream | undefined {
    const id = provider.toString()
    const entry = this.ready.get(id)
    if (entry == null) return undefined
    this.release(id, entry)
    // a provider that answered an open it has not been sent broke the protocol: that stream carries nothing
    if (entry.answered || entry.tunnel.destroyed || entry.opened.stream.status !== 'open' || entry.opened.stream.writeStatus !== 'writable') {
      entry.tunnel.destroy()
      return undefined
    }
    return { opened: entry.opened, tunnel: entry.tunnel }
  }

  /** Opens a ready stream to the provider in the background, unless one is held or on its way. */
  prepare (provider: PeerId): void {
    const id = provider.toString()
    if (this.init.signal.aborted || this.ready.has(id) || this.preparing.has(id)) return
    this.preparing.add(id)
    this.components.connectionManager.openOptimisticStream(provider, PROXY_PROTOCOL, { signal: this.init.signal, maxOutboundStreams: this.init.maxOutboundStreams })
      .then(opened => {
        if (this.init.signal.aborted) {
          opened.stream.abort(new Error('The proxy client stopped'))
          return
        }
        const tunnel = new MeshTunnel(opened.stream, { opening: new OpeningReader(opened.pending ? PROXY_PROTOCOL : undefined) })
        const entry: HeldStream = {
          opened,
          tunnel,
          answered: false,
          timer: setTimeout(() => { this.expire(id, entry) }, this.init.maxAgeMs),
          // gone while held (the provider reset it, the connection closed): forgotten
          onClose: () => { if (this.ready.get(id) === entry) this.release(id, entry) }
        }
        entry.timer.unref()
        tunnel.answered.then(() => { entry.answered = true }, () => {})
        tunnel.once('close', entry.onClose)
        this.ready.set(id, entry)
      }, () => {
        // nothing to prepare on (the connection went): the next open opens its own stream
      })
      .finally(() => { this.preparing.delete(id) })
  }

  /** No longer held: its timer and its close listener go. */
  private release (id: string, entry: HeldStream): void {
    this.ready.delete(id)
    clearTimeout(entry.timer)
    entry.tunnel.off('close', entry.onClose)
  }

  /** Closes every ready stream. */
  clear (): void {
    for (const [id, entry] of this.ready) this.expire(id, entry)
  }

  /** Closes a ready stream nobody took: its write side first, so the exit sees a clean end rather than a reset. */
  private expire (id: string, entry: HeldStream): void {
    if (this.ready.get(id) !== entry) return
    this.release(id, entry)
    entry.opened.stream.close().catch(() => {}).finally(() => { entry.tunnel.destroy() })
  }
}
