import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../browser.js'
import { firstLine, requireBuild, runCli, startCli } from '../cli.js'
import { curl } from '../curl.js'
import { startFileServer } from '../file-server.js'
import { waitFor } from '../helpers.js'
import type { FileServer } from '../file-server.js'
import type { ChildProcess } from 'node:child_process'
import type { Browser, Page } from 'playwright-core'

/** Where the screenshots go: kept as the run's artefacts. */
const SHOTS = new URL('../../test-results/dashboard/', import.meta.url).pathname

interface Ready {
  socks: string
  dataDir: string
  gatewayApi: string
  gatewayApiToken: string
  providers: Array<{ name: string, peerId: string, country: string, api: string }>
}

// The dashboard as its users try it: a devnet (peergrid devnet, its own processes), `peergrid
// dashboard` for the login links, Debian's Chromium through playwright-core, curl as the customer.
describe('the dashboard in Chromium against a devnet (about 40 s)', () => {
  let home: string
  let devnet: ChildProcess
  let ready: Ready
  let files: FileServer
  let browser: Browser
  let links: Record<string, string>
  beforeAll(async () => {
    requireBuild()
    if (!existsSync(new URL('../../dist/web/index.html', import.meta.url))) throw new Error('dist/web is missing: run `npm run build`')
    await mkdir(SHOTS, { recursive: true })
    home = await mkdtemp(join(tmpdir(), 'peergrid-dashboard-test-'))
    files = await startFileServer()
    devnet = startCli(['devnet', '--json', '--exit-allow', '127.0.0.0/8'], { PEERGRID_HOME: home })
    ready = JSON.parse(await firstLine(devnet))
    const dashboard = await runCli(['dashboard', '--json'], { PEERGRID_HOME: home })
    expect(dashboard.code, dashboard.stderr).toBe(0)
    links = Object.fromEntries(dashboard.stdout.trim().split('\n').map(line => JSON.parse(line)).map((link: { node: string, url: string }) => [link.node, link.url]))
    browser = await launchChromium()
  }, 90_000)
  afterAll(async () => {
    await browser?.close()
    devnet?.kill('SIGTERM')
    if (devnet != null && devnet.exitCode == null) await new Promise(resolve => devnet.once('exit', resolve))
    await files?.close()
    await rm(home, { recursive: true, force: true })
  })

  /** A fresh browser context (its own cookies) logged in with a one-time link. */
  const login = async (node: string, width = 1200): Promise<Page> => {
    const fresh = JSON.parse((await runCli(['dashboard', '--json', '--node', node.startsWith('provider') ? 'provider' : node], { PEERGRID_HOME: home })).stdout.trim().split('\n').find(line => line.includes(`"node":"${node}"`)) as string)
    const context = await browser.newContext({ viewport: { width, height: 900 } })
    const page = await context.newPage()
    await page.goto(fresh.url)
    return page
  }
  const viaGermany = (): string => `socks5h://country-de:x@${ready.socks}`

  /** The visible controls of the page that have no accessible name (a label, aria-label, or text). */
  const unnamedControls = async (page: Page): Promise<string[]> => page.evaluate(() => {
    const unnamed: string[] = []
    // the test's types have no DOM: the page's objects are untyped here
    const document = (globalThis as any).document
    for (const element of document.querySelectorAll('button, input, textarea, select, a[href], [role="region"]') as any[]) {
      if (element.offsetParent == null && element.getClientRects().length === 0) continue
      const labels = element.labels
      const name = element.getAttribute('aria-label') ?? element.getAttribute('title') ??
        (labels != null && labels.length > 0 ? labels[0]!.textContent : null) ?? element.textContent
      if (name == null || name.trim() === '') unnamed.push(element.outerHTML.slice(0, 120))
    }
    return unnamed
  })

  it('every control of every view has an accessible name, and pausing works from the keyboard alone', async () => {
    const views: Array<[string, string[]]> = [
      ['provider-2', ['feed', 'controls', 'status', 'earnings', 'jobs']],
      ['gateway', ['usage', 'jobs', 'workflows']],
      ['rendezvous', ['providers', 'rules', 'accounts', 'books']]
    ]
    for (const [node, tabs] of views) {
      const page = await login(node)
      for (const tab of tabs) {
        await page.goto(new URL(`/#/${tab}`, page.url()).toString())
        await page.locator('section h2').first().waitFor()
        expect(await unnamedControls(page), `${node} #/${tab}`).toEqual([])
      }
      if (node === 'rendezvous') {
        await page.goto(new URL('/#/providers', page.url()).toString())
        for (const country of ['DE Germany', 'US United States', 'JP Japan']) await page.getByRole('cell', { name: country }).waitFor()
        await page.screenshot({ path: join(SHOTS, 'operator-providers.png'), fullPage: true })
      }
      if (node === 'provider-2') {
        await page.goto(new URL('/#/controls', page.url()).toString())
        const pause = page.getByRole('button', { name: 'Pause now' })
        await pause.waitFor()
        // from the top of the page, Tab reaches the button; Enter presses it
        await page.locator('body').click({ position: { x: 1, y: 1 } })
        for (let i = 0; i < 30 && !await pause.evaluate(element => element === (globalThis as any).document.activeElement); i++) await page.keyboard.press('Tab')
        await page.keyboard.press('Enter')
        await page.getByRole('button', { name: 'Resume serving' }).waitFor()
        expect(await page.getByRole('status').filter({ hasText: 'Not serving' }).textContent()).toMatch(/the owner paused the provider/)
        await page.keyboard.press('Enter')
        await page.getByRole('button', { name: 'Pause now' }).waitFor()
      }
      await page.context().close()
    }
  })

  it('peergrid dashboard prints one link per node; a link logs in once and leaves no token in the page', async () => {
    expect(Object.keys(links).sort()).toEqual(['gateway', 'provider-1', 'provider-2', 'provider-3', 'rendezvous'])
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(links['provider-1'] as string)
    expect(new URL(page.url()).pathname).toBe('/')
    await expect(page.getByRole('heading', { name: /peergrid provider/ }).waitFor()).resolves.toBeUndefined()
    const token = JSON.parse((await runCli(['status', '--json', '--data-dir', join(ready.dataDir, 'provider-1')], { PEERGRID_HOME: home })).stdout).record.peerId as string
    expect(token).toBe(ready.providers[0]!.peerId)
    expect(await page.content()).not.toMatch(/[0-9a-f]{64}/)
    // the link is spent: another browser cannot use it
    const other = await (await browser.newContext()).newPage()
    const second = await other.goto(links['provider-1'] as string)
    expect(second?.status()).toBe(401)
    await context.close()
  })

  it('provider: a row appears live while curl proxies through the devnet; blocking its destination from the row refuses the next request', async () => {
    const page = await login('provider-1')
    await page.getByText('live', { exact: true }).waitFor()
    const fetched = await curl(['-x', viaGermany(), files.url(4096)])
    expect(fetched.sha256).toBe(files.sha256(4096))
    const row = page.locator('tr[data-host="127.0.0.1"]').first()
    await row.waitFor()
    expect(await row.textContent()).toMatch(/allowed/)
    await page.screenshot({ path: join(SHOTS, 'provider-feed.png'), fullPage: true })

    await row.getByRole('button', { name: 'Block destination 127.0.0.1' }).click()
    await page.getByText('Blocked 127.0.0.1/32').waitFor()
    const refused = await curl(['-x', viaGermany(), files.url(4096)])
    expect(refused.code).not.toBe(0)
    await page.locator('tr.refused[data-host="127.0.0.1"]').first().waitFor()
    expect(await page.locator('tr.refused[data-host="127.0.0.1"]').first().textContent()).toMatch(/refused: policy \(deny 127\.0\.0\.1\/32\)/)
    await page.screenshot({ path: join(SHOTS, 'provider-blocked.png'), fullPage: true })

    // the controls tab shows the block; removing it there serves again
    await page.getByRole('link', { name: 'Controls' }).click()
    const deny = page.getByLabel('Refused destinations (domain or CIDR)')
    await expect(deny.inputValue()).resolves.toBe('127.0.0.1/32')
    await deny.fill('')
    await page.getByRole('button', { name: 'Save controls' }).click()
    await page.getByText('Saved: in force now.').waitFor()
    await waitFor(async () => (await curl(['-x', viaGermany(), files.url(4096)])).sha256 === files.sha256(4096), 'the exit to serve 127.0.0.1 again', 10_000)
    await page.context().close()
  })

  it('provider: a schedule set in the page takes the provider out of the gateway\'s list; removing it brings it back', async () => {
    const page = await login('provider-1')
    await page.goto(new URL('/#/controls', page.url()).toString())
    await page.getByLabel('Serve only at set times').check()
    await page.getByLabel('Time zone (IANA name)').fill('UTC')
    // one minute, twelve hours from now: never now
    const hour = String((new Date().getUTCHours() + 12) % 24).padStart(2, '0')
    await page.getByLabel('Window 1 from').fill(`${hour}:00`)
    await page.getByLabel('Window 1 to').fill(`${hour}:01`)
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) await page.getByLabel(`Window 1 ${day}`).check()
    await page.getByRole('button', { name: 'Save controls' }).click()
    await page.getByText(/Not serving/).waitFor()
    expect(await page.getByRole('status').filter({ hasText: 'Not serving' }).textContent()).toMatch(/outside the serving windows \(UTC\)/)
    await page.screenshot({ path: join(SHOTS, 'provider-schedule.png'), fullPage: true })

    const german = ready.providers[0]!.peerId
    const gateway = await login('gateway')
    await gateway.getByRole('link', { name: 'Usage' }).click()
    const germanRow = gateway.locator(`tr[data-peer="${german}"]`)
    await germanRow.getByText('not serving: outside-schedule').waitFor({ timeout: 15_000 })
    await gateway.screenshot({ path: join(SHOTS, 'customer-usage.png'), fullPage: true })
    expect((await curl(['-x', viaGermany(), files.url(1000)])).code).toBe(97)

    await page.getByLabel('Serve only at set times').uncheck()
    await page.getByRole('button', { name: 'Save controls' }).click()
    await page.getByText(/^Serving/).waitFor()
    await germanRow.locator('td', { hasText: /^yes$/ }).waitFor({ timeout: 15_000 })
    await page.context().close()
    await gateway.context().close()
  })

  it('provider: saving the controls form changes only what the owner changed there: a block made meanwhile with the CLI stays', async () => {
    const page = await login('provider-3')
    await page.goto(new URL('/#/controls', page.url()).toString())
    const bandwidth = page.getByLabel('Bandwidth limit (MiB/s, 0 = none)')
    await bandwidth.waitFor()
    const flags = ['--data-dir', join(ready.dataDir, 'provider-3')]
    const blocked = await runCli(['block', '--destination', 'meanwhile.example', ...flags], { PEERGRID_HOME: home })
    expect(blocked.code, blocked.stderr).toBe(0)
    await bandwidth.fill('2')
    await page.getByRole('button', { name: 'Save controls' }).click()
    await page.getByText('Saved: in force now.').waitFor()
    const policy = JSON.parse((await runCli(['policy', '--json', ...flags], { PEERGRID_HOME: home })).stdout)
    expect(policy.settings).toMatchObject({ bandwidthBytesPerSecond: 2 * 1024 * 1024, denyDestinations: ['meanwhile.example'] })
    await expect(page.getByLabel('Refused destinations (domain or CIDR)').inputValue()).resolves.toBe('meanwhile.example')
    await runCli(['policy', 'set', '--bandwidth', '0', '--json-patch', '{"denyDestinations":[]}', ...flags], { PEERGRID_HOME: home })
    await page.context().close()
  })

  it('operator: publishes a rule set from the page after reading its diff; every exit enforces it', async () => {
    const page = await login('rendezvous')
    await page.getByRole('link', { name: 'Accounts' }).click()
    // the devnet's rendezvous keeps its books in its own LevelDB, and says so
    await page.getByText(/^Books in this rendezvous's LevelDB; credential signing key/).waitFor()
    await page.getByRole('link', { name: 'Rule sets' }).click()
    const editor = page.getByLabel('Rule set JSON')
    await editor.waitFor()
    await editor.fill(JSON.stringify({ categories: { 'test-block': { domains: ['blocked-by-operator.test'], optIn: false } } }, null, 2))
    await page.getByRole('button', { name: 'Review changes' }).click()
    expect(await page.getByLabel('Rule set diff').textContent()).toMatch(/\+ .*blocked-by-operator\.test/)
    await page.screenshot({ path: join(SHOTS, 'operator-rules-diff.png'), fullPage: true })
    await page.getByRole('button', { name: /^Publish version \d+$/ }).click()
    const published = await page.getByText(/^Published version \d+/).textContent()
    const version = Number(/version (\d+)/.exec(published ?? '')?.[1])
    await waitFor(async () => {
      const shown = JSON.parse((await runCli(['rules', 'show', '--provider', '--json'], { PEERGRID_HOME: home })).stdout) as Array<{ version: number }>
      return shown.length === 3 && shown.every(s => s.version === version)
    }, 'every provider to hold the published rule set', 15_000)
    const refused = await curl(['--socks5-hostname', ready.socks, 'http://blocked-by-operator.test/'])
    expect(refused.code).toBe(97)
    await page.context().close()
  })

  it('customer: builds a three-node workflow in the editor, at phone width, and the preview follows every keystroke', async () => {
    const page = await login('gateway', 390)
    await page.goto(new URL('/#/workflows', page.url()).toString())
    await page.getByLabel('Workflow input').fill('{"items": [3, 1, 2]}')
    await page.getByLabel('Output of items').getByText('3').first().waitFor()
    await page.getByRole('button', { name: 'Add transform' }).click()
    await page.getByLabel('Expression of n2').fill('items.map(x, x * 10)')
    await page.getByRole('button', { name: 'Add transform' }).click()
    await page.getByLabel('Expression of n3').fill('n2.filter(x, x > 15)')
    await waitFor(async () => (await page.getByLabel('Workflow output').textContent()) === '[30,20]', 'the preview to show the output', 10_000)
    expect(await page.locator('.react-flow__edge').count()).toBe(2)
    // change the first node: every node after it follows
    await page.getByLabel('Expression of items').fill('input.items + [9]')
    await waitFor(async () => (await page.getByLabel('Workflow output').textContent()) === '[30,20,90]', 'the preview to follow the change', 10_000)
    expect(await page.getByLabel('Output of n2').textContent()).toMatch(/30,\s*10,\s*20,\s*90/)
    // a mistake shows where it is, and the page stays usable
    await page.getByLabel('Expression of n3').fill('n2.filter(x, x >')
    await page.getByRole('alert').waitFor()
    await page.screenshot({ path: join(SHOTS, 'customer-workflow-editor.png'), fullPage: true })
    await page.getByLabel('Expression of n3').fill('n2.filter(x, x > 25)')
    await waitFor(async () => (await page.getByLabel('Workflow output').textContent()) === '[30,90]', 'the preview to recover', 10_000)
    await page.context().close()
  })

  it('customer: drawing an edge on the canvas connects a node that still reads the input', async () => {
    const page = await login('gateway', 1200)
    await page.goto(new URL('/#/workflows', page.url()).toString())
    await page.getByRole('button', { name: 'Add transform' }).click()
    await page.getByLabel('Expression of n2').fill('input')
    await page.getByLabel('Output of n2').getByText('"items"').waitFor()
    expect(await page.locator('.react-flow__edge').count()).toBe(0)
    await page.getByLabel('Out of items').dragTo(page.getByLabel('Into n2'))
    await waitFor(async () => (await page.getByLabel('Expression of n2').inputValue()) === 'items', 'the edge to make n2 read items', 10_000)
    await waitFor(async () => (await page.getByLabel('Workflow output').textContent()) === '[3,1,2]', 'the preview to follow the edge', 10_000)
    expect(await page.locator('.react-flow__edge').count()).toBe(1)
    await page.context().close()
  })
})
