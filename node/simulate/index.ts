/**
 * @packageDocumentation
 *
 * `peergrid simulate`: a researcher's network and market simulator. A
 * scenario file (scenario.ts) describes the network, its churn, links,
 * workload and money; the model tier (model/) runs it as a discrete-event
 * simulation on a virtual clock with the product's own choice, admission,
 * pricing and ledger functions; report.ts makes report.json (the same seed
 * gives the same bytes). The real tier (real/) runs the same scenario with
 * real peergrid nodes on simulated links, in real time, and reports it in
 * the same shape: the model is calibrated against it.
 */

import { runModel } from './model/market.js'
import { Random } from './random.js'
import { modelReport } from './report.js'
import type { Report } from './report.js'
import type { Scenario } from './scenario.js'
import type { Logger } from '../logger.js'

export { InvalidScenarioError, parseScenario, SCENARIO_SCHEMA } from './scenario.js'
export type { Scenario } from './scenario.js'
export { reportJson } from './report.js'
export type { PlotData, Report } from './report.js'

/** How to run a scenario. */
export interface SimulateOptions {
  /** 'model' (default) or 'real' */
  tier?: Report['tier']
  /** hears the share of simulated time done */
  onProgress?(done: number): void
  /** the real tier's nodes log here (default: silent) */
  logger?: Logger
}

/** Runs a scenario on one tier and reports it. */
export async function simulate (scenario: Scenario, options: SimulateOptions = {}): Promise<Report> {
  if (options.tier === 'real') {
    // loaded only for the real tier: it brings the whole node
    const { runReal } = await import('./real/run.js')
    return modelReport(scenario, await runReal(scenario, new Random(scenario.seed), { onProgress: options.onProgress, logger: options.logger }), 'real')
  }
  const result = await runModel(scenario, new Random(scenario.seed), options.onProgress)
  return modelReport(scenario, result)
}
