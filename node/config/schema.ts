import { SETTINGS, defaultOf, settingsOf } from './settings.js'
import type { Role } from '../daemon/start-node.js'

export type { GatewayConfig, ProviderConfig, RendezvousConfig, RoleConfig } from './config.generated.js'

/** The JSON Schema of a role's configuration, from the settings table. */
export function configSchema (role: Role): Record<string, unknown> {
  const settings = settingsOf(role)
  return {
    type: 'object',
    properties: Object.fromEntries(settings.map(setting => [setting.key, setting.schema])),
    required: settings.filter(setting => setting.required?.includes(role) === true).map(setting => setting.key),
    additionalProperties: false
  }
}

/** Keys whose values are lists (comma-separated in env vars). */
export const LIST_KEYS: ReadonlySet<string> = new Set(SETTINGS.filter(setting => setting.list === true).map(setting => setting.key))

/** Keys whose values are upper-cased when they come from env vars or flags. */
export const UPPER_CASE_KEYS: ReadonlySet<string> = new Set(SETTINGS.filter(setting => setting.upperCase === true).map(setting => setting.key))

/** Every key a role takes. */
export function configKeys (role: Role): string[] {
  return settingsOf(role).map(setting => setting.key)
}

/** The defaults of a role, before config file, env and flags. */
export function configDefaults (role: Role, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const defaults: Record<string, unknown> = {}
  for (const setting of settingsOf(role)) {
    const value = defaultOf(setting, role, env)
    if (value !== undefined) defaults[setting.key] = value
  }
  return defaults
}
