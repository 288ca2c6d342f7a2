import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { API_INFO_FILE, API_TOKEN_FILE } from '../api/token.js'
import { peergridHome } from '../config/settings.js'
import { CommandError } from './errors.js'
import type { ApiInfo } from '../api/token.js'

/** A CLI request to a local API must answer within this time. */
export const API_CLIENT_TIMEOUT_MS = 5_000

/** Largest local API answer the CLI reads, in bytes. */
export const MAX_API_RESPONSE_BYTES = 16 * 1024 * 1024

/** File in PEERGRID_HOME naming the running devnet's gateway data dir. */
export const DEVNET_INFO_FILE = 'devnet.json'

/** Where to reach a local API and with which token. */
export interface ApiTarget {
  url: string
  token: string
}

/** How the user pointed at a node (all optional). */
export interface ApiTargetOptions {
  api?: string
  token?: string
  dataDir?: string
}

/**
 * Finds the local API of a running gateway: --api/--token, else the given
 * data dir, else ~/.peergrid/gateway, else the running devnet's gateway.
 */
export async function resolveGatewayApi (options: ApiTargetOptions, env: NodeJS.ProcessEnv = process.env): Promise<ApiTarget> {
  return resolveNodeApi('gateway', options, env)
}

/**
 * Finds the API of a running node of `role`: --api/--token, else the given
 * data dir, else ~/.peergrid/<role>, else the running devnet's node of that role.
 */
export async function resolveNodeApi (role: 'gateway' | 'rendezvous', options: ApiTargetOptions, env: NodeJS.ProcessEnv = process.env): Promise<ApiTarget> {
  const token = options.token ?? env.PEERGRID_API_TOKEN
  if (options.api != null) {
    if (token == null) throw new CommandError('--api needs --token (or PEERGRID_API_TOKEN); the token is in the node\'s data dir, file api-token')
    return { url: options.api.replace(/\/$/, ''), token }
  }
  const home = peergridHome(env)
  const devnet = await runningDevnet(home)
  const devnetDir = devnet == null ? undefined : role === 'gateway' ? devnet.gatewayDataDir : devnet.rendezvousDataDir
  const candidates = options.dataDir != null ? [options.dataDir] : [join(home, role), devnetDir]
  for (const dir of candidates) {
    if (dir == null) continue
    const target = await targetInDir(dir, token)
    if (target != null) return target
  }
  throw new CommandError(`No running ${role} found (looked in ${candidates.filter(Boolean).join(', ')}). ` +
    `Start one with \`peergrid ${role}\` or \`npm start\`, or point at it with --api and --token`)
}

/** A provider's local API, named for output. */
export interface NamedApiTarget extends ApiTarget {
  name: string
}

/**
 * Finds the local APIs of running providers: --api/--token, else the given
 * data dir, else ~/.peergrid/provider, else every provider of the running devnet.
 */
export async function resolveProviderApis (options: ApiTargetOptions, env: NodeJS.ProcessEnv = process.env): Promise<NamedApiTarget[]> {
  const token = options.token ?? env.PEERGRID_API_TOKEN
  if (options.api != null) {
    if (token == null) throw new CommandError('--api needs --token (or PEERGRID_API_TOKEN); the token is in the node\'s data dir, file api-token')
    return [{ name: 'provider', url: options.api.replace(/\/$/, ''), token }]
  }
  const home = peergridHome(env)
  const looked: string[] = []
  for (const dir of options.dataDir != null ? [options.dataDir] : [join(home, 'provider')]) {
    looked.push(dir)
    const target = await targetInDir(dir, token)
    if (target != null) return [{ name: 'provider', ...target }]
  }
  if (options.dataDir == null) {
    const devnet = await runningDevnet(home)
    const found: NamedApiTarget[] = []
    for (const provider of devnet?.providers ?? []) {
      looked.push(provider.dataDir)
      const target = await targetInDir(provider.dataDir, token)
      if (target != null) found.push({ name: provider.name, ...target })
    }
    if (found.length > 0) return found
  }
  throw new CommandError(`No running provider found (looked in ${looked.join(', ')}). ` +
    'Start one with `peergrid provider` or `npm start`, or point at it with --data-dir, or --api and --token')
}

/** What a running devnet leaves in PEERGRID_HOME so that CLI commands find its nodes. */
export interface DevnetInfo {
  pid: number
  dataDir: string
  gatewayDataDir: string
  rendezvousDataDir?: string
  providers?: Array<{ name: string, dataDir: string }>
}

/** The API of the node running in `dir`, if one is. */
async function targetInDir (dir: string, token: string | undefined): Promise<ApiTarget | undefined> {
  const info = await readJson<ApiInfo>(join(dir, API_INFO_FILE))
  if (info == null || !isAlive(info.pid)) return undefined
  const fileToken = (await readFile(join(dir, API_TOKEN_FILE), 'utf8').catch(() => '')).trim()
  return { url: info.url, token: token ?? fileToken }
}

/** GETs a JSON path from a local API, with a timeout (default API_CLIENT_TIMEOUT_MS) and a readable error. */
export async function getJson<T> (target: ApiTarget, path: string, timeoutMs = API_CLIENT_TIMEOUT_MS): Promise<T> {
  return requestJson<T>(target, path, undefined, timeoutMs)
}

/** POSTs a JSON body to a local API path and returns the JSON answer (within `timeoutMs`, default API_CLIENT_TIMEOUT_MS). */
export async function postJson<T> (target: ApiTarget, path: string, body: unknown, timeoutMs = API_CLIENT_TIMEOUT_MS): Promise<T> {
  return requestJson<T>(target, path, body, timeoutMs)
}

/** PUTs a JSON body to a local API path and returns the JSON answer. */
export async function putJson<T> (target: ApiTarget, path: string, body: unknown, timeoutMs = API_CLIENT_TIMEOUT_MS): Promise<T> {
  return requestJson<T>(target, path, body, timeoutMs, 'PUT')
}

async function requestJson<T> (target: ApiTarget, path: string, body?: unknown, timeoutMs = API_CLIENT_TIMEOUT_MS, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
  let response: Response
  try {
    response = await fetch(target.url + path, {
      method,
      headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs)
    })
  } catch (err: any) {
    const reason = err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err.cause?.code ?? err.message)
    throw new CommandError(`Cannot reach the local API at ${target.url}: ${reason}`)
  }
  const text = await readLimited(response, MAX_API_RESPONSE_BYTES, target.url)
  let answer: any
  try {
    answer = JSON.parse(text)
  } catch {
    throw new CommandError(`The local API at ${target.url} did not answer with JSON (HTTP ${response.status})`)
  }
  if (!response.ok) {
    throw new CommandError(`The local API at ${target.url} refused: ${answer?.error?.message ?? `HTTP ${response.status}`}`)
  }
  return answer as T
}

/** The body as text, refusing it as soon as it passes `limit` bytes. */
async function readLimited (response: Response, limit: number, url: string): Promise<string> {
  const chunks: Uint8Array[] = []
  let length = 0
  for await (const chunk of response.body ?? []) {
    length += chunk.byteLength
    if (length > limit) throw new CommandError(`The local API at ${url} sent an answer larger than ${limit} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function runningDevnet (home: string): Promise<DevnetInfo | undefined> {
  const info = await readJson<DevnetInfo>(join(home, DEVNET_INFO_FILE))
  return info != null && isAlive(info.pid) ? info : undefined
}

async function readJson<T> (path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T
  } catch {
    return undefined
  }
}

function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err: any) {
    return err.code === 'EPERM'
  }
}
