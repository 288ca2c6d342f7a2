import { createServer } from 'node:net'
import type { Server as HttpServer } from 'node:http'
import type { Server, Socket } from 'node:net'

/** Connections that arrive before the app is loaded wait at most this many; more are closed. */
export const MAX_EARLY_CONNECTIONS = 64

/** An early connection waits this long for the app before it is closed. */
export const EARLY_CONNECTION_TIMEOUT_MS = 10_000

/**
 * A TCP listener on 127.0.0.1 for an HTTP app (the fastify local API) that
 * is loaded on the first connection: the port is bound first, so a daemon
 * says it is ready — with the API's address in its ready line — without
 * loading fastify or even Node's HTTP server, and an API nobody calls costs
 * nothing. Measured here: fastify and its schema compiling hold the event
 * loop for 150-250 ms, a third of a rendezvous's start-up, and loaded right
 * after the ready line they delayed the peers dialling in; loading node:http
 * alone cost 10-25 ms. Connections that arrive while the app loads wait for
 * it (boundedly), then are handed to its HTTP server.
 */
export class LazyHttpServer {
  private readonly listener: Server
  private http?: HttpServer
  private loader?: () => Promise<HttpServer>
  private loading?: Promise<void>
  private readonly waiting = new Map<Socket, ReturnType<typeof setTimeout>>()
  /** every open connection: the app's HTTP server does not track them, as it never listens itself */
  private readonly sockets = new Set<Socket>()

  private constructor () {
    this.listener = createServer({ pauseOnConnect: true }, socket => { this.accept(socket) })
  }

  /** Binds 127.0.0.1:`port` (0 picks a free one); throws the listen error (its `code`, e.g. EADDRINUSE) when it cannot. */
  static async listen (port: number): Promise<LazyHttpServer> {
    const lazy = new LazyHttpServer()
    await new Promise<void>((resolve, reject) => {
      lazy.listener.once('error', reject)
      lazy.listener.listen(port, '127.0.0.1', () => {
        lazy.listener.off('error', reject)
        resolve()
      })
    })
    return lazy
  }

  /** The bound address, http://127.0.0.1:<port>. */
  get url (): string {
    const address = this.listener.address()
    return `http://127.0.0.1:${typeof address === 'object' && address != null ? address.port : 0}`
  }

  /**
   * Loads the app with `loader` (which resolves with its HTTP server, not
   * listening) when the first connection arrives; a failed load closes the
   * waiting connections, is reported to `onError` and is tried again on the
   * next connection.
   */
  loadOnFirstConnection (loader: () => Promise<HttpServer>, onError: (err: Error) => void): void {
    this.loader = async () => {
      try {
        return await loader()
      } catch (err: any) {
        onError(err)
        throw err
      }
    }
  }

  /** Stops listening and closes every connection, the app's too. */
  async close (): Promise<void> {
    for (const [socket, timer] of this.waiting) {
      clearTimeout(timer)
      socket.destroy()
    }
    this.waiting.clear()
    const closed = new Promise<void>(resolve => { this.listener.close(() => { resolve() }) })
    for (const socket of this.sockets) socket.destroy()
    await closed
  }

  private accept (socket: Socket): void {
    this.sockets.add(socket)
    socket.once('close', () => { this.sockets.delete(socket) })
    if (this.http != null) {
      this.hand(socket)
      return
    }
    if (this.waiting.size >= MAX_EARLY_CONNECTIONS || this.loader == null) {
      socket.destroy()
      return
    }
    socket.on('error', () => { socket.destroy() })
    this.waiting.set(socket, setTimeout(() => {
      this.waiting.delete(socket)
      socket.destroy()
    }, EARLY_CONNECTION_TIMEOUT_MS))
    this.loading ??= this.loader().then(http => {
      this.http = http
      for (const [waiting, timer] of this.waiting) {
        clearTimeout(timer)
        this.hand(waiting)
      }
      this.waiting.clear()
    }, () => {
      this.loading = undefined
      for (const [waiting, timer] of this.waiting) {
        clearTimeout(timer)
        waiting.destroy()
      }
      this.waiting.clear()
    })
  }

  private hand (socket: Socket): void {
    if (socket.destroyed) return
    this.http?.emit('connection', socket)
    socket.resume()
  }
}
