import { OwnerPolicy } from '../exit/owner-policy.js'
import { InvalidControlsError, MAX_SCHEDULE_WINDOWS, checkControls } from './check.js'
import type { OwnerSettings } from '../../../protocols/local-api/index.js'

/** Most entries in each of the owner's lists (customers, destinations). */
export const MAX_OWNER_LIST_ENTRIES = 10_000

export type { OwnerSettings } from '../../../protocols/local-api/index.js'

/** The settings of an owner who set nothing. */
export const DEFAULT_OWNER_SETTINGS: OwnerSettings = {
  paused: false,
  monthlyDataCapBytes: 0,
  bandwidthBytesPerSecond: 0,
  jobCpuPercent: 100,
  jobMemoryPercent: 100,
  allowCustomers: [],
  blockCustomers: [],
  denyDestinations: [],
  allowDestinations: []
}

/** The JSON Schema of one customer in the owner's lists: an account id or a peer id. */
export const CUSTOMER_SCHEMA = { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,128}$' } as const
/** The JSON Schema of one destination pattern (checked further by checkSettings). */
export const DESTINATION_SCHEMA = { type: 'string', minLength: 1, maxLength: 255 } as const
const list = (items: object): object => ({ type: 'array', items, maxItems: MAX_OWNER_LIST_ENTRIES })
const percent = { type: 'integer', minimum: 1, maximum: 100 } as const

/**
 * The JSON Schema of a settings change (`PUT /api/policy`, `peergrid policy
 * set`): every field optional, nothing unknown; `schedule` and
 * `maxLoadPerCpu` take null to remove them. checkSettings() then checks
 * what a schema cannot (time zones, times, patterns).
 */
export const OWNER_SETTINGS_PATCH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    paused: { type: 'boolean' },
    monthlyDataCapBytes: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    schedule: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['timeZone', 'windows'],
      properties: {
        timeZone: { type: 'string', minLength: 1, maxLength: 64 },
        windows: {
          type: 'array',
          maxItems: MAX_SCHEDULE_WINDOWS,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['days', 'from', 'to'],
            properties: {
              days: { type: 'array', maxItems: 7, uniqueItems: true, items: { enum: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] } },
              from: { type: 'string', maxLength: 5 },
              to: { type: 'string', maxLength: 5 }
            }
          }
        }
      }
    },
    maxLoadPerCpu: { type: ['number', 'null'] },
    bandwidthBytesPerSecond: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    jobCpuPercent: percent,
    jobMemoryPercent: percent,
    allowCustomers: list(CUSTOMER_SCHEMA),
    blockCustomers: list(CUSTOMER_SCHEMA),
    denyDestinations: list(DESTINATION_SCHEMA),
    allowDestinations: list(DESTINATION_SCHEMA)
  }
} as const

/** A change to the settings: the fields given replace the current ones; null removes an optional one. */
export type OwnerSettingsPatch = Partial<Omit<OwnerSettings, 'schedule' | 'maxLoadPerCpu'>> & {
  schedule?: OwnerSettings['schedule'] | null
  maxLoadPerCpu?: number | null
}

/** `settings` with `patch` applied (a new object; lists are replaced, not merged). */
export function applyPatch (settings: OwnerSettings, patch: OwnerSettingsPatch): OwnerSettings {
  const next: OwnerSettings = { ...settings }
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    if (value === null) delete (next as unknown as Record<string, unknown>)[key]
    else (next as unknown as Record<string, unknown>)[key] = value
  }
  return next
}

/**
 * Checks settings before they take effect: the serving controls
 * (checkControls), the percentages, and the destination patterns (each a
 * domain or a CIDR range). Throws InvalidControlsError naming the first
 * problem; returns the owner's lists compiled.
 */
export function checkSettings (settings: OwnerSettings): OwnerPolicy {
  checkControls(settings)
  if (!Number.isSafeInteger(settings.bandwidthBytesPerSecond) || settings.bandwidthBytesPerSecond < 0) {
    throw new InvalidControlsError('bandwidthBytesPerSecond must be a whole number of bytes per second, 0 for no limit')
  }
  for (const field of ['jobCpuPercent', 'jobMemoryPercent'] as const) {
    const value = settings[field]
    if (!Number.isInteger(value) || value < 1 || value > 100) throw new InvalidControlsError(`${field} must be a whole percentage from 1 to 100`)
  }
  try {
    return new OwnerPolicy(settings)
  } catch (err: any) {
    throw new InvalidControlsError(err.message)
  }
}
