import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EventFeed, FEED_REPLAY_EVENTS, MAX_FEED_CLIENTS } from '../../node/api/event-feed.js'
import { DashboardSessions, LOGIN_CODE_TTL_MS, MAX_SESSIONS, SESSION_TTL_MS } from '../../node/api/sessions.js'
import { waitFor } from '../helpers.js'
import { readFeed } from '../sse.js'
import type { Server } from 'node:http'

describe('event feed: Server-Sent Events with Last-Event-ID replay (a real HTTP server)', () => {
  let server: Server
  let url: string
  const feed = new EventFeed()
  beforeAll(async () => {
    server = createServer((request, response) => { feed.serve(response, request.headers['last-event-id'] as string | undefined) })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
  })
  afterAll(async () => {
    feed.close()
    await new Promise(resolve => server.close(resolve))
  })

  it('sends each event to every client, and replays what a client missed from its last id', async () => {
    const a = await readFeed(url, {})
    feed.publish('entry', { n: 1 })
    const first = await a.next(e => e.data.n === 1)
    a.close()
    feed.publish('entry', { n: 2 })
    feed.publish('entry', { n: 3 })
    const back = await readFeed(url, { 'last-event-id': first.id! })
    await back.next(e => e.data.n === 3)
    expect(back.events.map(e => e.data.n)).toEqual([2, 3])
    feed.publish('controls', { n: 4 })
    expect((await back.next(e => e.event === 'controls')).data).toEqual({ n: 4 })
    back.close()
  })

  it('tells a client whose id is from another run, from the future or malformed to reload (reset)', async () => {
    const probe = await readFeed(url, {})
    feed.publish('entry', { n: 'probe' })
    const [boot, seq] = (await probe.next(e => e.data.n === 'probe')).id!.split('.')
    probe.close()
    for (const id of ['deadbeef.1', `${boot!}.${Number(seq) + 5}`, `${boot!}.x`, 'nonsense', '.']) {
      const client = await readFeed(url, { 'last-event-id': id })
      expect((await client.next(e => e.event === 'reset')).event).toBe('reset')
      client.close()
    }
  })

  it('a client too far behind (its events no longer kept) is told to reload', async () => {
    const a = await readFeed(url, {})
    feed.publish('entry', { n: 'old' })
    const old = await a.next(e => e.data.n === 'old')
    a.close()
    for (let i = 0; i < FEED_REPLAY_EVENTS + 5; i++) feed.publish('entry', { i })
    const late = await readFeed(url, { 'last-event-id': old.id! })
    await late.next(e => e.event === 'reset')
    expect(late.events.filter(e => e.event === 'entry')).toEqual([])
    late.close()
  })

  it(`takes at most ${MAX_FEED_CLIENTS} clients; the next gets 503 and the others keep theirs`, async () => {
    // the earlier tests' clients are gone once their sockets closed
    await waitFor(() => feed.size === 0, 'the earlier clients to leave')
    const clients = await Promise.all(Array.from({ length: MAX_FEED_CLIENTS - feed.size }, async () => readFeed(url, {})))
    const refused = await fetch(url)
    expect(refused.status).toBe(503)
    expect(await refused.json()).toMatchObject({ error: { code: 'BUSY' } })
    feed.publish('entry', { n: 'all' })
    await Promise.all(clients.map(async c => c.next(e => e.data.n === 'all')))
    for (const client of clients) client.close()
  })
})

describe('dashboard sessions', () => {
  it('a login code works once and only while fresh; a session lasts its time; the oldest sessions go past the cap', () => {
    let now = 1_000_000
    const sessions = new DashboardSessions(() => now)
    const code = sessions.createCode()
    const token = sessions.redeem(code)
    expect(sessions.check(token)).toBe(true)
    expect(sessions.redeem(code)).toBeUndefined()
    const stale = sessions.createCode()
    now += LOGIN_CODE_TTL_MS + 1
    expect(sessions.redeem(stale)).toBeUndefined()
    expect(sessions.check(undefined)).toBe(false)
    expect(sessions.check('made-up')).toBe(false)
    now += SESSION_TTL_MS
    expect(sessions.check(token)).toBe(false)

    const tokens = Array.from({ length: MAX_SESSIONS + 1 }, () => sessions.redeem(sessions.createCode()))
    expect(sessions.check(tokens[0])).toBe(false)
    expect(sessions.check(tokens[MAX_SESSIONS])).toBe(true)
    sessions.end(tokens[MAX_SESSIONS])
    expect(sessions.check(tokens[MAX_SESSIONS])).toBe(false)
  })
})
