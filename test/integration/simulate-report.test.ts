import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../browser.js'
import { requireBuild, runCli } from '../cli.js'

const SMOKE = new URL('../../scenarios/smoke.json', import.meta.url).pathname
const SHOTS = new URL('../../test-results/simulate/', import.meta.url).pathname

// peergrid simulate as a researcher runs it: the built CLI, a scenario file, the report opened in Debian's Chromium.
describe('peergrid simulate (about 40 s)', () => {
  let dir: string
  beforeAll(async () => {
    requireBuild()
    dir = await mkdtemp(join(tmpdir(), 'peergrid-simulate-'))
    await mkdir(SHOTS, { recursive: true })
  })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('writes report.json and report.html; the same seed writes the same report.json byte for byte', async () => {
    const first = await runCli(['simulate', SMOKE, '--out', join(dir, 'a')], {}, 60_000)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^smoke: 60 providers, 4 gateways, 2 h simulated \(seed 1, model tier\)$/m)
    expect(first.stdout).toMatch(/the ledger sums to 0$/m)
    const second = await runCli(['simulate', SMOKE, '--out', join(dir, 'b')], {}, 60_000)
    expect(second.code, second.stderr).toBe(0)
    const a = await readFile(join(dir, 'a', 'report.json'))
    expect(a.equals(await readFile(join(dir, 'b', 'report.json')))).toBe(true)
    expect(JSON.parse(a.toString()).money.ledgerSum).toBe(0)
  })

  it('report.html draws every plot in Chromium, offline (its scripts are inline)', async () => {
    const report = JSON.parse(await readFile(join(dir, 'a', 'report.json'), 'utf8'))
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
      const errors: string[] = []
      page.on('pageerror', err => { errors.push(err.message) })
      // nothing but the file itself may load
      await page.route(/^https?:/, route => { errors.push(`fetched ${route.request().url()}`); void route.abort() })
      await page.goto(`file://${join(dir, 'a', 'report.html')}`)
      await page.evaluate(async () => { await (globalThis as any).plotsRendered })
      const plots = page.locator('figure.plot')
      expect(await plots.count()).toBe(report.plots.length)
      for (let i = 0; i < report.plots.length; i++) {
        // each plot's SVG has its title and at least one mark
        const svg = plots.nth(i).locator('svg')
        expect(await svg.count(), report.plots[i].title).toBe(1)
        expect(await svg.locator('text', { hasText: report.plots[i].title }).count(), report.plots[i].title).toBeGreaterThan(0)
        expect(await svg.locator('path, rect').count(), report.plots[i].title).toBeGreaterThan(2)
      }
      expect(errors).toEqual([])
      await page.screenshot({ path: join(SHOTS, 'smoke-report.png'), fullPage: true })
    } finally {
      await browser.close()
    }
  })

  it('a scenario with mistakes is refused with every problem and its path, and nothing is written', async () => {
    const bad = join(dir, 'bad.json')
    const text = (await readFile(SMOKE, 'utf8')).replace('"seed": 1', '"seed": "one"').replace('"durationHours": 2', '"durationHours": -2')
    await writeFile(bad, text)
    const run = await runCli(['simulate', bad, '--out', join(dir, 'bad-out')])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/The scenario is not valid:/)
    expect(run.stderr).toMatch(/\/seed: must be integer/)
    expect(run.stderr).toMatch(/\/durationHours: must be > 0/)
    expect(existsSync(join(dir, 'bad-out'))).toBe(false)
    expect((await runCli(['simulate', join(dir, 'missing.json')])).stderr).toMatch(/Cannot read the scenario .*missing\.json: ENOENT/)
  })

  it('--tier real runs the scenario on real nodes and reports it in the same shape; a tier that does not exist is refused', async () => {
    // a tiny network for 8 s: six providers, one gateway, sessions every half second
    const scenario = JSON.parse(await readFile(new URL('../../scenarios/calibration.json', import.meta.url), 'utf8'))
    scenario.name = 'tiny'
    scenario.durationHours = 8 / 3600
    scenario.nodes.providers.count = 6
    scenario.nodes.gateways.count = 1
    const file = join(dir, 'tiny.json')
    await writeFile(file, JSON.stringify(scenario))
    const run = await runCli(['simulate', file, '--tier', 'real', '--out', join(dir, 'real')], {}, 120_000)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/The real tier runs 8 real nodes for 8 s of wall-clock time/)
    expect(run.stdout).toMatch(/^tiny: 6 providers, 1 gateways, .* \(seed 7, real tier\)$/m)
    const report = JSON.parse(await readFile(join(dir, 'real', 'report.json'), 'utf8'))
    expect(report.tier).toBe('real')
    expect(report.real.warmedUp).toBe(true)
    expect(report.proxy.sessions).toBeGreaterThan(0)
    expect(report.proxy.opened).toBeGreaterThan(0)
    expect(report.money.ledgerSum).toBe(0)
    expect(report.notes.join(' ')).toMatch(/No NATs/)
    expect(await readFile(join(dir, 'real', 'report.html'), 'utf8')).toMatch(/real tier<\/th><td>nodes listening in/)

    // more nodes than one process can settle: refused before any starts
    const big = join(dir, 'big.json')
    await writeFile(big, JSON.stringify({ ...scenario, nodes: { ...scenario.nodes, providers: { ...scenario.nodes.providers, count: 400 } } }))
    const refused = await runCli(['simulate', big, '--tier', 'real', '--out', join(dir, 'big')])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/The real tier runs at most 300 nodes: .* This scenario has 402; run it on the model tier/)
    expect(existsSync(join(dir, 'big'))).toBe(false)

    const wrong = await runCli(['simulate', file, '--tier', 'fast', '--out', join(dir, 'wrong')])
    expect(wrong.code).not.toBe(0)
    expect(wrong.stderr).toMatch(/--tier.*fast.*model, real|Allowed choices are model, real/)
    expect(existsSync(join(dir, 'wrong'))).toBe(false)
  }, 120_000)
})
