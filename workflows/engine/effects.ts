import { ExpressionError } from './errors.js'
import type { FetchNode, JobNode } from './document.js'

/** A job node's evaluated request, as the host's job effect gets it. */
export interface JobRequest {
  /** sha-256 (hex) of the module */
  module: string
  args: string[]
  stdin: string
  files: Record<string, string>
  env: string[]
  memoryBytes?: number
  timeoutMs?: number
  country?: string
}

/** What a job effect answers (the node's output): only what the job made, nothing that varies between runs (CPU time, provider). */
export interface JobOutput {
  exitCode: number
  stdout: string
  stderr: string
  files: Record<string, string>
  /** sha-256 (hex) of the outputs: the same on every provider for the same job, seed and clock */
  outputsSha256: string
}

/** A fetch node's evaluated request. */
export interface FetchRequest {
  url: string
  method: string
  headers: Record<string, string>
  body?: string
  country?: string
  session?: string
}

/** What a fetch effect answers (the node's output). */
export interface FetchOutput {
  status: number
  headers: Record<string, string>
  body: string
}

/** How an effect is called: the node's path, and the run's signal. */
export interface EffectOptions {
  node: string
  signal: AbortSignal
}

/**
 * What a host gives the engine for the nodes whose results come from
 * outside: on a gateway, jobs on providers and fetches through the proxy
 * mesh; in a browser preview, none (results come from a recorded history).
 */
export interface WorkflowEffects {
  job?(request: JobRequest, options: EffectOptions): Promise<JobOutput>
  fetch?(request: FetchRequest, options: EffectOptions): Promise<FetchOutput>
}

const MiB = 1024 * 1024

/** A job node's request from its evaluated fields. */
export function jobRequest (node: JobNode, values: Record<string, unknown>): JobRequest {
  return {
    module: node.module,
    args: stringList(values.args, 'args'),
    stdin: optionalString(values.stdin, 'stdin') ?? '',
    files: stringMap(values.files, 'files'),
    env: stringList(values.env, 'env'),
    ...(node.memoryMiB != null ? { memoryBytes: node.memoryMiB * MiB } : {}),
    ...(node.timeoutMs != null ? { timeoutMs: node.timeoutMs } : {}),
    ...(node.country != null ? { country: node.country.toUpperCase() } : {})
  }
}

/** A fetch node's request from its evaluated fields. */
export function fetchRequest (node: FetchNode, values: Record<string, unknown>): FetchRequest {
  const url = optionalString(values.url, 'url') as string
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ExpressionError(`url ${JSON.stringify(url).slice(0, 100)} is not a URL`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ExpressionError(`url must be http or https, not ${parsed.protocol}`)
  const country = optionalString(values.country, 'country')
  if (country != null && !/^[A-Za-z]{2}$/.test(country)) throw new ExpressionError(`country must be a two-letter code, not ${JSON.stringify(country)}`)
  const body = optionalString(values.body, 'body')
  const session = optionalString(values.session, 'session')
  return {
    url,
    method: node.method ?? 'GET',
    headers: stringMap(values.headers, 'headers'),
    ...(body != null ? { body } : {}),
    ...(country != null ? { country: country.toUpperCase() } : {}),
    ...(session != null ? { session } : {})
  }
}

function optionalString (value: unknown, what: string): string | undefined {
  if (value == null) return undefined
  if (typeof value !== 'string') throw new ExpressionError(`${what} must be a string, not ${describe(value)}`)
  return value
}

function stringList (value: unknown, what: string): string[] {
  if (value == null) return []
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) throw new ExpressionError(`${what} must be a list of strings, not ${describe(value)}`)
  return value
}

function stringMap (value: unknown, what: string): Record<string, string> {
  if (value == null) return {}
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some(v => typeof v !== 'string')) throw new ExpressionError(`${what} must be a map of strings, not ${describe(value)}`)
  return value as Record<string, string>
}

function describe (value: unknown): string {
  return Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`
}
