import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { parseScenario, simulate } from '../../node/simulate/index.js'
import type { Report } from '../../node/simulate/index.js'

/**
 * The model tier against the real tier on one small scenario
 * (scenarios/calibration.json: 33 real nodes for 90 s). The bounds are the
 * ones the README states; they are wide because the real tier's timings
 * carry this process's CPU (its event-loop delay is in the report) and one
 * 90-second run has few samples of the rarer events.
 */
describe('calibration: the model agrees with real nodes on one scenario (about 2 min)', () => {
  it('keeps every key figure within its stated bound', async () => {
    const scenario = parseScenario(await readFile(new URL('../../scenarios/calibration.json', import.meta.url), 'utf8'))
    const model = await simulate(scenario)
    const real = await simulate(scenario, { tier: 'real' })
    expect(real.tier).toBe('real')
    // print both, so a failure shows every figure, not only the first that strayed
    console.log(JSON.stringify({ model: figures(model), real: { ...figures(real), ...real.real } }, null, 2))

    // the real tier did its job: the network came up, churned, carried sessions and booked them
    expect(real.real?.warmedUp).toBe(true)
    expect(real.churn.joins).toBeGreaterThan(5)
    expect(real.churn.crashes).toBeGreaterThan(0)
    expect(real.proxy.sessions).toBeGreaterThan(50)
    expect(real.money.ledgerSum).toBe(0)
    expect(real.money.customerSpend).toBe(real.money.providerEarnings + real.money.operatorRevenue)

    // open success: within 5 points
    expect(Math.abs(model.proxy.successRate - real.proxy.successRate)).toBeLessThanOrEqual(0.05)
    // what customers paid: within 35 % (session sizes are random on both sides)
    expect(ratio(model.money.customerSpend, real.money.customerSpend)).toBeLessThanOrEqual(1.35)
    // time to first byte on a warm path (p25): within a factor of 2; the mean, which carries the opens
    // stalled on crashed providers, within 3. The median is printed, not checked: on the real tier it
    // moved between 88 and 286 ms over runs here, with how many opens met a crashed provider or a new connection
    expect(ratio(model.proxy.ttfbMs.p25, real.proxy.ttfbMs.p25)).toBeLessThanOrEqual(2)
    expect(ratio(model.proxy.ttfbMs.mean, real.proxy.ttfbMs.mean)).toBeLessThanOrEqual(3)
    // a joining provider discoverable, median: within a factor of 2
    expect(ratio(model.discovery.discoverableSeconds.p50, real.discovery.discoverableSeconds.p50)).toBeLessThanOrEqual(2)
    // a revocation list at a provider, median: within a factor of 2.5
    expect(ratio(model.revocation.propagationMs.p50, real.revocation.propagationMs.p50)).toBeLessThanOrEqual(2.5)
    // a DHT lookup, mean (the model's per-step time is bimodal by country, so its median jumps): within a factor of 4,
    // because here the real tier's lookups are mostly this process's CPU: with every link at 0 ms they still took ~130 ms
    expect(ratio(model.discovery.dhtLookupMs.mean, real.discovery.dhtLookupMs.mean)).toBeLessThanOrEqual(4)
    // gossip, in tracestat's terms: published, delivered and duplicates within a factor of 1.6
    expect(ratio(model.gossip.published, real.gossip.published)).toBeLessThanOrEqual(1.6)
    expect(ratio(model.gossip.delivered, real.gossip.delivered)).toBeLessThanOrEqual(1.6)
    expect(ratio(model.gossip.duplicates, real.gossip.duplicates)).toBeLessThanOrEqual(1.6)
  }, 300_000)
})

/** How far apart two positive figures are, as a factor ≥ 1 (Infinity when one is 0 and the other is not). */
function ratio (a: number | undefined, b: number | undefined): number {
  if (a == null || b == null) return Infinity
  if (a === b) return 1
  if (a <= 0 || b <= 0) return Infinity
  return Math.max(a / b, b / a)
}

function figures (report: Report): Record<string, unknown> {
  return {
    successRate: report.proxy.successRate,
    sessions: report.proxy.sessions,
    customerSpend: report.money.customerSpend,
    ttfbMs: report.proxy.ttfbMs,
    discoverableSeconds: report.discovery.discoverableSeconds,
    revocationMs: report.revocation.propagationMs,
    dhtLookupMs: report.discovery.dhtLookupMs,
    gossip: report.gossip,
    churn: report.churn
  }
}
