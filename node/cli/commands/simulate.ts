import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import cliProgress from 'cli-progress'
import { InvalidScenarioError, MAX_SCENARIO_BYTES } from '../../simulate/scenario.js'
import { CommandError } from '../errors.js'
import type { Report } from '../../simulate/report.js'

/** Options of `peergrid simulate`. */
export interface SimulateOptions {
  out: string
  json?: boolean
  /** 'model' (default) or 'real' */
  tier?: string
}

/**
 * `peergrid simulate scenario.json --out report/`: checks the scenario, runs
 * it on the chosen tier with a progress bar (on a terminal), and writes
 * report.json (on the model tier the same seed gives the same bytes) and
 * report.html.
 */
export async function runSimulation (file: string, options: SimulateOptions): Promise<void> {
  const { parseScenario, reportJson, simulate } = await import('../../simulate/index.js')
  const { reportHtml } = await import('../../simulate/html.js')
  let text: string
  try {
    const bytes = await readFile(file)
    if (bytes.byteLength > MAX_SCENARIO_BYTES) throw new CommandError(`${file} is larger than ${MAX_SCENARIO_BYTES} bytes`)
    text = bytes.toString('utf8')
  } catch (err: any) {
    if (err instanceof CommandError) throw err
    throw new CommandError(`Cannot read the scenario ${file}: ${err.code ?? err.message}`)
  }
  const tier = options.tier ?? 'model'
  if (tier !== 'model' && tier !== 'real') throw new CommandError(`--tier is "model" or "real", not "${tier}"`)
  let scenario
  try {
    scenario = parseScenario(text)
  } catch (err) {
    if (err instanceof InvalidScenarioError) throw new CommandError(`${file}: ${err.message}`)
    throw err
  }
  if (tier === 'real') process.stderr.write(`The real tier runs ${scenario.nodes.providers.count + scenario.nodes.gateways.count + 1} real nodes for ${formatDuration(scenario.durationHours)} of wall-clock time, after they start.\n`)
  const bar = new cliProgress.SingleBar({ format: `simulating ${scenario.name} (${tier} tier) [{bar}] {percentage}% | {eta_formatted} left`, hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
  bar.start(100, 0)
  let report: Report
  try {
    report = await simulate(scenario, { tier, onProgress: done => { bar.update(Math.floor(done * 100)) } })
  } catch (err: any) {
    if (err?.name === 'RealTierLimitError') throw new CommandError(err.message)
    throw err
  } finally {
    bar.stop()
  }
  const out = resolve(options.out)
  await mkdir(out, { recursive: true })
  await writeFile(join(out, 'report.json'), reportJson(report))
  await writeFile(join(out, 'report.html'), await reportHtml(report))
  if (options.json === true) {
    process.stdout.write(reportJson(report))
    return
  }
  const { proxy, money, discovery } = report
  process.stdout.write([
    `${scenario.name}: ${report.nodes.providers} providers, ${report.nodes.gateways} gateways, ${report.simulatedHours} h simulated (seed ${report.seed}, ${report.tier} tier)`,
    `  proxy sessions ${proxy.sessions}: ${(proxy.successRate * 100).toFixed(2)} % opened; time to first byte p50 ${proxy.ttfbMs.p50} ms, p99 ${proxy.ttfbMs.p99} ms; ${(proxy.relayShare * 100).toFixed(2)} % relayed`,
    `  DHT lookups p50 ${discovery.dhtLookupMs.p50} ms, p99 ${discovery.dhtLookupMs.p99} ms; a provider discoverable in ${discovery.discoverableSeconds.p50} s (p50)`,
    `  money: providers earned ${money.providerEarnings}, the operator ${money.operatorRevenue} micro-units; the ledger sums to ${money.ledgerSum}`,
    `  wrote ${join(out, 'report.json')} and report.html`
  ].join('\n') + '\n')
}

function formatDuration (hours: number): string {
  const seconds = Math.round(hours * 3600)
  return seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`
}
