import { networkInterfaces } from 'node:os'
import { TypedEventEmitter } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { isRelayedAddr, sleep, tcpHostPort, withTimeout } from '../../protocols/common/index.js'
import { dialFromPort, freePort } from '../../protocols/punch/index.js'
import { MAX_DIAL_BACK_PORTS, askReach } from '../../protocols/reach/index.js'
import { REACH_DIAL_TIMEOUT_MS, REACH_RECHECK_INTERVAL_MS, REACH_RETRY_MS, RELAY_CHECK_INTERVAL_MS } from './reachability-constants.js'
import { RelayKeeper } from './relay-keeper.js'
import type { RelayHold } from './relay-keeper.js'
import type { Logger } from '../logger.js'
import type { PunchEndpoint, PunchSelf } from '../../protocols/punch/index.js'
import type { ReachAnswer, RelayPolicy } from '../../protocols/reach/index.js'
import type { ComponentLogger, Libp2pEvents, PeerId, Startable, TypedEventTarget, Upgrader } from '@libp2p/interface'
import type { AddressManager, ConnectionManager, TransportManager } from '@libp2p/interface-internal'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Ping } from '@libp2p/ping'

/** Whether others can dial this node: unknown until a rendezvous answered. */
export type ReachabilityStatus = 'unknown' | 'public' | 'private'

/**
 * What the node's NAT does to the source port of a connection: none (the
 * rendezvous sees the node's own address), keeps it (hole punching works:
 * a port-restricted or full cone, as Linux masquerade), or picks its own
 * (a symmetric NAT: no hole punching).
 */
export type NatBehaviour = 'unknown' | 'none' | 'port-preserving' | 'port-changing'

/** What the node knows of its reachability. */
export interface ReachabilityState {
  status: ReachabilityStatus
  nat: NatBehaviour
  /** the node's public IP as the rendezvous sees it */
  publicIp?: string
  /** addresses a rendezvous dialled back successfully */
  publicAddrs: string[]
  relays: RelayHold[]
  /** when a rendezvous last answered (ms since the epoch) */
  checkedAt?: number
  /** why the last check failed, when it did */
  error?: string
}

/** Events of the reachability service. */
export interface ReachabilityEvents {
  /** the state changed (status, NAT, public addresses or relays) */
  change: CustomEvent<ReachabilityState>
}

/** The bootstrap (rendezvous) peers, as node/libp2p/bootstrap.ts keeps them. */
export interface ReachabilityRendezvous {
  bootstrapPeers(): Array<{ addr: Multiaddr, peerId: PeerId }>
  connectedPeers(): PeerId[]
  addEventListener(type: 'connected', listener: () => void): void
  removeEventListener(type: 'connected', listener: () => void): void
}

/** What the reachability service runs on. */
export interface ReachabilityComponents {
  peerId: PeerId
  connectionManager: Pick<ConnectionManager, 'getConnections'>
  transportManager: Pick<TransportManager, 'getAddrs' | 'listen'>
  addressManager: Pick<AddressManager, 'confirmObservedAddr' | 'getAddressesWithMetadata'>
  /** libp2p's events: a private node checks again when its own addresses change (a router that now forwards a port) */
  events?: Pick<TypedEventTarget<Libp2pEvents>, 'addEventListener' | 'removeEventListener'>
  upgrader: Upgrader
  /** libp2p's component logger (for the connections it opens) */
  logger: ComponentLogger
  rendezvous: ReachabilityRendezvous
  /** libp2p's ping: a held relay is pinged now and then (a rebooted router leaves connections that look open) */
  ping?: Pick<Ping, 'ping'>
  log: Logger
}

/** Options of the reachability service. */
export interface ReachabilityInit {
  /** keep relay reservations when private (providers, whom gateways dial; default false: a gateway only dials out) */
  relays?: boolean
  /** relays to keep a reservation on when private (default RELAY_RESERVATIONS) */
  relayReservations?: number
  /** how often to check again (default REACH_RECHECK_INTERVAL_MS) */
  recheckIntervalMs?: number
  /** how often to check the relay reservations (default RELAY_CHECK_INTERVAL_MS) */
  relayCheckIntervalMs?: number
}

interface Answer extends ReachAnswer {
  rendezvous: PeerId
  localPort: number
}

/** How long a check waits for the TCP listeners to report their addresses, and how often it looks. */
const LISTEN_WAIT_MS = 5_000
const LISTEN_POLL_MS = 20

/** The first check waits at most this long for every rendezvous to connect. */
const FIRST_CHECK_GRACE_MS = 2_000

/** Rendezvous asked in one check (the first ones, connected ones first). */
const MAX_RENDEZVOUS_ASKED = 4

/**
 * Finds out whether this node can be dialled, and when not, keeps it
 * reachable through relays. It asks the rendezvous servers
 * (`/peergrid/reach/1.0.0`) over a connection it opens from a port of its
 * choosing: the address they saw tells whether there is a NAT and whether
 * it kept the port (hole punching can work), and their dial-back on the
 * listening ports whether the node is public. A public node's dialled-back
 * addresses are confirmed to libp2p, so they are advertised. A private one
 * keeps a circuit relay reservation on up to RELAY_RESERVATIONS rendezvous
 * whose relay is on, makes it again after a relay restarts or a router
 * reboot cut it, and advertises the relay addresses. Checks again every
 * REACH_RECHECK_INTERVAL_MS, and soon after a failed check.
 */
export class Reachability extends TypedEventEmitter<ReachabilityEvents> implements Startable, PunchSelf {
  readonly [Symbol.toStringTag] = '@peergrid/reachability'
  private readonly components: ReachabilityComponents
  private readonly init: ReachabilityInit
  private current: ReachabilityState = { status: 'unknown', nat: 'unknown', publicAddrs: [], relays: [] }
  private policies = new Map<string, RelayPolicy>()
  private readonly relays: RelayKeeper
  private directAddrs = ''
  private recheck = false
  private shutdown?: AbortController
  private running?: Promise<void>
  private wake?: () => void
  private readonly firstCheck = settled()

  constructor (components: ReachabilityComponents, init: ReachabilityInit = {}) {
    super()
    this.components = components
    this.init = init
    this.relays = new RelayKeeper(components, init.relayReservations)
  }

  start (): void {}

  afterStart (): void {
    if (this.shutdown != null) return
    this.shutdown = new AbortController()
    this.components.rendezvous.addEventListener('connected', this.onRendezvous)
    this.components.events?.addEventListener('self:peer:update', this.onSelfUpdate)
    this.running = this.loop(this.shutdown.signal)
  }

  async stop (): Promise<void> {
    this.components.rendezvous.removeEventListener('connected', this.onRendezvous)
    this.components.events?.removeEventListener('self:peer:update', this.onSelfUpdate)
    this.shutdown?.abort()
    this.shutdown = undefined
    this.firstCheck.resolve()
    await this.running
  }

  /** The node's reachability now. */
  state (): ReachabilityState {
    return { ...this.current, publicAddrs: [...this.current.publicAddrs], relays: this.current.relays.map(r => ({ ...r })) }
  }

  /** Resolves once the first check ended (answered or failed), or at once when there is nothing to ask. */
  async checked (signal?: AbortSignal): Promise<void> {
    await (signal == null ? this.firstCheck.promise : Promise.race([this.firstCheck.promise, new Promise<void>(resolve => signal.addEventListener('abort', () => { resolve() }, { once: true }))]))
  }

  punchEndpoint (): PunchEndpoint {
    const { status, nat, publicIp } = this.current
    if (publicIp == null || status === 'unknown') return { ok: false, reason: 'its reachability is not known yet' }
    if (nat === 'port-changing') return { ok: false, reason: 'its NAT gives every connection a port of its own choosing (a symmetric NAT)' }
    return { ok: true, ip: publicIp }
  }

  /** A rendezvous (re)connected: check soon when the last check failed, and see to the relays. */
  private readonly onRendezvous = (): void => {
    this.wake?.()
  }

  /**
   * The node's own addresses changed: when it is private and a direct
   * address came or went (UPnP forwarded a port, an interface changed; not
   * its relay addresses), check again soon.
   */
  private readonly onSelfUpdate = (): void => {
    const direct = this.components.addressManager.getAddressesWithMetadata()
      .filter(a => !isRelayedAddr(a.multiaddr))
      .map(a => a.multiaddr.toString())
      .sort()
      .join(' ')
    if (direct === this.directAddrs) return
    this.directAddrs = direct
    if (this.current.status !== 'private') return
    this.recheck = true
    this.wake?.()
  }

  private async loop (signal: AbortSignal): Promise<void> {
    let retryMs = REACH_RETRY_MS
    const recheckMs = this.init.recheckIntervalMs ?? REACH_RECHECK_INTERVAL_MS
    while (!signal.aborted) {
      const answered = await this.check(signal)
      // the first check is done once a rendezvous answered, and a private node tried its relays: then it knows what it advertises
      if (this.current.status === 'private' && this.init.relays === true) await this.keepRelays(signal)
      if (answered) this.firstCheck.resolve()
      const until = Date.now() + (answered ? recheckMs : retryMs)
      retryMs = answered ? REACH_RETRY_MS : Math.min(retryMs * 2, recheckMs)
      while (!signal.aborted && Date.now() < until) {
        if (this.current.status === 'private' && this.init.relays === true) await this.keepRelays(signal)
        const woken = await this.nap(Math.min(this.init.relayCheckIntervalMs ?? RELAY_CHECK_INTERVAL_MS, until - Date.now()), signal)
        // check again when a rendezvous that was not asked yet connects (its relay policy is not known)
        if (woken && (!answered || this.unasked() || this.recheck)) {
          this.recheck = false
          break
        }
      }
    }
  }

  /** Sleeps `ms`; true when a rendezvous connecting woke it early. */
  private async nap (ms: number, signal: AbortSignal): Promise<boolean> {
    let woken = false
    const interrupt = new AbortController()
    this.wake = () => { woken = true; interrupt.abort() }
    await sleep(ms, AbortSignal.any([signal, interrupt.signal]))
    this.wake = undefined
    return woken
  }

  /** Asks the rendezvous servers; false when none answered. */
  private async check (signal: AbortSignal): Promise<boolean> {
    const { rendezvous, log } = this.components
    const tcpPeers = rendezvous.bootstrapPeers().filter(p => tcpHostPort(p.addr) != null)
    if (tcpPeers.length === 0) {
      // nothing to ask (no rendezvous, or the memory transport): the state stays unknown
      this.firstCheck.resolve()
      return true
    }
    // only rendezvous already connected: a check's own connection must not be the one the node keeps
    // (the bootstrapper would take it for its own, and see the rendezvous go when the check closes it)
    let connected = new Set(rendezvous.connectedPeers().map(String))
    if (connected.size === 0) return false
    // the first check waits a moment for the other rendezvous to connect, so that it asks them all
    const grace = Date.now() + FIRST_CHECK_GRACE_MS
    while (this.current.checkedAt == null && tcpPeers.some(p => !connected.has(p.peerId.toString())) && Date.now() < grace && !signal.aborted) {
      await this.nap(grace - Date.now(), signal)
      connected = new Set(rendezvous.connectedPeers().map(String))
    }
    const peers = tcpPeers.filter(p => connected.has(p.peerId.toString()))
    if (peers.length === 0) return false
    const ports = await this.listenPorts(signal)
    const answers: Answer[] = []
    const errors: string[] = []
    // all at once: a dial-back to a NAT waits out its timeout at each rendezvous
    const settled = await Promise.allSettled(peers.slice(0, MAX_RENDEZVOUS_ASKED).map(async peer => await this.ask(peer, ports, signal)))
    if (signal.aborted) return false
    for (const [i, result] of settled.entries()) {
      if (result.status === 'fulfilled') answers.push(result.value)
      else errors.push(`${peers[i]?.peerId.toString() ?? ''}: ${String(result.reason?.message ?? result.reason)}`)
    }
    if (errors.length > 0) log.debug({ errors }, 'some rendezvous did not answer the reachability check')
    if (answers.length === 0) {
      this.update({ ...this.current, error: `no rendezvous answered (${errors.join('; ')})` })
      log.warn({ errors }, 'cannot check reachability: no rendezvous answered')
      return false
    }
    this.judge(answers)
    return true
  }

  private async ask (peer: { addr: Multiaddr, peerId: PeerId }, ports: number[], signal: AbortSignal): Promise<Answer> {
    const target = tcpHostPort(peer.addr) as { host: string, port: number }
    const localPort = await freePort()
    const dialSignal = withTimeout(REACH_DIAL_TIMEOUT_MS, signal)
    const connection = await dialFromPort(this.components, { ...target, localPort, peer: peer.peerId, initiator: true }, { signal: dialSignal })
    try {
      return { ...await askReach(connection, ports, { signal }), rendezvous: peer.peerId, localPort }
    } finally {
      await connection.close().catch(() => {})
    }
  }

  /** Draws the conclusions of the rendezvous's answers. */
  private judge (answers: Answer[]): void {
    const seen = answers.map(a => ({ ...a, endpoint: tcpHostPort(a.observed) }))
    const first = seen.find(a => a.endpoint != null)
    if (first?.endpoint == null) {
      this.update({ ...this.current, error: 'the rendezvous sent no usable observed address' })
      return
    }
    const publicIp = first.endpoint.host
    const nat: NatBehaviour = localAddresses().has(publicIp)
      ? 'none'
      : seen.every(a => a.endpoint == null || a.endpoint.port === a.localPort) ? 'port-preserving' : 'port-changing'
    const ports = [...new Set(answers.flatMap(a => a.dialBack.filter(d => d.reachable).map(d => d.port)))].sort((a, b) => a - b)
    const publicAddrs = ports.map(port => `/ip${first.endpoint?.family}/${publicIp}/tcp/${port}`)
    for (const addr of publicAddrs) {
      this.components.addressManager.confirmObservedAddr(multiaddr(addr), { type: nat === 'none' ? 'transport' : 'observed' })
    }
    for (const answer of answers) this.policies.set(answer.rendezvous.toString(), answer.relay)
    const status: ReachabilityStatus = ports.length > 0 ? 'public' : 'private'
    if (status !== this.current.status || nat !== this.current.nat) {
      const dialBackErrors = status === 'public' ? undefined : answers.flatMap(a => a.dialBack.map(d => `${d.port}: ${d.error}`))
      this.components.log.info({ status, nat, publicIp, publicAddrs, dialBackErrors }, status === 'public' ? 'reachable: the rendezvous dialled this node back' : 'not reachable from outside')
    }
    this.update({ status, nat, publicIp, publicAddrs, relays: status === 'public' ? [] : this.relays.held(this.policies), checkedAt: Date.now() })
  }

  /** Makes the reservations a private node should hold and does not, and notes those it holds. */
  private async keepRelays (signal: AbortSignal): Promise<void> {
    await this.relays.keep(this.policies, signal)
    const held = this.relays.held(this.policies)
    if (JSON.stringify(held) !== JSON.stringify(this.current.relays)) this.update({ ...this.current, relays: held })
  }

  /** A connected rendezvous this node has not asked yet. */
  private unasked (): boolean {
    return this.components.rendezvous.connectedPeers().some(peer => !this.policies.has(peer.toString()))
  }

  /** The TCP ports the node listens on (a listener on 0.0.0.0 has its addresses a moment after start: waits for them). */
  private async listenPorts (signal: AbortSignal): Promise<number[]> {
    const until = Date.now() + LISTEN_WAIT_MS
    for (;;) {
      const ports = this.components.transportManager.getAddrs().map(tcpHostPort).filter(e => e != null).map(e => e.port)
      if (ports.length > 0 || Date.now() > until || signal.aborted) return [...new Set(ports)].slice(0, MAX_DIAL_BACK_PORTS)
      await sleep(LISTEN_POLL_MS, signal)
    }
  }

  private update (next: ReachabilityState): void {
    const changed = JSON.stringify({ ...next, checkedAt: 0, error: undefined }) !== JSON.stringify({ ...this.current, checkedAt: 0, error: undefined })
    this.current = next
    if (changed) this.safeDispatchEvent('change', { detail: this.state() })
  }
}

/** A promise with its resolve (Promise.withResolvers is Node 22+; libp2p's polyfill is not in the types). */
function settled (): { promise: Promise<void>, resolve: () => void } {
  let resolve: () => void = () => {}
  const promise = new Promise<void>(r => { resolve = r })
  return { promise, resolve }
}

function localAddresses (): Set<string> {
  return new Set(Object.values(networkInterfaces()).flatMap(list => (list ?? []).map(i => i.address)))
}

/** The reachability service as a libp2p service. */
export function reachability (init: ReachabilityInit = {}): (components: ReachabilityComponents) => Reachability {
  return (components) => new Reachability(components, init)
}
export type { RelayHold } from './relay-keeper.js'
