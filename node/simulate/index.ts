/**
 * @packageDocumentation
 *
 * `peergrid simulate`: a researcher's network and market simulator. A
 * scenario file (scenario.ts) describes the network, its churn, links,
 * workload and money; the model tier (model/) runs it as a discrete-event
 * simulation on a virtual clock with the product's own choice, admission,
 * pricing and ledger functions; report.ts makes report.json (the same seed
 * gives the same bytes).
 */

import { runModel } from './model/market.js'
import { Random } from './random.js'
import { modelReport } from './report.js'
import type { Report } from './report.js'
import type { Scenario } from './scenario.js'

export { InvalidScenarioError, parseScenario, SCENARIO_SCHEMA } from './scenario.js'
export type { Scenario } from './scenario.js'
export { reportJson } from './report.js'
export type { PlotData, Report } from './report.js'

/** Runs a scenario on the model tier and reports it; `onProgress` hears the share of simulated time done. */
export async function simulate (scenario: Scenario, options: { onProgress?(done: number): void } = {}): Promise<Report> {
  const result = await runModel(scenario, new Random(scenario.seed), options.onProgress)
  return modelReport(scenario, result)
}
