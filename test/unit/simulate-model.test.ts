import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { EventQueue } from '../../node/simulate/model/event-queue.js'
import { Histogram } from '../../node/simulate/model/histogram.js'
import { KnownSet } from '../../node/simulate/model/known-set.js'
import { InvalidScenarioError, parseScenario, reportJson, simulate } from '../../node/simulate/index.js'
import { Random, meanOf } from '../../node/simulate/random.js'
import type { Scenario } from '../../node/simulate/index.js'

const smoke = async (): Promise<Scenario> => parseScenario(await readFile(new URL('../../scenarios/smoke.json', import.meta.url), 'utf8'))

describe('simulator parts', () => {
  it('random streams: the same seed draws the same, split streams are independent, distributions have their means', () => {
    const a = new Random(7)
    const b = new Random(7)
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()))
    const parent = new Random(7)
    const first = parent.split()
    const second = parent.split()
    expect(first.next()).not.toBe(second.next())
    const draws = new Random(11)
    for (const d of [{ distribution: 'exponential', mean: 3 }, { distribution: 'weibull', shape: 0.6, scale: 1.5 }, { distribution: 'lognormal', median: 200, sigma: 0.5 }] as const) {
      let sum = 0
      for (let i = 0; i < 200_000; i++) sum += draws.draw(d)
      // 200,000 draws of a fixed seed: within 3 % of the mean (the same numbers every run)
      expect(Math.abs(sum / 200_000 / meanOf(d) - 1), d.distribution).toBeLessThan(0.03)
    }
    expect(new Random(3).pick({ b: 0, a: 1 })).toBe('a')
  })

  it('event queue: by time, then in the order scheduled', () => {
    const queue = new EventQueue<string>()
    queue.push(5, 'c')
    queue.push(1, 'a')
    queue.push(5, 'd')
    queue.push(3, 'b')
    queue.push(1, 'a2')
    expect(Array.from({ length: 5 }, () => queue.pop()!.event)).toEqual(['a', 'a2', 'b', 'c', 'd'])
    expect(queue.pop()).toBeUndefined()
  })

  it('histogram: quantiles within 1 %, the same in any order of values; a known set draws and removes in place', () => {
    const up = new Histogram()
    const down = new Histogram()
    for (let i = 1; i <= 1000; i++) up.add(i)
    for (let i = 1000; i >= 1; i--) down.add(i)
    expect(up.summary()).toEqual(down.summary())
    expect(Math.abs(up.quantile(0.5) / 500 - 1)).toBeLessThan(0.011)
    expect(Math.abs(up.quantile(0.99) / 990 - 1)).toBeLessThan(0.011)
    const set = new KnownSet<number>()
    for (const n of [1, 2, 3, 4]) set.add(n)
    set.delete(2)
    set.delete(9)
    expect(set.items.sort()).toEqual([1, 3, 4])
  })

  it('scenario files: every problem listed with its path, in words', async () => {
    const good = JSON.parse(await readFile(new URL('../../scenarios/smoke.json', import.meta.url), 'utf8'))
    const bad = { ...good, seed: -1, durationHours: 0, nodes: { ...good.nodes, providers: { count: 0, countries: { de: 1 } } }, churn: { ...good.churn, sessionHours: { distribution: 'pareto', alpha: 2 } }, workload: { ...good.workload, targeting: { FR: 1 } }, extra: true }
    let error: InvalidScenarioError | undefined
    try {
      parseScenario(JSON.stringify(bad))
    } catch (err: any) {
      error = err
    }
    expect(error).toBeInstanceOf(InvalidScenarioError)
    const text = error!.problems.join('\n')
    for (const expected of ['/seed: must be >= 0', '/durationHours: must be > 0', '/nodes/providers/count: must be >= 1', '/nodes/providers/countries', '/churn/sessionHours: a distribution is', '(top level): unknown field "extra"']) {
      expect(text).toContain(expected)
    }
    expect(() => parseScenario('{')).toThrow(/not JSON/)
    // what a schema cannot say: a target country with no provider
    expect(() => parseScenario(JSON.stringify({ ...good, workload: { ...good.workload, targeting: { FR: 1 } } }))).toThrow(/\/workload\/targeting\/FR: no provider is in FR/)
  })
})

describe('the model tier on the smoke scenario', () => {
  it('is deterministic: one seed gives byte-identical reports, another seed another', async () => {
    const scenario = await smoke()
    const first = reportJson(await simulate(scenario))
    expect(reportJson(await simulate(scenario))).toBe(first)
    expect(reportJson(await simulate({ ...scenario, seed: scenario.seed + 1 }))).not.toBe(first)
  })

  it('keeps the books: the ledger sums to zero, customers pay what providers and the operator get, the fee is the scenario\'s', async () => {
    const report = await simulate(await smoke())
    expect(report.money.ledgerSum).toBe(0)
    expect(report.money.customerSpend).toBe(report.money.providerEarnings + report.money.operatorRevenue)
    expect(report.money.operatorRevenue / report.money.customerSpend).toBeCloseTo(0.1, 2)
    expect(report.proxy.sessions).toBeGreaterThan(10_000)
    expect(report.proxy.opened + report.proxy.failed).toBe(report.proxy.sessions)
    expect(report.churn.joins).toBeGreaterThan(report.nodes.providers / 2)
    expect(report.plots.map(p => p.title)).toHaveLength(9)
  })

  it('answers the questions a researcher asks: more churn costs opens, no relay for data loses the symmetric-NAT providers', async () => {
    const scenario = await smoke()
    const calm = await simulate({ ...scenario, churn: { ...scenario.churn, crashShare: 0 } })
    const stormy = await simulate({ ...scenario, churn: { sessionHours: { distribution: 'exponential', mean: 0.05 }, offlineHours: { distribution: 'exponential', mean: 0.05 }, crashShare: 1 } })
    expect(stormy.proxy.successRate).toBeLessThan(calm.proxy.successRate)
    expect(Object.keys(stormy.proxy.attempts).length).toBeGreaterThan(1)
    const natted = { ...scenario, nat: { share: 1, portPreservingShare: 0, relayData: true } }
    expect((await simulate(natted)).proxy.relayShare).toBe(1)
    const noRelay = await simulate({ ...natted, nat: { ...natted.nat, relayData: false } })
    expect(noRelay.proxy.opened).toBe(0)
    expect(noRelay.proxy.failures['no-provider']).toBe(noRelay.proxy.sessions)
  })

  it('a run shorter than a window still counts its sessions', async () => {
    const scenario = { ...await smoke(), durationHours: 0.05, windowMinutes: 60 }
    const report = await simulate(scenario)
    expect(report.proxy.sessions).toBeGreaterThan(100)
    expect(report.proxy.opened + report.proxy.failed).toBe(report.proxy.sessions)
    const online = report.plots.find(p => p.title === 'Providers online over time')
    expect(online?.series[0]?.points.map(([hours]) => hours)).toEqual([0.05])
  })
})
