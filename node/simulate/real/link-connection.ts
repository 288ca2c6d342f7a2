import { StreamResetError } from '@libp2p/interface'
import { AbstractMultiaddrConnection } from '@libp2p/utils'
import type { AbortOptions, Logger } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Uint8ArrayList } from 'uint8arraylist'

/** Bytes one direction of a link holds in flight before its sender is told to wait for 'drain'. */
export const LINK_HIGH_WATER_BYTES = 1024 * 1024

/** What one direction of a link carries, in order: data, then the end (null) or a reset. */
type Delivery = Uint8ArrayList | null | Error

/** How one direction of a link behaves: its one-way latency and the sender's uplink. */
export interface PipeModel {
  latencyMs: number
  /** the sending node's uplink in bytes per ms; 0 = unlimited */
  bytesPerMs: number
}

/**
 * One direction of a simulated link: a chunk leaves when the sender's uplink
 * has put the chunks before it on the wire (size / bandwidth each) and
 * arrives one latency later, in order. A link that is cut (a crashed node)
 * swallows everything, as a dead host does.
 */
export class Pipe {
  private readonly queue: Array<{ atMs: number, item: Delivery }> = []
  private head = 0
  private busyUntilMs = 0
  private queuedBytes = 0
  private timer?: ReturnType<typeof setTimeout>
  private readonly model: PipeModel
  private readonly deliver: (item: Delivery) => void
  private readonly drained: () => void
  cut = false

  constructor (model: PipeModel, deliver: (item: Delivery) => void, drained: () => void) {
    this.model = model
    this.deliver = deliver
    this.drained = drained
  }

  /** Queues a chunk; false when the sender should wait for `drained`. */
  send (data: Uint8ArrayList): boolean {
    if (this.cut) return true
    const now = performance.now()
    const wireMs = this.model.bytesPerMs > 0 ? data.byteLength / this.model.bytesPerMs : 0
    this.busyUntilMs = Math.max(now, this.busyUntilMs) + wireMs
    this.queuedBytes += data.byteLength
    this.push(this.busyUntilMs + this.model.latencyMs, data)
    return this.queuedBytes < LINK_HIGH_WATER_BYTES
  }

  /** Queues the end, after every chunk sent before it. */
  end (): void {
    if (!this.cut) this.push(Math.max(performance.now(), this.busyUntilMs) + this.model.latencyMs, null)
  }

  /** A reset overtakes the data in flight, which is dropped. */
  reset (err: Error): void {
    if (this.cut) return
    this.queue.length = 0
    this.head = 0
    this.queuedBytes = 0
    this.push(performance.now() + this.model.latencyMs, err)
  }

  /** Swallows everything from now on, the data in flight included. */
  sever (): void {
    this.cut = true
    this.queue.length = 0
    this.head = 0
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private push (atMs: number, item: Delivery): void {
    this.queue.push({ atMs, item })
    this.schedule()
  }

  private schedule (): void {
    if (this.timer != null || this.head >= this.queue.length) return
    const next = this.queue[this.head] as { atMs: number }
    this.timer = setTimeout(() => { this.flush() }, Math.max(0, Math.ceil(next.atMs - performance.now())))
  }

  private flush (): void {
    this.timer = undefined
    const now = performance.now()
    const wasFull = this.queuedBytes >= LINK_HIGH_WATER_BYTES
    while (this.head < this.queue.length && !this.cut) {
      const next = this.queue[this.head] as { atMs: number, item: Delivery }
      // timers run on a millisecond clock and may fire a fraction early: such a chunk waits for the next
      if (next.atMs > now) break
      this.head++
      if (next.item != null && !(next.item instanceof Error)) this.queuedBytes -= next.item.byteLength
      this.deliver(next.item)
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0
      this.head = 0
    } else if (this.head > 1024) {
      this.queue.splice(0, this.head)
      this.head = 0
    }
    if (wasFull && this.queuedBytes < LINK_HIGH_WATER_BYTES / 2) this.drained()
    this.schedule()
  }
}

/** What a LinkConnection is built from. */
export interface LinkConnectionInit {
  remoteAddr: Multiaddr
  direction: 'inbound' | 'outbound'
  log: Logger
  /** this end's outgoing direction */
  outgoing: PipeModel
  /** called when the connection is gone, to forget it */
  onGone(): void
}

/**
 * One end of a simulated connection between two nodes of one process: what
 * it sends goes through its outgoing Pipe to the other end.
 */
export class LinkConnection extends AbstractMultiaddrConnection {
  private readonly outgoing: Pipe
  private other?: LinkConnection

  constructor (init: LinkConnectionInit) {
    super({ remoteAddr: init.remoteAddr, direction: init.direction, log: init.log })
    this.outgoing = new Pipe(init.outgoing, item => { this.other?.receive(item) }, () => { this.safeDispatchEvent('drain') })
    this.addEventListener('close', () => { init.onGone() })
  }

  /** Joins two ends. */
  static pair (a: LinkConnection, b: LinkConnection): void {
    a.other = b
    b.other = a
  }

  /** Cuts both directions: nothing more arrives at either end, as when a host dies. */
  sever (): void {
    this.outgoing.sever()
    this.other?.outgoing.sever()
  }

  private receive (item: Delivery): void {
    if (item == null) this.onTransportClosed()
    else if (item instanceof Error) this.onRemoteReset()
    else this.onData(item)
  }

  sendData (data: Uint8ArrayList): { sentBytes: number, canSendMore: boolean } {
    return { sentBytes: data.byteLength, canSendMore: this.outgoing.send(data) }
  }

  sendReset (): void {
    this.outgoing.reset(new StreamResetError())
  }

  async sendClose (options?: AbortOptions): Promise<void> {
    this.outgoing.end()
    options?.signal?.throwIfAborted()
  }

  sendPause (): void {
    // a link has no read backpressure of its own: the muxer's windows hold the sender
  }

  sendResume (): void {
    // see sendPause
  }
}
