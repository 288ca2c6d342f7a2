import { readFile } from 'node:fs/promises'
import { parseScenario, simulate } from '../../node/simulate/index.js'
import type { Figure } from './stats.js'

/**
 * The model tier's speed: simulated node-hours per wall-clock second, for
 * the smoke scenario grown to 10,000 and 100,000 providers (gateways at 1 %,
 * 10 proxy sessions a second: the workload, not the node count, is most of
 * the events). Baseline in the same run: the smoke scenario as it is.
 */
export async function simulateBench (sizes: Array<{ providers: number, hours: number }>): Promise<Figure[]> {
  const smoke = parseScenario(await readFile(new URL('../../scenarios/smoke.json', import.meta.url), 'utf8'))
  const rate = async (scenario: typeof smoke): Promise<{ rate: number, seconds: number, events: number, rssMiB: number }> => {
    const started = performance.now()
    const report = await simulate(scenario)
    const seconds = (performance.now() - started) / 1000
    const nodes = report.nodes.providers + report.nodes.gateways + report.nodes.rendezvous
    return { rate: nodes * scenario.durationHours / seconds, seconds, events: report.proxy.sessions + report.churn.joins, rssMiB: process.memoryUsage().rss / 2 ** 20 }
  }
  const base = await rate(smoke)
  const figures: Figure[] = []
  for (const size of sizes) {
    const scenario = {
      ...smoke,
      durationHours: size.hours,
      windowMinutes: 60,
      nodes: { ...smoke.nodes, providers: { ...smoke.nodes.providers, count: size.providers }, gateways: { ...smoke.nodes.gateways, count: Math.max(1, size.providers / 100) } },
      workload: { ...smoke.workload, proxySessionsPerSecond: 10 }
    }
    const measured = await rate(scenario)
    figures.push({
      what: `model tier, ${size.providers.toLocaleString('en')} providers for ${size.hours} h: simulated node-hours per second (${measured.seconds.toFixed(1)} s, RSS ${Math.round(measured.rssMiB)} MiB)`,
      value: Math.round(measured.rate).toLocaleString('en'),
      baseline: `smoke (65 nodes, 2 h) ${Math.round(base.rate).toLocaleString('en')}`,
      ratio: `${(measured.rate / base.rate).toFixed(1)}x`
    })
  }
  return figures
}
