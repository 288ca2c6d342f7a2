import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import leven from 'leven'
import { ConfigError } from './errors.js'
import { LIST_KEYS, UPPER_CASE_KEYS, configDefaults, configKeys } from './schema.js'
import { SETTINGS, envName } from './settings.js'
import * as validators from './validators.generated.js'
import type { Role } from '../daemon/start-node.js'
import type { RoleConfig } from './schema.js'
import type { ErrorObject } from 'ajv'

/** Longest config file read, in bytes. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024

/** Where the settings come from, lowest precedence first. */
export interface ConfigSources {
  /** path of a JSON config file (--config or PEERGRID_CONFIG) */
  configFile?: string
  /** environment (PEERGRID_<UPPER_SNAKE_KEY>) */
  env?: NodeJS.ProcessEnv
  /** settings from command-line flags, by config key, with the flag each came from */
  flags?: Record<string, { value: unknown, flag: string }>
}

/** A validated configuration and where each key's value came from. */
export interface LoadedConfig<R extends Role> {
  config: RoleConfig[R]
  /** key → 'default' | 'config file …' | 'env …' | '--flag' */
  origins: Record<string, string>
}

/**
 * Merges defaults, config file, environment and flags (in that order of
 * precedence) and validates the result once. Throws one ConfigError that
 * lists every bad key and where its value came from.
 */
export async function loadConfig<R extends Role> (role: R, sources: ConfigSources = {}): Promise<LoadedConfig<R>> {
  const env = sources.env ?? process.env
  const path = sources.configFile ?? env.PEERGRID_CONFIG
  const file = path != null && path !== '' ? { path, text: await readConfigFile(path) } : undefined
  return resolveConfig(role, { file, env, flags: sources.flags })
}

/** The config sources, read: the file's text instead of its path. */
export interface ResolvedSources {
  file?: { path: string, text: string }
  env?: NodeJS.ProcessEnv
  flags?: ConfigSources['flags']
}

/**
 * loadConfig() without the file read: a pure function of the sources, so
 * every input a person can give is tested (and fuzzed) without touching
 * the disk. Throws ConfigError, and nothing else.
 */
export function resolveConfig<R extends Role> (role: R, sources: ResolvedSources): LoadedConfig<R> {
  const env = sources.env ?? process.env
  const keys = configKeys(role)
  const merged: Record<string, unknown> = {}
  const origins: Record<string, string> = {}
  const problems: string[] = []
  const set = (key: string, value: unknown, origin: string): void => {
    merged[key] = value
    origins[key] = origin
  }

  for (const [key, value] of Object.entries(configDefaults(role, env))) set(key, value, 'default')

  if (sources.file != null) {
    const origin = `config file ${sources.file.path}`
    const content = parseConfigFile(sources.file.path, sources.file.text)
    for (const [key, value] of Object.entries(content)) {
      if (!keys.includes(key)) {
        problems.push(`${key} (from ${origin}): not a ${role} setting${suggest(key, keys)}`)
        continue
      }
      set(key, value, origin)
    }
  }

  for (const key of keys) {
    const value = env[envName(key)]
    if (value == null || value === '') continue
    const text = UPPER_CASE_KEYS.has(key) ? value.toUpperCase() : value
    set(key, LIST_KEYS.has(key) ? text.split(',').map(s => s.trim()).filter(Boolean) : text, `env ${envName(key)}`)
  }

  for (const [key, { value, flag }] of Object.entries(sources.flags ?? {})) {
    if (!keys.includes(key)) {
      problems.push(`${flag}: not a ${role} setting`)
      continue
    }
    if (value !== undefined) set(key, UPPER_CASE_KEYS.has(key) && typeof value === 'string' ? value.toUpperCase() : value, flag)
  }

  const validate = validators[role]
  if (!validate(merged)) {
    for (const error of validate.errors ?? []) {
      problems.push(describe(error, origins, role))
    }
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)])
  if (typeof merged.dataDir === 'string') merged.dataDir = resolve(merged.dataDir)
  return { config: merged as unknown as RoleConfig[R], origins }
}

async function readConfigFile (path: string): Promise<string> {
  try {
    const bytes = await readFile(path)
    if (bytes.byteLength > MAX_CONFIG_FILE_BYTES) {
      throw new ConfigError([`config file ${path} is larger than ${MAX_CONFIG_FILE_BYTES} bytes`])
    }
    return bytes.toString('utf8')
  } catch (err: any) {
    if (err instanceof ConfigError) throw err
    throw new ConfigError([`cannot read config file ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.code ?? err.message}`])
  }
}

function parseConfigFile (path: string, text: string): Record<string, unknown> {
  if (text.length > MAX_CONFIG_FILE_BYTES) throw new ConfigError([`config file ${path} is larger than ${MAX_CONFIG_FILE_BYTES} bytes`])
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err: any) {
    throw new ConfigError([`config file ${path} is not valid JSON: ${err.message}`])
  }
  if (parsed == null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError([`config file ${path} must hold a JSON object of settings`])
  }
  return parsed as Record<string, unknown>
}

const FORMAT_HINTS: Record<string, string> = {
  multiaddr: 'must be a multiaddr such as /ip4/127.0.0.1/tcp/7400',
  'peer-multiaddr': 'must be a multiaddr ending in /p2p/<peer id>, as printed by `peergrid rendezvous`',
  country: 'must be an ISO 3166-1 alpha-2 country code such as DE',
  cidr: 'must be a CIDR range such as 127.0.0.0/8 or ::1/128',
  ip: 'must be an IP address such as 127.0.0.1 or 0.0.0.0',
  'key-id': 'must be a credential signing key id (12D3KooW…), as `peergrid rendezvous` prints it',
  'http-url': 'must be an http:// or https:// URL without credentials, such as https://pay.example.com/peergrid',
  'destination-pattern': 'must be a domain such as example.com (its subdomains included) or a CIDR range such as 203.0.113.0/24'
}

function describe (error: ErrorObject, origins: Record<string, string>, role: Role): string {
  const path = error.instancePath.split('/').filter(Boolean)
  const key = path[0] ?? (error.params as { missingProperty?: string }).missingProperty ?? '(config)'
  const origin = origins[key] ?? 'default'
  const where = path.length > 1 ? `${key}[${path.slice(1).join('.')}]` : key
  if (error.keyword === 'required') {
    const flag = SETTINGS.find(setting => setting.key === key)?.flag.split(' ')[0] ?? `--${kebab(key)}`
    return `${key} is required for ${role}; set it with ${flag}, ${envName(key)} or a config file`
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty
    return `${extra} (from ${origins[extra] ?? 'config'}): not a ${role} setting`
  }
  const message = error.keyword === 'format'
    ? FORMAT_HINTS[(error.params as { format: string }).format] ?? error.message
    : error.keyword === 'enum'
      ? `must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues).join(', ')}`
      : error.keyword === 'minLength' && (error.params as { limit: number }).limit === 1
        ? 'must not be empty'
        : error.message
  return `${where} (from ${origin}): ${message}`
}

function kebab (key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()
}

function suggest (key: string, keys: string[]): string {
  const near = keys.find(k => k.toLowerCase() === key.toLowerCase() || leven(k.toLowerCase(), key.toLowerCase()) <= 2)
  return near != null ? `; did you mean ${near}?` : ''
}
