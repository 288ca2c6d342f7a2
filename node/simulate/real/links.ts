import { setMaxListeners } from 'node:events'
import { ConnectionFailedError, ListenError, serviceCapabilities, transportSymbol } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { Memory } from '@multiformats/multiaddr-matcher'
import { TypedEventEmitter } from 'main-event'
import { LinkConnection } from './link-connection.js'
import type { ComponentLogger, CreateListenerOptions, DialTransportOptions, Listener, ListenerEvents, PeerId, Transport, Upgrader } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

/** Where a node is in the link model. */
export interface LinkEnd {
  country: string
  /** the node's uplink, bytes per second (0 or absent: unlimited) */
  upBytesPerSecond?: number
}

/** What the simulated transport needs of libp2p. */
export interface LinkTransportComponents {
  peerId: PeerId
  logger: ComponentLogger
}

interface Listening {
  end: LinkEnd
  peerId: PeerId
  upgrader: Upgrader
  signal: AbortSignal
}

/**
 * The real tier's network: an in-process transport on /memory/<name>
 * addresses whose every connection carries the link model (latency by the
 * two nodes' countries, each sender's uplink bandwidth). @libp2p/memory
 * has one latency per transport and delivers one chunk per latency, which
 * is neither. A node's links can be cut at once, as when its host crashes.
 */
export class SimulatedLinks {
  private readonly listeners = new Map<string, Listening>()
  /** every open connection end, by the node (address) it belongs to */
  private readonly byNode = new Map<string, Set<LinkConnection>>()
  private readonly latency: (a: string, b: string) => number
  private nextId = 0

  constructor (latencyMs: (a: string, b: string) => number) {
    this.latency = latencyMs
  }

  /** A libp2p transport factory for the node at `end`. */
  transport (end: LinkEnd): (components: LinkTransportComponents) => Transport {
    return (components) => new LinkTransport(this, end, components)
  }

  /** Cuts every link of the node listening at `address`: it looks dead to its peers. */
  sever (address: string): void {
    for (const connection of this.byNode.get(address) ?? []) connection.sever()
  }

  /** Connections open now (each counted at both ends). */
  get connectionCount (): number {
    let n = 0
    for (const set of this.byNode.values()) n += set.size
    return n
  }

  /** @internal */
  listen (address: string, listening: Listening): void {
    if (this.listeners.has(address)) throw new ListenError(`Simulated address ${address} is already in use`)
    this.listeners.set(address, listening)
  }

  /** @internal */
  unlisten (address: string): void {
    this.listeners.delete(address)
  }

  /** @internal: a new connection from the node at `from` to the listener at `to`; answers the dialler's end. */
  connect (from: { address: string, end: LinkEnd, peerId: PeerId, logger: ComponentLogger }, to: string): LinkConnection {
    const listening = this.listeners.get(to)
    if (listening == null || listening.signal.aborted) throw new ConnectionFailedError(`No simulated listener at ${to}`)
    const latencyMs = this.latency(from.end.country, listening.end.country)
    const id = this.nextId++
    const track = (address: string, connection: LinkConnection): void => {
      let set = this.byNode.get(address)
      if (set == null) this.byNode.set(address, set = new Set())
      set.add(connection)
    }
    const forget = (address: string, connection: LinkConnection): void => {
      const set = this.byNode.get(address)
      set?.delete(connection)
      if (set?.size === 0) this.byNode.delete(address)
    }
    const log = from.logger.forComponent('peergrid:simulate:link')
    const dialler: LinkConnection = new LinkConnection({
      remoteAddr: multiaddr(`${to}/p2p/${listening.peerId.toString()}`),
      direction: 'outbound',
      log: log.newScope(`connection:${id}`),
      outgoing: { latencyMs, bytesPerMs: (from.end.upBytesPerSecond ?? 0) / 1000 },
      onGone: () => { forget(from.address, dialler) }
    })
    const answerer: LinkConnection = new LinkConnection({
      remoteAddr: multiaddr(`${from.address}-out/p2p/${from.peerId.toString()}`),
      direction: 'inbound',
      log: log.newScope(`connection:${id}`),
      outgoing: { latencyMs, bytesPerMs: (listening.end.upBytesPerSecond ?? 0) / 1000 },
      onGone: () => { forget(to, answerer) }
    })
    LinkConnection.pair(dialler, answerer)
    track(from.address, dialler)
    track(to, answerer)
    // the answering side upgrades once the first packet would have arrived
    setTimeout(() => {
      if (listening.signal.aborted) {
        answerer.abort(new ConnectionFailedError('The listener closed'))
        return
      }
      listening.upgrader.upgradeInbound(answerer, { signal: listening.signal }).catch((err: Error) => { answerer.abort(err) })
    }, latencyMs)
    return dialler
  }
}

class LinkTransport implements Transport {
  readonly [transportSymbol] = true
  readonly [Symbol.toStringTag] = 'peergrid:simulated-link'
  readonly [serviceCapabilities] = ['@libp2p/transport']
  private readonly links: SimulatedLinks
  private readonly end: LinkEnd
  private readonly components: LinkTransportComponents
  /** the address this node listens on, which names its outgoing connections too */
  address?: string

  constructor (links: SimulatedLinks, end: LinkEnd, components: LinkTransportComponents) {
    this.links = links
    this.end = end
    this.components = components
  }

  async dial (ma: Multiaddr, options: DialTransportOptions): Promise<any> {
    options.signal.throwIfAborted()
    const to = ma.toString().replace(/\/p2p\/[^/]+$/, '')
    const from = { address: this.address ?? `/memory/dialler-${this.components.peerId.toString()}`, end: this.end, peerId: this.components.peerId, logger: this.components.logger }
    const connection = this.links.connect(from, to)
    try {
      return await options.upgrader.upgradeOutbound(connection, options)
    } catch (err: any) {
      connection.abort(err)
      throw err
    }
  }

  createListener (options: CreateListenerOptions): Listener {
    return new LinkListener(this, this.links, this.end, this.components, options.upgrader)
  }

  listenFilter (addrs: Multiaddr[]): Multiaddr[] {
    return addrs.filter(ma => Memory.exactMatch(ma))
  }

  dialFilter (addrs: Multiaddr[]): Multiaddr[] {
    return this.listenFilter(addrs)
  }
}

class LinkListener extends TypedEventEmitter<ListenerEvents> implements Listener {
  private readonly transport: LinkTransport
  private readonly links: SimulatedLinks
  private readonly end: LinkEnd
  private readonly components: LinkTransportComponents
  private readonly upgrader: Upgrader
  private readonly shutdown = new AbortController()
  private address?: string

  constructor (transport: LinkTransport, links: SimulatedLinks, end: LinkEnd, components: LinkTransportComponents, upgrader: Upgrader) {
    super()
    this.transport = transport
    this.links = links
    this.end = end
    this.components = components
    this.upgrader = upgrader
    // every inbound connection's upgrade listens on it
    setMaxListeners(Infinity, this.shutdown.signal)
  }

  async listen (ma: Multiaddr): Promise<void> {
    const address = ma.toString()
    this.links.listen(address, { end: this.end, peerId: this.components.peerId, upgrader: this.upgrader, signal: this.shutdown.signal })
    this.address = address
    this.transport.address = address
    queueMicrotask(() => { this.safeDispatchEvent('listening') })
  }

  getAddrs (): Multiaddr[] {
    return this.address == null ? [] : [multiaddr(this.address)]
  }

  updateAnnounceAddrs (): void {}

  async close (): Promise<void> {
    if (this.address != null) this.links.unlisten(this.address)
    this.shutdown.abort()
    queueMicrotask(() => { this.safeDispatchEvent('close') })
  }
}
