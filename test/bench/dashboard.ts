import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CHROMIUM, launchChromium } from '../browser.js'
import { peergrid, stop, whenOutput } from './processes.js'
import { ms, percentile } from './stats.js'
import type { Figure } from './stats.js'
import type { Browser } from 'playwright-core'
import type { Server, ServerResponse } from 'node:http'

const run = promisify(execFile)

/** What one cold page load cost: bytes over the wire, and time until the view works. */
interface PageLoad {
  bytes: number
  interactiveMs: number
}

/**
 * A plain page from a plain Node server, loaded the same way: the baseline
 * of the page load, and an EventSource of that server the baseline of the
 * feed (its messages stamped when written, read in the page).
 */
async function startBaseline (): Promise<{ server: Server, url: string, send(): void }> {
  const clients = new Set<ServerResponse>()
  const server = createServer((request, response) => {
    if (request.url === '/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
      response.socket?.setNoDelay(true)
      response.write(': open\n\n')
      clients.add(response)
      request.on('close', () => { clients.delete(response) })
      return
    }
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>baseline</title><p id="ready">ready</p>')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    send: () => { for (const client of clients) client.write(`data: ${Date.now()}\n\n`) }
  }
}

/** Loads `url` in a fresh context (no cache) and waits for `ready`; the bytes are the transfer sizes the page saw. */
async function coldLoad (browser: Browser, url: () => Promise<string>, ready: string): Promise<PageLoad> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const target = await url()
    const t0 = performance.now()
    await page.goto(target)
    await page.locator(ready).first().waitFor()
    const interactiveMs = performance.now() - t0
    const bytes = await page.evaluate(() => {
      const performance = (globalThis as any).performance
      return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .reduce((n: number, entry: { transferSize: number }) => n + entry.transferSize, 0) as number
    })
    return { bytes, interactiveMs }
  } finally {
    await context.close()
  }
}

/**
 * The dashboard in Debian's Chromium against a devnet of one provider
 * (each node its own process): the first load of the built app, cold
 * (bytes over the wire, time until the live feed is connected), and the feed's
 * latency from a connection's arrival at the exit (its decision comes right
 * after) to its row on the page. Baselines in the same run: a plain page
 * from a plain Node server, and a plain Server-Sent Event to a page.
 */
export async function dashboardBench (loads: number, connections: number): Promise<Figure[]> {
  if (!existsSync(CHROMIUM)) return [{ what: 'dashboard figures', value: `skipped: ${CHROMIUM} is missing (apt-get install chromium)` }]
  if (!existsSync(new URL('../../dist/web/index.html', import.meta.url))) throw new Error('dist/web is missing: run `npm run build`')
  const home = await mkdtemp(join(tmpdir(), 'peergrid-bench-dashboard-'))
  const env = { PEERGRID_HOME: home }
  const devnet = peergrid(['devnet', '--json', '--providers', '1', '--exit-allow', '127.0.0.0/8'], env)
  let line = ''
  devnet.stdout?.on('data', (d: Buffer) => { line += d.toString() })
  const baseline = await startBaseline()
  let browser: Browser | undefined
  try {
    await whenOutput(devnet, 'stdout', /\n/, 60_000)
    const ready = JSON.parse(line) as { socks: string, dataDir: string }
    const link = async (): Promise<string> => {
      const { stdout } = await run(process.execPath, [new URL('../../bin/peergrid.js', import.meta.url).pathname, 'dashboard', '--json', '--node', 'provider'], { env: { ...process.env, ...env } })
      return (JSON.parse(stdout.trim().split('\n')[0] as string) as { url: string }).url
    }
    browser = await launchChromium()
    const app: PageLoad[] = []
    const plain: PageLoad[] = []
    for (let i = 0; i < loads; i++) {
      app.push(await coldLoad(browser, link, 'text=live'))
      plain.push(await coldLoad(browser, async () => baseline.url, '#ready'))
    }

    // the feed: a page on the provider's live feed, a row per refused open (a denied destination: no dial)
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(await link())
    await page.locator('text=live').first().waitFor()
    await page.evaluate(() => {
      const seen: Record<string, number> = {}
      ;(globalThis as any).rowsSeen = seen
      const document = (globalThis as any).document
      new (globalThis as any).MutationObserver(() => {
        for (const row of document.querySelectorAll('tr[data-id]')) seen[row.dataset.id] ??= Date.now()
      }).observe(document.body, { childList: true, subtree: true })
      // when each entry's event reached the page, apart from when its row showed
      const arrived: Record<string, number> = {}
      ;(globalThis as any).eventsSeen = arrived
      const source = new (globalThis as any).EventSource('/api/feed')
      source.addEventListener('entry', (event: { data: string }) => { arrived[JSON.parse(event.data).id] ??= Date.now() })
    })
    const token = (await readFile(join(ready.dataDir, 'provider-1', 'api-token'), 'utf8')).trim()
    const providerApi = JSON.parse(await readFile(join(ready.dataDir, 'provider-1', 'api.json'), 'utf8')).url as string
    const authorization = { authorization: `Bearer ${token}` }
    await fetch(`${providerApi}/api/block`, { method: 'POST', headers: { ...authorization, 'content-type': 'application/json' }, body: JSON.stringify({ destination: '127.0.0.2/32' }) })
    const since = Date.now()
    for (let i = 0; i < connections; i++) {
      await run('curl', ['-s', '-o', '/dev/null', '--max-time', '5', '--socks5-hostname', ready.socks, `http://127.0.0.2:9/${i}`]).catch(() => {})
    }
    await new Promise(resolve => setTimeout(resolve, 1_000))
    const seen = await page.evaluate(() => (globalThis as any).rowsSeen) as Record<string, number>
    const log = await (await fetch(`${providerApi}/api/transparency?since=${since}&host=127.0.0.2`, { headers: authorization })).json() as { entries: Array<{ id: string, timeMs: number }> }
    const latencies = log.entries.filter(e => seen[e.id] != null).map(e => (seen[e.id] as number) - e.timeMs)
    const arrived = await page.evaluate(() => (globalThis as any).eventsSeen) as Record<string, number>
    const eventLatencies = log.entries.filter(e => arrived[e.id] != null).map(e => (arrived[e.id] as number) - e.timeMs)
    if (process.env.BENCH_DEBUG === '1') process.stderr.write(JSON.stringify({ latencies, eventLatencies }) + '\n')
    await context.close()

    // the baseline feed: a plain Server-Sent Event, stamped as written, read in a page
    const basePage = await (await browser.newContext()).newPage()
    await basePage.goto(baseline.url)
    await basePage.evaluate(async (url) => {
      const got: number[] = []
      ;(globalThis as any).plainLatencies = got
      const source = new (globalThis as any).EventSource(url)
      source.onmessage = (event: { data: string }) => { got.push(Date.now() - Number(event.data)) }
      await new Promise(resolve => { source.onopen = resolve })
    }, `${baseline.url}/events`)
    for (let i = 0; i < connections; i++) {
      baseline.send()
      await new Promise(resolve => setTimeout(resolve, 10))
    }
    await new Promise(resolve => setTimeout(resolve, 500))
    const plainLatencies = await basePage.evaluate(() => (globalThis as any).plainLatencies) as number[]

    const p50 = (values: number[]): number => percentile(values, 50)
    const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`
    return [
      { what: `first load of the provider view, cold: bytes over the wire (${loads} loads)`, value: kib(p50(app.map(l => l.bytes))), baseline: `plain page ${kib(p50(plain.map(l => l.bytes)))}` },
      { what: 'first load, cold: login link to the live feed connected, p50 / p99', value: `${ms(p50(app.map(l => l.interactiveMs)))} / ${ms(percentile(app.map(l => l.interactiveMs), 99))}`, baseline: `plain page ${ms(p50(plain.map(l => l.interactiveMs)))}`, ratio: `${(p50(app.map(l => l.interactiveMs)) / p50(plain.map(l => l.interactiveMs))).toFixed(1)}x` },
      { what: `feed latency: a connection's arrival at the exit to its row on the page, p50 / p99 (${latencies.length} of ${connections} rows)`, value: `${ms(p50(latencies))} / ${ms(percentile(latencies, 99))}`, baseline: `plain SSE ${ms(p50(plainLatencies))} / ${ms(percentile(plainLatencies, 99))}`, goal: 'p99 ≤ 250 ms (iogrid: < 1 s)' },
      { what: '  of which: arrival at the exit to its event in the page, p50 / p99', value: `${ms(p50(eventLatencies))} / ${ms(percentile(eventLatencies, 99))}` }
    ]
  } finally {
    await browser?.close()
    baseline.server.close()
    await stop(devnet)
    await rm(home, { recursive: true, force: true })
  }
}
