import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'

/** Events kept for clients that come back with a Last-Event-ID. */
export const FEED_REPLAY_EVENTS = 10_000

/** Clients of one feed at once; more are answered 503. */
export const MAX_FEED_CLIENTS = 32

/** A client with more than this unsent is dropped (it comes back with its Last-Event-ID and is replayed what it missed). */
export const MAX_FEED_CLIENT_BUFFER_BYTES = 1024 * 1024

/** A comment goes to every client this often, so proxies and the browser keep the connection. */
export const FEED_HEARTBEAT_MS = 15_000

/** Longest Last-Event-ID read. */
const MAX_EVENT_ID_LENGTH = 64

/**
 * A Server-Sent Events feed with resume: every event gets an id
 * `<boot>.<seq>` (boot: random per process), the last FEED_REPLAY_EVENTS are
 * kept, and a client that reconnects with `Last-Event-ID` (EventSource does
 * by itself) is sent what it missed. A client whose id is from another run
 * or too old gets a `reset` event: it must reload history (the API's
 * history query) before it trusts the feed again.
 */
export class EventFeed {
  private readonly boot = randomBytes(4).toString('hex')
  /** the last FEED_REPLAY_EVENTS events' text, a ring: event `seq` is at `seq % FEED_REPLAY_EVENTS` */
  private readonly kept: string[] = []
  private seq = 0
  private readonly clients = new Set<ServerResponse>()
  private heartbeat?: ReturnType<typeof setInterval>

  /** Clients connected now. */
  get size (): number {
    return this.clients.size
  }

  /** Sends an event to every client and keeps it for replay; `data` is serialised now. */
  publish (type: string, data: unknown): void {
    const seq = ++this.seq
    const text = `id: ${this.boot}.${seq}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`
    this.kept[seq % FEED_REPLAY_EVENTS] = text
    for (const client of this.clients) this.write(client, text)
  }

  /**
   * Takes over an HTTP response as an event stream: replays what a client
   * with `lastEventId` missed, then sends every new event until the client
   * goes away or close() is called.
   */
  serve (response: ServerResponse, lastEventId?: string): void {
    if (this.clients.size >= MAX_FEED_CLIENTS) {
      response.writeHead(503, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ error: { code: 'BUSY', message: `The feed has ${MAX_FEED_CLIENTS} clients already` } }))
      return
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // nginx and the like: do not buffer the stream
      'x-accel-buffering': 'no'
    })
    response.socket?.setNoDelay(true)
    this.clients.add(response)
    response.once('close', () => { this.clients.delete(response) })
    response.write(`retry: 1000\n: ${this.boot}\n\n`)
    if (lastEventId != null && lastEventId !== '') this.replay(response, lastEventId.slice(0, MAX_EVENT_ID_LENGTH))
    this.heartbeat ??= setInterval(() => {
      for (const client of this.clients) this.write(client, ': ping\n\n')
    }, FEED_HEARTBEAT_MS)
    this.heartbeat.unref()
  }

  /** Ends every client's stream. */
  close (): void {
    clearInterval(this.heartbeat)
    this.heartbeat = undefined
    for (const client of this.clients) client.end()
    this.clients.clear()
  }

  private replay (response: ServerResponse, lastEventId: string): void {
    const [boot, seqText] = lastEventId.split('.')
    const seq = Number(seqText)
    // the oldest event still kept
    const oldest = Math.max(1, this.seq - FEED_REPLAY_EVENTS + 1)
    // from this run, not ahead of us, and nothing missed has been dropped
    if (boot !== this.boot || !Number.isSafeInteger(seq) || seq > this.seq || seq < oldest - 1) {
      this.write(response, `id: ${this.boot}.${this.seq}\nevent: reset\ndata: {}\n\n`)
      return
    }
    for (let missed = seq + 1; missed <= this.seq; missed++) this.write(response, this.kept[missed % FEED_REPLAY_EVENTS] as string)
  }

  private write (client: ServerResponse, text: string): void {
    if (client.destroyed) return
    if (client.writableLength > MAX_FEED_CLIENT_BUFFER_BYTES) {
      client.destroy()
      return
    }
    client.write(text)
  }
}
