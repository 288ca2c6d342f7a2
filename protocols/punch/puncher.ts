import { setTimeout as delay } from 'node:timers/promises'
import { isIP } from 'node:net'
import { isPrivate, pbStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { Counter } from 'prom-client'
import { withTimeout } from '../common/abort.js'
import { isRelayedAddr } from '../common/addresses.js'
import { InvalidMessageError } from '../common/errors.js'
import { ServiceLifecycle } from '../common/lifecycle.js'
import { silentLogger } from '../common/logger.js'
import { DEFAULT_PUNCH_TIMEOUT_MS, MAX_PUNCH_MESSAGE_BYTES, MAX_PUNCH_REASON_LENGTH, MAX_PUNCH_STREAMS_PER_CONNECTION, PUNCH_PROTOCOL } from './constants.js'
import { PunchFailedError, PunchRefusedError } from './errors.js'
import { PunchMessage } from './pb/punch.js'
import { dialFromPort, freePort } from './socket-connection.js'
import type { Logger } from '../common/logger.js'
import type { AbortOptions, ComponentLogger, Connection, Startable, Stream, Upgrader } from '@libp2p/interface'
import type { Registrar } from '@libp2p/interface-internal'
import type { Registry } from 'prom-client'

/** Where this node can be punched to: its public IP, when its NAT keeps the ports its sockets choose. */
export type PunchEndpoint = { ok: true, ip: string } | { ok: false, reason: string }

/** Role hook: what the node knows of its own reachability (node/libp2p/reachability.ts). */
export interface PunchSelf {
  punchEndpoint(): PunchEndpoint
}

/** What the puncher runs on. */
export interface PuncherComponents {
  registrar: Pick<Registrar, 'handle' | 'unhandle'>
  upgrader: Upgrader
  logger: ComponentLogger
  self: PunchSelf
  /** the node's own log (default: silent) */
  log?: Logger
  registry?: Registry
}

/** Options of the puncher. */
export interface PuncherInit {
  /** a whole punch must finish within this time (default DEFAULT_PUNCH_TIMEOUT_MS) */
  timeoutMs?: number
  /** punch to private addresses too (a LAN test network; never on the internet) */
  allowPrivate?: boolean
}

/**
 * Hole punching for TCP over `/peergrid/punch/1.0.0`: upgrades a relayed
 * connection to a direct one by a simultaneous open through both NATs,
 * each side dialling from a port it chose (a NAT that keeps source ports,
 * as Linux masquerade and most home routers do, maps it to the same port
 * outside). `punch()` is the asking side (a gateway that wants a direct
 * path); the handler answers. The new connection is an ordinary libp2p
 * connection (noise, yamux) that the connection manager holds; the
 * relayed one is left to its owner.
 *
 * libp2p's DCUtR cannot do this for TCP: it only exchanges addresses
 * AutoNAT verified, identify drops observed TCP addresses, and its dials
 * go through the dial queue, which passes neither a local port nor the
 * `initiator: false` a simultaneous open needs.
 */
export class Puncher implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/puncher'
  private readonly components: PuncherComponents
  private readonly init: PuncherInit
  private readonly log: Logger
  private readonly lifecycle = new ServiceLifecycle()
  private readonly punches?: Counter

  constructor (components: PuncherComponents, init: PuncherInit = {}) {
    this.components = components
    this.init = init
    this.log = components.log ?? silentLogger()
    if (components.registry != null) {
      this.punches = components.registry.getSingleMetric('peergrid_punches_total') as Counter | undefined ?? new Counter({
        name: 'peergrid_punches_total',
        help: 'Hole punches, by side (asked: this node asked; answered) and result (direct, refused, failed)',
        labelNames: ['side', 'result'],
        registers: [components.registry]
      })
    }
  }

  async start (): Promise<void> {
    if (!this.lifecycle.start()) return
    await this.components.registrar.handle(PUNCH_PROTOCOL, (stream, connection) => {
      void this.answer(stream, connection)
    }, { runOnLimitedConnection: true, maxInboundStreams: MAX_PUNCH_STREAMS_PER_CONNECTION, maxOutboundStreams: MAX_PUNCH_STREAMS_PER_CONNECTION })
  }

  async stop (): Promise<void> {
    if (!this.lifecycle.stop()) return
    await this.components.registrar.unhandle(PUNCH_PROTOCOL)
  }

  /**
   * Punches a direct connection to the peer at the other end of `relayed`.
   * Throws PunchRefusedError when either side cannot be punched to (the
   * reason says which and why), PunchFailedError when the dials or the
   * upgrade did not work out in time.
   */
  async punch (relayed: Connection, options: AbortOptions = {}): Promise<Connection> {
    const own = this.components.self.punchEndpoint()
    if (!own.ok) {
      this.punches?.inc({ side: 'asked', result: 'refused' })
      throw new PunchRefusedError(`this node cannot be punched to: ${own.reason}`)
    }
    const signal = this.signal(options)
    let stream: Stream | undefined
    try {
      const localPort = await freePort()
      stream = await relayed.newStream(PUNCH_PROTOCOL, { signal, runOnLimitedConnection: true, negotiateFully: false })
      const messages = pbStream(stream, { maxDataLength: MAX_PUNCH_MESSAGE_BYTES }).pb(PunchMessage)
      const started = performance.now()
      await messages.write({ type: PunchMessage.Type.CONNECT, ip: own.ip, port: localPort, reason: '' }, { signal })
      const answer = await messages.read({ signal })
      if (answer.type === PunchMessage.Type.REFUSE) throw new PunchRefusedError(`the peer cannot be punched to: ${answer.reason.slice(0, MAX_PUNCH_REASON_LENGTH)}`)
      if (answer.type !== PunchMessage.Type.CONNECT) throw new InvalidMessageError(`punch: expected CONNECT, got ${String(answer.type)}`)
      const target = this.target(answer)
      const rtt = performance.now() - started
      await messages.write({ type: PunchMessage.Type.SYNC, ip: '', port: 0, reason: '' }, { signal })
      // the SYNC reaches the other side half a round trip from now: dial then, together
      await delay(rtt / 2, undefined, { signal })
      const connection = await dialFromPort(this.components, { ...target, localPort, peer: relayed.remotePeer, initiator: true }, { signal })
      await stream.close({ signal }).catch(() => {})
      this.punches?.inc({ side: 'asked', result: 'direct' })
      this.log.info({ peer: relayed.remotePeer.toString(), addr: connection.remoteAddr.toString(), localPort }, 'hole punched: direct connection')
      return connection
    } catch (err: any) {
      stream?.abort(err)
      this.punches?.inc({ side: 'asked', result: err.name === 'PunchRefusedError' ? 'refused' : 'failed' })
      if (err.name === 'PunchRefusedError' || err.name === 'PunchFailedError') throw err
      throw new PunchFailedError(signal.aborted && options.signal?.aborted !== true ? `no direct connection within ${this.timeoutMs} ms` : `the punch failed: ${String(err.message)}`)
    }
  }

  private async answer (stream: Stream, connection: Connection): Promise<void> {
    const signal = this.signal({})
    const messages = pbStream(stream, { maxDataLength: MAX_PUNCH_MESSAGE_BYTES }).pb(PunchMessage)
    try {
      const ask = await messages.read({ signal })
      if (ask.type !== PunchMessage.Type.CONNECT) throw new InvalidMessageError(`punch: expected CONNECT, got ${String(ask.type)}`)
      const own = this.components.self.punchEndpoint()
      // a punch is for peers that only have a relayed connection: over a direct one there is nothing to do
      const refusal = !isRelayedAddr(connection.remoteAddr) ? 'the connection is already direct' : own.ok ? undefined : own.reason
      if (refusal != null || !own.ok) {
        await messages.write({ type: PunchMessage.Type.REFUSE, ip: '', port: 0, reason: (refusal ?? 'it cannot be punched to').slice(0, MAX_PUNCH_REASON_LENGTH) }, { signal })
        await stream.close({ signal })
        this.punches?.inc({ side: 'answered', result: 'refused' })
        return
      }
      const target = this.target(ask)
      const localPort = await freePort()
      await messages.write({ type: PunchMessage.Type.CONNECT, ip: own.ip, port: localPort, reason: '' }, { signal })
      const sync = await messages.read({ signal })
      if (sync.type !== PunchMessage.Type.SYNC) throw new InvalidMessageError(`punch: expected SYNC, got ${String(sync.type)}`)
      const direct = await dialFromPort(this.components, { ...target, localPort, peer: connection.remotePeer, initiator: false }, { signal })
      await stream.close({ signal }).catch(() => {})
      this.punches?.inc({ side: 'answered', result: 'direct' })
      this.log.info({ peer: connection.remotePeer.toString(), addr: direct.remoteAddr.toString(), localPort }, 'hole punched: direct connection')
    } catch (err: any) {
      stream.abort(err)
      this.punches?.inc({ side: 'answered', result: 'failed' })
      this.log.debug({ peer: connection.remotePeer.toString(), err: err.message }, 'hole punch failed')
    }
  }

  /** The address a CONNECT names, checked: an IP (public unless allowed), a port above 0. */
  private target (message: PunchMessage): { host: string, port: number } {
    const family = isIP(message.ip)
    if (family === 0 || message.port < 1 || message.port > 65_535) throw new InvalidMessageError('punch: CONNECT names no usable address')
    if (this.init.allowPrivate !== true && isPrivate(multiaddr(`/ip${family}/${message.ip}/tcp/${message.port}`))) {
      throw new InvalidMessageError(`punch: ${message.ip} is not a public address`)
    }
    return { host: message.ip, port: message.port }
  }

  private get timeoutMs (): number {
    return this.init.timeoutMs ?? DEFAULT_PUNCH_TIMEOUT_MS
  }

  private signal (options: AbortOptions): AbortSignal {
    return withTimeout(this.timeoutMs, options.signal == null ? this.lifecycle.signal : AbortSignal.any([this.lifecycle.signal, options.signal]))
  }
}

/** The puncher as a libp2p service. */
export function puncher (init: PuncherInit = {}): (components: PuncherComponents) => Puncher {
  return (components) => new Puncher(components, init)
}
