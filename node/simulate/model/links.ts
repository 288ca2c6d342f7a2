import { DESTINATION_RTTS } from './assumptions.js'
import type { Scenario } from '../scenario.js'

/** One-way latency between two countries by the scenario's link model, in ms. */
export function latencyMs (links: Scenario['links'], a: string, b: string): number {
  const model = links.latencyMs
  if (a === b) return model.sameCountry
  return model.pairs?.[`${a}-${b}`] ?? model.pairs?.[`${b}-${a}`] ?? model.default
}

/** A round trip between two countries, in ms. */
export function rttMs (links: Scenario['links'], a: string, b: string): number {
  return 2 * latencyMs(links, a, b)
}

/** Where the simulated rendezvous stands: the providers' most common country (the first by name among equals). */
export function rendezvousCountry (scenario: Pick<Scenario, 'nodes'>): string {
  const shares = scenario.nodes.providers.countries
  return Object.keys(shares).sort((a, b) => (shares[b] as number) - (shares[a] as number) || a.localeCompare(b))[0] as string
}

/** From an exit's connect to a destination in its own country to the answer's first byte, ms (DESTINATION_RTTS round trips). */
export function destinationMs (links: Scenario['links']): number {
  return DESTINATION_RTTS * 2 * links.latencyMs.sameCountry
}
