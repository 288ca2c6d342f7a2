import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalApi } from '../../node/api/server.js'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { registerProviderRoutes } from '../../node/provider/api.js'
import { silentLogger } from '../../node/logger.js'
import { startFileServer } from '../file-server.js'
import { tryOpen, waitFor, waitForLog } from '../helpers.js'
import { socksFetch } from '../socks-fetch.js'
import { readFeed } from '../sse.js'
import { createTestnet } from '../testnet.js'
import type { FileServer } from '../file-server.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { TestNode, Testnet } from '../testnet.js'
import type { FastifyInstance } from 'fastify'

/** GET with a chosen Host header (fetch does not let one be set), as a DNS-rebinding page would arrive. */
async function statusWithHost (url: string, cookie: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { cookie, host } }, response => {
      response.resume()
      resolve(response.statusCode ?? 0)
    }).on('error', reject).end()
  })
}

const KiB = 1024
const MiB = 1024 * KiB

// The owner's controls on running providers: a German and an American exit,
// one gateway with its SOCKS5 front, a file server on 127.0.0.1.
describe('owner controls, enforced on a running provider (about 20 s)', () => {
  let net: Testnet
  let files: FileServer
  let fronts: ProxyFronts
  let germany: TestNode
  let api: FastifyInstance
  beforeAll(async () => {
    files = await startFileServer()
    net = await createTestnet(3, { countries: ['DE', 'US'], provider: { exit: { exitAllow: ['127.0.0.0/8'] } } })
    germany = net.providers.find(p => p.country === 'DE')!
    const gateway = net.gateways[0]!.gateway!
    await waitFor(() => gateway.table.list({ service: 'proxy' }).length === 2, 'the gateway to know both providers')
    fronts = await listenProxyFronts(gateway.router, { socksPort: 0, httpProxyPort: 0 }, silentLogger())
    api = createLocalApi({ token: 'owner-token', logger: silentLogger(), webDir: false })
    registerProviderRoutes(api, germany.provider!)
  })
  afterAll(async () => {
    await api?.close()
    await fronts?.close()
    await net?.destroy()
    await files?.close()
  })

  const gateway = () => net.gateways[0]!.gateway!
  const germanRecord = () => gateway().table.get(germany.libp2p.peerId)?.record
  const fetchVia = async (username: string, size: number) => socksFetch(fronts.socks!, { host: '127.0.0.1', port: files.port }, `/bytes/${size}`, { username, slow: { everyBytes: 256 * KiB, pauseMs: 20 } })
    .catch((err: Error) => ({ status: 0, bytes: -1, sha256: err.message }))
  const owner = async (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) => {
    const response = await api.inject({ method, url, headers: { authorization: 'Bearer owner-token' }, ...(payload != null ? { payload } : {}) })
    return { status: response.statusCode, body: response.json() }
  }

  it('pause: a connection in progress ends, the record says so and the gateway picks the other exit; resume brings it back', async () => {
    const since = Date.now()
    const download = fetchVia('country-de', 16 * MiB)
    await waitForLog(germany.provider!, since, 1, e => e.decision === 'allowed')
    expect((await owner('POST', '/api/pause')).body.decision).toMatchObject({ serve: false, reasons: [{ code: 'paused' }] })
    const cut = await download
    expect(cut.bytes).toBeLessThan(16 * MiB)
    const [entry] = await waitForLog(germany.provider!, since, 1, e => e.end != null)
    expect(entry).toMatchObject({ decision: 'allowed', end: 'stopped' })

    await waitFor(() => germanRecord()?.serving?.serving === false, 'the gateway to hear the provider paused')
    expect(germanRecord()?.serving?.reasons).toEqual(['paused'])
    expect(await tryOpen(gateway(), { host: '127.0.0.1', port: files.port, username: 'country-de' })).toBe('no-provider')
    const other = Date.now()
    expect(await tryOpen(gateway(), { host: '127.0.0.1', port: files.port })).toBe('ok')
    expect(await germany.provider!.transparency.list(other, 10)).toEqual([])

    expect((await owner('POST', '/api/resume')).body.decision).toEqual({ serve: true, reasons: [] })
    await waitFor(() => germanRecord()?.serving?.serving === true, 'the gateway to hear the provider serves again')
    expect(await tryOpen(gateway(), { host: '127.0.0.1', port: files.port, username: 'country-de' })).toBe('ok')
  })

  it('the month\'s data cap: the download that crosses it is cut, the provider leaves the gateway\'s choice until the cap is raised', async () => {
    const before = (await owner('GET', '/api/policy')).body.usage.bytes as number
    expect((await owner('PUT', '/api/policy', { monthlyDataCapBytes: before + 512 * KiB })).status).toBe(200)
    const since = Date.now()
    const result = await fetchVia('country-de', 4 * MiB)
    expect(result.bytes).toBeLessThan(4 * MiB)
    const [entry] = await waitForLog(germany.provider!, since, 1, e => e.end != null)
    expect(entry).toMatchObject({ end: 'stopped' })
    const policy = (await owner('GET', '/api/policy')).body
    expect(policy.usage.bytes).toBeGreaterThanOrEqual(before + 512 * KiB)
    expect(policy.decision.reasons.map((r: { code: string }) => r.code)).toEqual(['data-cap'])
    await waitFor(() => germanRecord()?.serving?.reasons.includes('data-cap'), 'the gateway to hear the cap is reached')
    expect(await tryOpen(gateway(), { host: '127.0.0.1', port: files.port, username: 'country-de' })).toBe('no-provider')

    await owner('PUT', '/api/policy', { monthlyDataCapBytes: 0 })
    await waitFor(() => germanRecord()?.serving?.serving === true, 'the gateway to hear the cap is lifted')
    expect((await fetchVia('country-de', 256 * KiB)).sha256).toBe(files.sha256(256 * KiB))
  })

  it('bandwidth: one token bucket across every stream slows two downloads together to the limit, and lifting it applies at once', async () => {
    await owner('PUT', '/api/policy', { bandwidthBytesPerSecond: 512 * KiB })
    await waitFor(() => germanRecord()?.limits?.maxBandwidthBytesPerSecond === 512 * KiB, 'the record to state the limit')
    const started = Date.now()
    const results = await Promise.all([fetchVia('country-de', MiB), fetchVia('country-de', MiB + 1)])
    const elapsedMs = Date.now() - started
    expect(results.map(r => r.sha256)).toEqual([files.sha256(MiB), files.sha256(MiB + 1)])
    // 2 MiB through a 512 KiB/s bucket that starts with 128 KiB in it: at least 3.75 s, however fast the machine
    expect(elapsedMs).toBeGreaterThanOrEqual(3_500)
    await owner('PUT', '/api/policy', { bandwidthBytesPerSecond: 0 })
    expect((await fetchVia('country-de', 2 * MiB)).sha256).toBe(files.sha256(2 * MiB))
  })

  it('block a destination or a customer from the API: the next open is refused with the rule; unblock serves again', async () => {
    const open = async () => tryOpen(gateway(), { host: '127.0.0.1', port: files.port, username: 'country-de' })
    expect((await owner('POST', '/api/block', { destination: '127.0.0.1/32' })).body.settings.denyDestinations).toEqual(['127.0.0.1/32'])
    const since = Date.now()
    expect(await open()).toBe('policy')
    expect(await waitForLog(germany.provider!, since)).toMatchObject([{ decision: 'refused', reason: 'policy', rule: 'deny 127.0.0.1/32' }])
    await owner('POST', '/api/unblock', { destination: '127.0.0.1/32' })
    expect(await open()).toBe('ok')

    const account = net.gateways[0]!.credentials!.current()!.account
    await owner('POST', '/api/block', { customer: account })
    expect(await open()).toBe('policy')
    await owner('POST', '/api/unblock', { customer: account })
    expect(await open()).toBe('ok')
  })

  it('refuses settings that do not hold together, naming the field, and changes nothing', async () => {
    const before = (await owner('GET', '/api/policy')).body.settings
    const bad = [
      [{ schedule: { timeZone: 'Mars/Olympus', windows: [{ days: ['mon'], from: '09:00', to: '17:00' }] } }, 'time zone'],
      [{ schedule: { timeZone: 'UTC', windows: [{ days: ['mon'], from: '25:00', to: '17:00' }] } }, 'not a time'],
      [{ denyDestinations: ['not a domain!'] }, 'neither a domain nor a CIDR'],
      [{ jobCpuPercent: 0 }, 'jobCpuPercent'],
      [{ paused: 'yes' }, 'paused'],
      [{ surprise: true }, 'additional']
    ] as const
    for (const [patch, message] of bad) {
      const { status, body } = await owner('PUT', '/api/policy', patch)
      expect(status, JSON.stringify(patch)).toBe(400)
      expect(body.error.message).toContain(message)
    }
    expect((await owner('GET', '/api/policy')).body.settings).toEqual(before)
  })

  it('a schedule that excludes now takes the provider out of the choice at once', async () => {
    // a one-minute window twelve hours away: never now
    const hour = (new Date().getUTCHours() + 12) % 24
    const from = `${String(hour).padStart(2, '0')}:00`
    const to = `${String(hour).padStart(2, '0')}:01`
    const all = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
    const { body } = await owner('PUT', '/api/policy', { schedule: { timeZone: 'UTC', windows: [{ days: all, from, to }] } })
    expect(body.decision.reasons.map((r: { code: string }) => r.code)).toEqual(['outside-schedule'])
    await waitFor(() => germanRecord()?.serving?.reasons.includes('outside-schedule'), 'the gateway to hear the schedule')
    expect(await tryOpen(gateway(), { host: '127.0.0.1', port: files.port, username: 'country-de' })).toBe('no-provider')
    await owner('PUT', '/api/policy', { schedule: null })
    await waitFor(() => germanRecord()?.serving?.serving === true, 'the gateway to hear the schedule is gone')
  })

  it('the live feed: a dashboard logs in once, the row of a connection arrives as it is decided, and a reconnect with Last-Event-ID gets what it missed', async () => {
    const listening = createLocalApi({ token: 'owner-token', logger: silentLogger(), webDir: false })
    registerProviderRoutes(listening, germany.provider!)
    const url = await listening.listen({ host: '127.0.0.1', port: 0 })
    try {
      // peergrid dashboard: a one-time code for the API token, traded for a cookie
      const { code } = await (await fetch(`${url}/api/dashboard/login`, { method: 'POST', headers: { authorization: 'Bearer owner-token' } })).json() as { code: string }
      const login = await fetch(`${url}/login?code=${code}`, { redirect: 'manual' })
      expect(login.status).toBe(303)
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string
      expect(login.headers.get('set-cookie')).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/)
      expect((await fetch(`${url}/login?code=${code}`, { redirect: 'manual' })).status).toBe(401)
      expect((await fetch(`${url}/api/policy`, { headers: { cookie } })).status).toBe(200)
      // a cookie alone changes nothing (a page elsewhere could send it), nor works under another host name
      expect((await fetch(`${url}/api/pause`, { method: 'POST', headers: { cookie } })).status).toBe(401)
      expect(await statusWithHost(`${url}/api/policy`, cookie, 'attacker.example:80')).toBe(401)
      expect(await statusWithHost(`${url}/api/policy`, cookie, new URL(url).host)).toBe(200)

      const feed = await readFeed(`${url}/api/feed`, { cookie })
      await tryOpen(gateway(), { host: 'fine.test.invalid', port: files.port, username: 'country-de' })
      const row = await feed.next(e => e.event === 'entry' && e.data.host === 'fine.test.invalid')
      expect(row.data).toMatchObject({ decision: 'refused', customer: net.gateways[0]!.libp2p.peerId.toString() })
      feed.close()

      // missed while away: two opens; back with the last id seen, they come first
      await tryOpen(gateway(), { host: 'missed-1.invalid', port: files.port, username: 'country-de' })
      await tryOpen(gateway(), { host: 'missed-2.invalid', port: files.port, username: 'country-de' })
      await waitForLog(germany.provider!, 0, 1, e => e.host === 'missed-2.invalid')
      const back = await readFeed(`${url}/api/feed`, { cookie, 'last-event-id': row.id! })
      const missed = await back.next(e => e.event === 'entry' && e.data.host === 'missed-2.invalid')
      expect(back.events.filter(e => e.event === 'entry').map(e => e.data.host)).toEqual(['missed-1.invalid', 'missed-2.invalid'])
      back.close()
      // an id from another run: the page is told to reload its history
      const stranger = await readFeed(`${url}/api/feed`, { cookie, 'last-event-id': 'feedbeef.12' })
      await stranger.next(e => e.event === 'reset')
      stranger.close()
      expect(missed.id).not.toBe(row.id)
      // the paused provider's controls reach the feed too
      const live = await readFeed(`${url}/api/feed`, { cookie })
      const paused = await fetch(`${url}/api/pause`, { method: 'POST', headers: { cookie, 'x-peergrid-request': '1' } })
      expect(paused.status).toBe(200)
      expect((await live.next(e => e.event === 'controls')).data.decision.serve).toBe(false)
      await fetch(`${url}/api/resume`, { method: 'POST', headers: { cookie, 'x-peergrid-request': '1' } })
      live.close()
    } finally {
      await listening.close()
    }
  })

  it('history queries: filters by destination, decision, kind and customer, pages with next, and an earnings series in buckets', async () => {
    // the feed test paused and resumed the provider: the gateway hears it serves again first
    await waitFor(() => germanRecord()?.serving?.serving === true, 'the gateway to hear the provider serves')
    const since = Date.now()
    for (const host of ['a.history.invalid', 'b.history.invalid', 'a.history.invalid']) await tryOpen(gateway(), { host, port: files.port, username: 'country-de' })
    await waitForLog(germany.provider!, since, 3, e => e.host.endsWith('.history.invalid'))
    const get = async (query: string) => (await owner('GET', `/api/transparency?since=${since}&${query}`)).body
    expect((await get('host=a.history.invalid')).entries.map((e: { host: string }) => e.host)).toEqual(['a.history.invalid', 'a.history.invalid'])
    // a domain takes its subdomains
    expect((await get('host=history.invalid')).entries).toHaveLength(3)
    const first = await get('host=history.invalid&limit=2')
    expect(first.entries).toHaveLength(2)
    expect((await owner('GET', `/api/transparency?since=${first.next as string}&host=history.invalid`)).body.entries.map((e: { host: string }) => e.host)).toEqual(['a.history.invalid'])
    expect((await get('host=history.invalid&decision=allowed')).entries).toEqual([])
    expect((await get('kind=job')).entries).toEqual([])
    const account = net.gateways[0]!.credentials!.current()!.account
    expect((await get(`customer=${account}&host=history.invalid`)).entries).toHaveLength(3)
    expect((await get('customer=somebody-else')).entries).toEqual([])
    expect((await owner('GET', '/api/transparency?decision=maybe')).status).toBe(400)

    const series = (await owner('GET', `/api/earnings/series?since=${since - 60_000}&bucketMinutes=1`)).body
    expect(series.bucketMs).toBe(60_000)
    expect(series.buckets.length).toBeGreaterThanOrEqual(2)
    const log = await germany.provider!.transparency.list(since - 60_000, 10_000)
    const sum = (field: 'bytes' | 'connections') => series.buckets.reduce((n: number, b: Record<string, number>) => n + (b[field] as number), 0)
    expect(sum('bytes')).toBe(log.reduce((n, e) => n + e.bytesSent + e.bytesReceived, 0))
    expect(sum('connections')).toBe(log.filter(e => e.decision === 'allowed' && e.job == null).length)
    expect((await owner('GET', '/api/earnings/series?since=0&bucketMinutes=1')).status).toBe(400)
  })
})
