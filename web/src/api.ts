import { useEffect, useRef, useState } from 'react'

/** The header every request that changes something carries (the API refuses such a request with only a cookie). */
const DASHBOARD_HEADER = { 'x-peergrid-request': '1' }

/** An answer of the local API that was not 2xx: its code and message. */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError'
  readonly status: number

  constructor (status: number, message: string) {
    super(message)
    this.status = status
  }
}

/** Requests the local API with the session cookie; throws ApiRequestError with the API's message. */
export async function api<T> (path: string, init: { method?: string, body?: unknown } = {}): Promise<T> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST')
  const changes = method !== 'GET'
  // fastify wants a body with a JSON content type on a POST; an empty object says nothing
  const body = init.body !== undefined ? JSON.stringify(init.body) : changes ? '{}' : undefined
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...(changes ? DASHBOARD_HEADER : {}), ...(body != null ? { 'content-type': 'application/json' } : {}) },
    ...(body != null ? { body } : {})
  })
  const text = await response.text()
  let answer: any
  try {
    answer = text === '' ? undefined : JSON.parse(text)
  } catch {
    throw new ApiRequestError(response.status, `The node answered HTTP ${response.status}`)
  }
  if (!response.ok) {
    const message = response.status === 401 ? 'Not logged in: run `peergrid dashboard` and open the link it prints' : answer?.error?.message ?? `HTTP ${response.status}`
    throw new ApiRequestError(response.status, message)
  }
  return answer as T
}

/** One Server-Sent Event of a feed. */
export interface FeedMessage<T = unknown> {
  type: string
  data: T
}

/**
 * Listens to an event stream of the local API (EventSource, which sends the
 * cookie and resumes with Last-Event-ID by itself); `onEvent` hears every
 * event of `types`. Says whether the stream is open now.
 */
export function useEventStream (path: string, types: string[], onEvent: (message: FeedMessage) => void): boolean {
  const [open, setOpen] = useState(false)
  const handler = useRef(onEvent)
  handler.current = onEvent
  const key = types.join(',')
  useEffect(() => {
    const source = new EventSource(path, { withCredentials: true })
    const listeners = key.split(',').map(type => {
      const listener = (event: MessageEvent<string>): void => { handler.current({ type, data: JSON.parse(event.data) }) }
      source.addEventListener(type, listener)
      return [type, listener] as const
    })
    source.onopen = () => { setOpen(true) }
    source.onerror = () => { setOpen(false) }
    return () => {
      for (const [type, listener] of listeners) source.removeEventListener(type, listener)
      source.close()
    }
  }, [path, key])
  return open
}
