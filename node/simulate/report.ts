import { roundTo } from './model/histogram.js'
import * as assumptions from './model/assumptions.js'
import type { ModelResult } from './model/result.js'
import type { RealExtras } from './real/run.js'
import type { Scenario } from './scenario.js'

/** Format version of report.json. */
export const REPORT_VERSION = 1

/** One plot's data: named series of [x, y] points. */
export interface PlotData {
  title: string
  x: string
  y: string
  kind: 'line' | 'cdf' | 'bar'
  series: Array<{ name: string, points: Array<[number, number]> }>
}

/** What `peergrid simulate` writes to report.json: the same scenario and seed give the same bytes. */
export interface Report {
  report: typeof REPORT_VERSION
  scenario: string
  seed: number
  /** 'model': the discrete-event model; 'real': real nodes on simulated links, in real time */
  tier: 'model' | 'real'
  /** what this tier leaves out, in words */
  notes: string[]
  simulatedHours: number
  nodes: { providers: number, gateways: number, rendezvous: number }
  churn: ModelResult['churn'] & { meanOnlineProviders: number }
  discovery: { dhtLookupMs: Record<string, number>, discoverableSeconds: Record<string, number> }
  gossip: { published: number, delivered: number, duplicates: number, rejected: number, ignored: number, propagationMs: Record<string, number> }
  revocation: { propagationMs: Record<string, number> }
  proxy: {
    sessions: number
    opened: number
    failed: number
    successRate: number
    failures: Record<string, number>
    ttfbMs: Record<string, number>
    /** providers asked, by attempt: how many opens reached a first, second, third provider */
    attempts: Record<string, number>
    paths: ModelResult['paths']
    relayShare: number
  }
  jobs: ModelResult['jobs']
  money: {
    customerSpend: number
    providerEarnings: number
    operatorRevenue: number
    /** the ledger's postings add up to this: 0 when the books balance */
    ledgerSum: number
    transactions: number
    perProvider: Record<string, number>
    /** 0: every provider earned the same; 1: one earned everything */
    gini: number
    byCountry: Record<string, { providers: number, earned: number }>
  }
  /** the model's constants where the scenario says nothing (node/simulate/model/assumptions.ts) */
  assumptions: Record<string, number>
  /** the real tier's own figures: start-up, retries, connections */
  real?: RealExtras
  plots: PlotData[]
}

/** What each tier leaves out. */
const TIER_NOTES: Record<Report['tier'], string[]> = {
  model: [
    'The network is the link model and the constants under "assumptions"; choice, admission, pricing and the ledger are the product\'s own functions.'
  ],
  real: [
    'Real peergrid nodes in one process on simulated links (latency by country, each provider\'s uplink), run in real time: timings vary from run to run.',
    'No NATs: every path is direct. Jobs are not run. DHT lookups and revocations are probes at fixed intervals, not the scenario\'s load.'
  ]
}

/** The report of a run of either tier: figures rounded to 4 significant digits, keys in a fixed order. */
export function modelReport (scenario: Scenario, result: ModelResult & { real?: RealExtras }, tier: Report['tier'] = 'model'): Report {
  const sessions = result.windows.reduce((n, w) => n + w.sessions, 0)
  const opened = result.windows.reduce((n, w) => n + w.opened, 0)
  const failed = result.windows.reduce((n, w) => n + w.failed, 0)
  const earnings = [...result.money.providers].sort((a, b) => a - b)
  const providerEarnings = earnings.reduce((n, e) => n + e, 0)
  const byCountry: Record<string, { providers: number, earned: number }> = {}
  for (const p of result.providers) {
    const sums = byCountry[p.country] ?? { providers: 0, earned: 0 }
    sums.providers++
    sums.earned += p.earned
    byCountry[p.country] = sums
  }
  const windows = result.windows
  return {
    report: REPORT_VERSION,
    scenario: scenario.name,
    seed: scenario.seed,
    tier,
    notes: TIER_NOTES[tier],
    simulatedHours: scenario.durationHours,
    nodes: { providers: scenario.nodes.providers.count, gateways: scenario.nodes.gateways.count, rendezvous: scenario.nodes.rendezvous },
    churn: { ...result.churn, meanOnlineProviders: roundTo(windows.reduce((n, w) => n + w.onlineProviders, 0) / Math.max(1, windows.length)) },
    discovery: { dhtLookupMs: result.dhtLookup.summary(), discoverableSeconds: result.discoverable.summary() },
    gossip: { published: result.gossip.published, delivered: result.gossip.delivered, duplicates: result.gossip.duplicates, rejected: result.gossip.rejected, ignored: result.gossip.ignored, propagationMs: result.gossip.propagation.summary() },
    revocation: { propagationMs: result.revocation.summary() },
    proxy: {
      sessions,
      opened,
      failed,
      successRate: roundTo(opened / Math.max(1, sessions)),
      failures: sortedKeys(result.failures),
      ttfbMs: result.ttfb.summary(),
      attempts: sortedKeys(result.attempts),
      paths: result.paths,
      relayShare: roundTo(result.paths.relayed / Math.max(1, opened))
    },
    jobs: result.jobs,
    money: {
      customerSpend: result.money.customers,
      providerEarnings,
      operatorRevenue: result.money.operator,
      ledgerSum: result.money.ledgerSum,
      transactions: result.money.transactions,
      perProvider: quantiles(earnings),
      gini: roundTo(gini(earnings)),
      byCountry: sortedKeys(byCountry)
    },
    ...(result.real != null ? { real: result.real } : {}),
    assumptions: sortedKeys(Object.fromEntries(Object.entries(assumptions).filter(([, v]) => typeof v === 'number')) as Record<string, number>),
    plots: [
      { title: 'DHT lookup latency', x: 'ms', y: 'share of lookups', kind: 'cdf', series: [{ name: 'lookups', points: result.dhtLookup.cdf() }] },
      { title: 'Time for a provider to become discoverable', x: 's', y: 'share of joins', kind: 'cdf', series: [{ name: 'joins', points: result.discoverable.cdf() }] },
      { title: 'Gossip and revocation propagation', x: 'ms', y: 'share of deliveries', kind: 'cdf', series: [{ name: 'capability records (to the network)', points: result.gossip.propagation.cdf() }, { name: 'revocation lists (to a node)', points: result.revocation.cdf() }] },
      { title: 'Proxy open success over time', x: 'hours', y: 'share of sessions opened', kind: 'line', series: [{ name: 'success', points: windows.map(w => [roundTo(w.hours), roundTo(w.opened / Math.max(1, w.sessions))]) }] },
      { title: 'Time to first byte over time', x: 'hours', y: 'ms', kind: 'line', series: [{ name: 'p50', points: windows.filter(w => w.ttfb.count > 0).map(w => [roundTo(w.hours), roundTo(w.ttfb.quantile(0.5))]) }, { name: 'p99', points: windows.filter(w => w.ttfb.count > 0).map(w => [roundTo(w.hours), roundTo(w.ttfb.quantile(0.99))]) }] },
      { title: 'Relayed share of opens over time', x: 'hours', y: 'share', kind: 'line', series: [{ name: 'relayed', points: windows.map(w => [roundTo(w.hours), roundTo(w.relayed / Math.max(1, w.opened))]) }] },
      { title: 'Providers online over time', x: 'hours', y: 'providers', kind: 'line', series: [{ name: 'online', points: windows.map(w => [roundTo(w.hours), w.onlineProviders]) }] },
      { title: 'Earnings per provider (sorted)', x: 'provider rank', y: 'micro-units', kind: 'line', series: [{ name: 'earned', points: thin(earnings.map((e, i) => [i + 1, e] as [number, number]), 300) }] },
      { title: 'Money by party', x: 'party', y: 'micro-units', kind: 'bar', series: [{ name: 'customers paid', points: [[0, result.money.customers]] }, { name: 'providers earned', points: [[1, providerEarnings]] }, { name: 'operator fees', points: [[2, result.money.operator]] }, { name: 'ledger sum', points: [[3, result.money.ledgerSum]] }] }
    ]
  }
}

/** The report as written: two-space JSON ending in a newline. */
export function reportJson (report: Report): string {
  return JSON.stringify(report, null, 2) + '\n'
}

function quantiles (sorted: number[]): Record<string, number> {
  const at = (q: number): number => sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number
  return { min: sorted[0] ?? 0, p10: at(0.1), p50: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1] ?? 0 }
}

/** The Gini coefficient of sorted non-negative values. */
function gini (sorted: number[]): number {
  const n = sorted.length
  const total = sorted.reduce((s, v) => s + v, 0)
  if (n === 0 || total === 0) return 0
  let weighted = 0
  for (let i = 0; i < n; i++) weighted += (i + 1) * (sorted[i] as number)
  return (2 * weighted) / (n * total) - (n + 1) / n
}

function sortedKeys<V> (record: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}

function thin (points: Array<[number, number]>, max: number): Array<[number, number]> {
  if (points.length <= max) return points
  const step = points.length / max
  return Array.from({ length: max }, (_, i) => points[Math.min(points.length - 1, Math.floor(i * step))] as [number, number])
}
