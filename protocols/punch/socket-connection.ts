import { connect, createServer } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { AbstractMultiaddrConnection } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { PUNCH_REDIAL_DELAY_MS, PUNCHED_SOCKET_INACTIVITY_MS } from './constants.js'
import { PunchFailedError } from './errors.js'
import type { AbortOptions, ComponentLogger, Connection, PeerId, Upgrader } from '@libp2p/interface'
import type { AbstractMultiaddrConnectionInit } from '@libp2p/utils'
import type { Socket } from 'node:net'
import type { Uint8ArrayList } from 'uint8arraylist'

/**
 * A TCP socket as libp2p's MultiaddrConnection, for a connection libp2p's
 * TCP transport did not dial: it cannot dial from a chosen local port
 * (its dial queue passes no socket options through), which is what makes
 * a NAT's mapping predictable.
 */
class SocketConnection extends AbstractMultiaddrConnection {
  private readonly socket: Socket

  constructor (socket: Socket, init: AbstractMultiaddrConnectionInit) {
    super(init)
    this.socket = socket
    socket.on('data', (chunk: Buffer) => { this.onData(chunk) })
    socket.on('error', (err) => { this.abort(err) })
    socket.setTimeout(PUNCHED_SOCKET_INACTIVITY_MS)
    socket.once('timeout', () => { this.abort(new Error('the punched connection was idle too long')) })
    socket.once('end', () => { this.onTransportClosed() })
    socket.once('close', (hadError) => {
      if (hadError) this.abort(new Error('TCP transmission error'))
      else this.onTransportClosed()
    })
    socket.on('drain', () => { this.safeDispatchEvent('drain') })
  }

  sendData (data: Uint8ArrayList): { sentBytes: number, canSendMore: boolean } {
    let sentBytes = 0
    for (const chunk of data) {
      sentBytes += chunk.byteLength
      if (!this.socket.write(chunk)) return { sentBytes, canSendMore: false }
    }
    return { sentBytes, canSendMore: true }
  }

  async sendClose (options?: AbortOptions): Promise<void> {
    if (this.socket.destroyed) return
    const closed = new Promise<void>(resolve => this.socket.once('close', () => { resolve() }))
    this.socket.destroySoon()
    await (options?.signal != null ? Promise.race([closed, new Promise<void>(resolve => options.signal?.addEventListener('abort', () => { resolve() }, { once: true }))]) : closed)
  }

  sendReset (): void {
    if (this.socket.writableEnded) this.socket.destroy()
    else this.socket.resetAndDestroy()
  }

  sendPause (): void {
    this.socket.pause()
  }

  sendResume (): void {
    this.socket.resume()
  }
}

/** Where to dial and how the connection is to be upgraded. */
export interface PortDialTarget {
  host: string
  port: number
  /** the local port to dial from (absent: one the system picks) */
  localPort?: number
  /** the peer expected at the other end (noise checks it) */
  peer: PeerId
  /** true: this side runs the handshakes as the dialler would; false: as the listener */
  initiator: boolean
  /** dial again when refused, until the signal (a simultaneous open: default true) */
  retryRefused?: boolean
}

/**
 * Opens a TCP connection from `localPort` and upgrades it (noise, yamux)
 * into a libp2p connection that the connection manager then holds like any
 * other. A refused attempt (the other side's socket not there yet) is
 * repeated until `signal` aborts: in a simultaneous open the first SYN may
 * arrive early.
 */
export async function dialFromPort (components: { upgrader: Upgrader, logger: ComponentLogger }, target: PortDialTarget, options: Required<AbortOptions>): Promise<Connection> {
  const { signal } = options
  let socket: Socket | undefined
  for (;;) {
    signal.throwIfAborted()
    try {
      socket = await openSocket(target, signal)
      break
    } catch (err: any) {
      if (signal.aborted) throw new PunchFailedError(`no TCP connection to ${target.host}:${target.port} in time`)
      if ((err.code !== 'ECONNREFUSED' && err.code !== 'ECONNRESET') || target.retryRefused === false) throw new PunchFailedError(`TCP connection to ${target.host}:${target.port} failed: ${String(err.message)}`)
      await delay(PUNCH_REDIAL_DELAY_MS, undefined, { signal }).catch(() => {})
    }
  }
  const family = socket.remoteFamily === 'IPv6' ? 'ip6' : 'ip4'
  const remoteAddr = multiaddr(`/${family}/${target.host}/tcp/${target.port}/p2p/${target.peer.toString()}`)
  const log = components.logger.forComponent('peergrid:punch:connection')
  // the answering side is the listener in every handshake, yamux's included (its stream ids follow the direction)
  const maConn = new SocketConnection(socket, { remoteAddr, direction: target.initiator ? 'outbound' : 'inbound', log })
  try {
    return await components.upgrader.upgradeOutbound(maConn, { signal, initiator: target.initiator })
  } catch (err: any) {
    maConn.abort(err)
    throw new PunchFailedError(`the connection to ${target.host}:${target.port} did not upgrade: ${String(err.message)}`)
  }
}

async function openSocket (target: PortDialTarget, signal: AbortSignal): Promise<Socket> {
  return await new Promise<Socket>((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port, ...(target.localPort != null ? { localPort: target.localPort } : {}), noDelay: true, keepAlive: true })
    const onAbort = (): void => { socket.destroy(); reject(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort)
      socket.removeAllListeners('error')
      resolve(socket)
    })
    socket.once('error', (err) => {
      signal.removeEventListener('abort', onAbort)
      socket.destroy()
      reject(err)
    })
  })
}

/** A local TCP port free now (the kernel's pick), for a dial from a port of our choosing. */
export async function freePort (): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, () => {
      const { port } = server.address() as { port: number }
      server.close(() => { resolve(port) })
    })
  })
}
