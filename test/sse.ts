/** One Server-Sent Event as read. */
export interface FeedEvent {
  id?: string
  event: string
  data: any
}

/** A Server-Sent Events stream being read, and what came so far. */
export interface FeedReader {
  events: FeedEvent[]
  /** waits (at most `timeoutMs`) for an event that matches, among those not yet taken by an earlier wait */
  next(match: (event: FeedEvent) => boolean, timeoutMs?: number): Promise<FeedEvent>
  close(): void
}

/**
 * Reads an event stream with fetch (as EventSource would, but in Node and
 * with any headers), parsing `id:`, `event:` and `data:` lines.
 */
export async function readFeed (url: string, headers: Record<string, string>): Promise<FeedReader> {
  const controller = new AbortController()
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal })
  if (!response.ok || response.body == null) throw new Error(`The feed answered HTTP ${response.status}: ${await response.text()}`)
  const events: FeedEvent[] = []
  let taken = 0
  const waiters = new Set<() => void>()
  void (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const fields: Record<string, string> = {}
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue
            const colon = line.indexOf(':')
            fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart()
          }
          if (fields.data == null) continue
          events.push({ id: fields.id, event: fields.event ?? 'message', data: JSON.parse(fields.data) })
          for (const wake of waiters) wake()
        }
      }
    } catch {}
  })()
  return {
    events,
    async next (match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const at = events.findIndex((event, i) => i >= taken && match(event))
          if (at === -1) return
          taken = at + 1
          waiters.delete(check)
          clearTimeout(timer)
          resolve(events[at] as FeedEvent)
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`No matching event within ${timeoutMs} ms; got ${JSON.stringify(events.slice(taken).map(e => e.event))}`))
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
    close () {
      controller.abort()
    }
  }
}
