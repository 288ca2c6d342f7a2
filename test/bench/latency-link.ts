import { connect, createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'

/** Bytes a link holds in flight, one direction, before it pauses the sender (about what a 40 ms path at 100 MiB/s holds). */
const MAX_IN_FLIGHT_BYTES = 4 * 1024 * 1024

/** What one direction of a link carries: data, the sender's FIN, or its reset. */
interface Delivery {
  atMs: number
  data?: Buffer
  reset?: true
}

/**
 * A TCP relay on 127.0.0.1 that delays what it carries as a path with round
 * trip `rttMs` would (written here: this kernel has no netem). Every chunk
 * arrives half a round trip after it was sent, in order, and TCP's handshake
 * is paid as on a real path: the client's first bytes leave one round trip
 * after its connect (SYN, SYN-ACK), the server's one and a half round trips
 * after it (its accept waits for the ACK). The connect itself returns at
 * once, as the relay is local; so a client that writes at once is charged
 * correctly, and one that waits for the server is too. No loss, no
 * bandwidth limit, no slow start. `target()` names the port it forwards to,
 * asked on each connection.
 */
export class LatencyLink {
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  /** the round trip, ms: what it is when a chunk is sent, and for the handshake when a connection is made */
  rttMs: number

  private constructor (server: Server, rttMs: number) {
    this.server = server
    this.rttMs = rttMs
  }

  static async open (rttMs: number, target: () => number): Promise<LatencyLink> {
    const server = createServer({ allowHalfOpen: true, noDelay: true })
    const link = new LatencyLink(server, rttMs)
    server.on('connection', client => { link.join(client, target()) })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    return link
  }

  get port (): number {
    return (this.server.address() as AddressInfo).port
  }

  get multiaddr (): string {
    return `/ip4/127.0.0.1/tcp/${this.port}`
  }

  async close (): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>(resolve => this.server.close(() => { resolve() }))
  }

  private join (client: Socket, port: number): void {
    const connectedAt = performance.now()
    const rttMs = this.rttMs
    const upstream = connect({ host: '127.0.0.1', port, allowHalfOpen: true, noDelay: true })
    for (const socket of [client, upstream]) {
      this.sockets.add(socket)
      socket.on('close', () => { this.sockets.delete(socket) })
      socket.on('error', () => { client.destroy(); upstream.destroy() })
    }
    this.carry(client, upstream, connectedAt + rttMs)
    this.carry(upstream, client, connectedAt + 1.5 * rttMs)
  }

  /** Carries one direction: each chunk leaves no earlier than `firstAtMs` and arrives half a round trip later, after the one before it. */
  private carry (from: Socket, to: Socket, firstAtMs: number): void {
    const queue: Delivery[] = []
    let inFlight = 0
    let timer: NodeJS.Timeout | undefined
    let lastAtMs = 0
    const schedule = (delivery: Delivery): void => {
      delivery.atMs = Math.max(delivery.atMs, lastAtMs)
      lastAtMs = delivery.atMs
      queue.push(delivery)
      if (timer == null) arm()
    }
    const arm = (): void => {
      const next = queue[0]
      if (next == null) return
      timer = setTimeout(deliver, Math.max(0, next.atMs - performance.now()))
    }
    const deliver = (): void => {
      timer = undefined
      const now = performance.now()
      while (queue.length > 0 && queue[0]!.atMs <= now + 0.5) {
        const { data, reset } = queue.shift()!
        if (reset === true) to.destroy()
        if (data == null) {
          to.end()
          continue
        }
        inFlight -= data.byteLength
        to.write(data)
        if (inFlight < MAX_IN_FLIGHT_BYTES / 2 && from.isPaused()) from.resume()
      }
      arm()
    }
    from.on('data', (data: Buffer) => {
      schedule({ atMs: Math.max(performance.now(), firstAtMs) + this.rttMs / 2, data })
      inFlight += data.byteLength
      if (inFlight > MAX_IN_FLIGHT_BYTES) from.pause()
    })
    from.on('end', () => { schedule({ atMs: Math.max(performance.now(), firstAtMs) + this.rttMs / 2 }) })
    from.on('close', () => {
      // a reset (not an orderly end) reaches the other side after the data in flight
      if (!from.readableEnded) schedule({ atMs: performance.now() + this.rttMs / 2, reset: true })
    })
    to.on('close', () => { if (timer != null) clearTimeout(timer); from.destroy() })
  }
}
