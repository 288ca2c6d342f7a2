import { Ajv } from 'ajv'
import { meanOf } from './random.js'
import type { Distribution } from './random.js'
import type { ErrorObject } from 'ajv'

/** Largest scenario file read, in bytes. */
export const MAX_SCENARIO_BYTES = 1024 * 1024

/** Most nodes one scenario may ask for. */
export const MAX_SCENARIO_NODES = 1_000_000

/** Longest simulated time, in hours (a month). */
export const MAX_SCENARIO_HOURS = 24 * 31

/** Shares by key (a country, or "any"): positive weights, normalised when drawn. */
export type Shares = Record<string, number>

/** A scenario: the network, its churn, its links, its workload and its money, for one seed. */
export interface Scenario {
  simulation: 1
  name: string
  description?: string
  /** every random draw follows from it: the same seed gives the same report */
  seed: number
  /** simulated time */
  durationHours: number
  /** the model tier's report is sampled in windows this long */
  windowMinutes: number
  nodes: {
    providers: { count: number, countries: Shares, services?: Array<'proxy' | 'compute'> }
    gateways: { count: number, countries: Shares }
    rendezvous: number
  }
  /** providers behind NATs, and how their NATs treat ports */
  nat: { share: number, portPreservingShare: number, relayData: boolean }
  churn: {
    /** how long a provider stays online once it joins, hours (measured P2P sessions are heavy-tailed: Weibull, shape < 1) */
    sessionHours: Distribution
    /** how long it stays away before it comes back, hours */
    offlineHours: Distribution
    /** of the departures, the share that are crashes (no goodbye: gateways learn of them by a failed open or the record's expiry) */
    crashShare: number
  }
  links: {
    /** one-way latency between countries in ms: the same country, any other pair, and pairs named "DE-US" (either order) */
    latencyMs: { sameCountry: number, default: number, pairs?: Record<string, number> }
    /** each provider's upstream, Mbit/s */
    providerMbps: Distribution
  }
  workload: {
    /** customer proxy sessions per second, across every gateway */
    proxySessionsPerSecond: number
    /** bytes each session downloads; uploads are a tenth */
    sessionBytes: Distribution
    /** the exit country customers ask for ("any": no preference) */
    targeting: Shares
    /** compute jobs per second and their CPU-seconds */
    jobsPerSecond: number
    jobCpuSeconds: Distribution
  }
  prices: {
    /** micro-units per GiB by provider country, and for any country not named */
    microsPerGiB: { default: number, byCountry?: Record<string, number> }
    microsPerCpuSecond: number
  }
  /** the operator's fee, parts per million of every booked amount */
  operatorFeePpm: number
}

const positive = { type: 'number', exclusiveMinimum: 0 } as const
const share = { type: 'number', minimum: 0, maximum: 1 } as const
const shares = { type: 'object', minProperties: 1, maxProperties: 300, propertyNames: { pattern: '^([A-Z]{2}|any)$' }, additionalProperties: positive } as const
const distribution = {
  oneOf: [
    { type: 'object', required: ['distribution', 'value'], additionalProperties: false, properties: { distribution: { const: 'fixed' }, value: { type: 'number', minimum: 0 } } },
    { type: 'object', required: ['distribution', 'mean'], additionalProperties: false, properties: { distribution: { const: 'exponential' }, mean: positive } },
    { type: 'object', required: ['distribution', 'shape', 'scale'], additionalProperties: false, properties: { distribution: { const: 'weibull' }, shape: positive, scale: positive } },
    { type: 'object', required: ['distribution', 'median', 'sigma'], additionalProperties: false, properties: { distribution: { const: 'lognormal' }, median: positive, sigma: { type: 'number', minimum: 0, maximum: 10 } } }
  ]
} as const
const count = (max: number, min = 0): object => ({ type: 'integer', minimum: min, maximum: max })
const object = (properties: Record<string, object>, required: string[] = Object.keys(properties)): object => ({ type: 'object', additionalProperties: false, required, properties })

/** The JSON Schema of a scenario file (what `peergrid simulate` checks before it runs anything). */
export const SCENARIO_SCHEMA = object({
  simulation: { const: 1 },
  name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
  description: { type: 'string', maxLength: 2000 },
  seed: count(2 ** 31 - 1),
  durationHours: { type: 'number', exclusiveMinimum: 0, maximum: MAX_SCENARIO_HOURS },
  windowMinutes: { type: 'number', minimum: 1, maximum: 24 * 60 },
  nodes: object({
    providers: object({ count: count(MAX_SCENARIO_NODES, 1), countries: shares, services: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['proxy', 'compute'] } } }, ['count', 'countries']),
    gateways: object({ count: count(MAX_SCENARIO_NODES, 1), countries: shares }),
    rendezvous: count(16, 1)
  }),
  nat: object({ share, portPreservingShare: share, relayData: { type: 'boolean' } }),
  churn: object({ sessionHours: distribution, offlineHours: distribution, crashShare: share }),
  links: object({
    latencyMs: object({ sameCountry: { type: 'number', minimum: 0, maximum: 10_000 }, default: { type: 'number', minimum: 0, maximum: 10_000 }, pairs: { type: 'object', maxProperties: 10_000, propertyNames: { pattern: '^[A-Z]{2}-[A-Z]{2}$' }, additionalProperties: { type: 'number', minimum: 0, maximum: 10_000 } } }, ['sameCountry', 'default']),
    providerMbps: distribution
  }),
  workload: object({
    proxySessionsPerSecond: { type: 'number', minimum: 0, maximum: 100_000 },
    sessionBytes: distribution,
    targeting: shares,
    jobsPerSecond: { type: 'number', minimum: 0, maximum: 10_000 },
    jobCpuSeconds: distribution
  }),
  prices: object({
    microsPerGiB: object({ default: count(Number.MAX_SAFE_INTEGER), byCountry: { type: 'object', propertyNames: { pattern: '^[A-Z]{2}$' }, additionalProperties: count(Number.MAX_SAFE_INTEGER) } }, ['default']),
    microsPerCpuSecond: count(Number.MAX_SAFE_INTEGER)
  }),
  operatorFeePpm: count(1_000_000)
}, ['simulation', 'name', 'seed', 'durationHours', 'windowMinutes', 'nodes', 'nat', 'churn', 'links', 'workload', 'prices', 'operatorFeePpm'])

/** A scenario file that cannot be run; the message lists every problem with its path. */
export class InvalidScenarioError extends Error {
  static override name = 'InvalidScenarioError'
  override name = 'InvalidScenarioError'
  readonly problems: string[]

  constructor (problems: string[]) {
    super(`The scenario is not valid:\n${problems.map(p => `  - ${p}`).join('\n')}`)
    this.problems = problems
  }
}

let validate: ReturnType<Ajv['compile']> | undefined

/**
 * Reads a scenario (JSON text) and checks it against SCENARIO_SCHEMA and
 * what a schema cannot say (at least one provider and gateway, shares that
 * add up to something); throws InvalidScenarioError listing every problem.
 */
export function parseScenario (text: string): Scenario {
  if (Buffer.byteLength(text) > MAX_SCENARIO_BYTES) throw new InvalidScenarioError([`the file is larger than ${MAX_SCENARIO_BYTES} bytes`])
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err: any) {
    throw new InvalidScenarioError([`not JSON: ${err.message}`])
  }
  validate ??= new Ajv({ allErrors: true, strict: true }).compile(SCENARIO_SCHEMA)
  if (!validate(value)) throw new InvalidScenarioError(readable(validate.errors ?? []))
  const scenario = value as Scenario
  const problems: string[] = []
  const nodes = scenario.nodes.providers.count + scenario.nodes.gateways.count + scenario.nodes.rendezvous
  if (nodes > MAX_SCENARIO_NODES) problems.push(`/nodes: ${nodes} nodes in all; at most ${MAX_SCENARIO_NODES}`)
  const countries = new Set(Object.keys(scenario.nodes.providers.countries))
  for (const target of Object.keys(scenario.workload.targeting)) {
    if (target !== 'any' && !countries.has(target)) problems.push(`/workload/targeting/${target}: no provider is in ${target} (nodes.providers.countries)`)
  }
  if (problems.length > 0) throw new InvalidScenarioError(problems)
  return scenario
}

/** Ajv's errors as "path: what is wrong", one per problem. */
function readable (errors: ErrorObject[]): string[] {
  const lines = errors
    // a oneOf of distributions reports each branch: say once what is expected instead
    .filter(e => !e.schemaPath.includes('/oneOf/'))
    .map(e => {
      const at = e.instancePath === '' ? '(top level)' : e.instancePath
      if (e.keyword === 'additionalProperties') return `${at}: unknown field "${String(e.params.additionalProperty)}"`
      if (e.keyword === 'oneOf') return `${at}: a distribution is {"distribution": "fixed", "value"}, {"distribution": "exponential", "mean"}, {"distribution": "weibull", "shape", "scale"} or {"distribution": "lognormal", "median", "sigma"}`
      return `${at}: ${e.message ?? 'is not valid'}`
    })
  return [...new Set(lines)]
}

/** The share of providers online in the steady state of the scenario's churn: mean session over mean session plus mean absence. */
export function onlineShare (churn: Scenario['churn']): number {
  const session = meanOf(churn.sessionHours)
  return session / (session + meanOf(churn.offlineHours))
}
