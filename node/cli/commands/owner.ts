import bytes from 'bytes'
import { InvalidControlsError } from '../../provider/controls/check.js'
import { formatScheduleSpec, parseScheduleSpec } from '../../provider/controls/schedule-spec.js'
import { getJson, postJson, putJson, resolveProviderApis } from '../api-client.js'
import { CommandError } from '../errors.js'
import { formatBytes } from '../format.js'
import type { ControlsView } from '../../provider/controls/owner-controls.js'
import type { OwnerSettingsPatch } from '../../provider/controls/settings.js'
import type { ApiTargetOptions, NamedApiTarget } from '../api-client.js'

/** Options every owner command takes: which provider, and JSON output. */
export interface OwnerOptions extends ApiTargetOptions {
  json?: boolean
}

/** Flags of `peergrid policy set`. */
export interface PolicySetOptions extends OwnerOptions {
  /** sizes as typed: 100GB, 2MB, a number of bytes */
  dataCap?: string
  bandwidth?: string
  schedule?: string | false
  idle?: number | false
  jobCpu?: number
  jobMemory?: number
  patch?: string
}

/** Parses a size flag: a whole number of bytes, or with a unit (500MB, 10GB, 1.5TB; 1 KB = 1024 bytes). */
export function parseSize (flag: string, value: string): number {
  const parsed = /^\d+$/.test(value.trim()) ? Number(value) : bytes.parse(value)
  if (parsed == null || !Number.isSafeInteger(parsed) || parsed < 0) throw new CommandError(`${flag} must be a size such as 500MB, 10GB or a number of bytes, not "${value}"`)
  return parsed
}

/** `peergrid pause` / `peergrid resume`: on the running provider, or every devnet provider. */
export async function setPaused (paused: boolean, options: OwnerOptions): Promise<void> {
  await eachProvider(options, async target => postJson<ControlsView>(target, paused ? '/api/pause' : '/api/resume', {}))
}

/** `peergrid policy`: the owner's settings, where they came from, and serving or not. */
export async function showPolicy (options: OwnerOptions): Promise<void> {
  await eachProvider(options, async target => getJson<ControlsView>(target, '/api/policy'))
}

/** `peergrid policy set`: changes the settings named by the flags (or a JSON patch), at once. */
export async function setPolicy (options: PolicySetOptions): Promise<void> {
  const patch = policyPatch(options)
  if (Object.keys(patch).length === 0) throw new CommandError('Nothing to set: name a setting (see `peergrid policy set --help`)')
  await eachProvider(options, async target => putJson<ControlsView>(target, '/api/policy', patch))
}

/** `peergrid block` / `peergrid unblock`: one destination or customer. */
export async function setBlocked (block: boolean, options: OwnerOptions & { destination?: string, customer?: string }): Promise<void> {
  if ((options.destination == null) === (options.customer == null)) throw new CommandError('Name one --destination or one --customer')
  const body = options.destination != null ? { destination: options.destination } : { customer: options.customer }
  await eachProvider(options, async target => postJson<ControlsView>(target, block ? '/api/block' : '/api/unblock', body))
}

/** The patch the flags describe. */
export function policyPatch (options: PolicySetOptions): OwnerSettingsPatch {
  const patch: OwnerSettingsPatch = {}
  if (options.patch != null) {
    try {
      Object.assign(patch, JSON.parse(options.patch))
    } catch {
      throw new CommandError('--json-patch must be a JSON object, e.g. \'{"monthlyDataCapBytes": 0}\'')
    }
  }
  if (options.dataCap != null) patch.monthlyDataCapBytes = parseSize('--data-cap', options.dataCap)
  if (options.bandwidth != null) patch.bandwidthBytesPerSecond = parseSize('--bandwidth', options.bandwidth)
  if (options.jobCpu != null) patch.jobCpuPercent = options.jobCpu
  if (options.jobMemory != null) patch.jobMemoryPercent = options.jobMemory
  if (options.idle === false) patch.maxLoadPerCpu = null
  else if (options.idle != null) patch.maxLoadPerCpu = options.idle
  if (options.schedule === false) patch.schedule = null
  else if (options.schedule != null) {
    try {
      patch.schedule = parseScheduleSpec(options.schedule)
    } catch (err) {
      if (err instanceof InvalidControlsError) throw new CommandError(`--schedule: ${err.message}`)
      throw err
    }
  }
  return patch
}

/** The controls for a person. */
export function formatControls (name: string, view: ControlsView): string {
  const { settings, decision, usage } = view
  const lines = [`${name}: ${decision.serve ? 'serving' : `NOT serving — ${decision.reasons.map(r => r.detail).join('; ')}`}`]
  lines.push(`  paused: ${settings.paused ? 'yes' : 'no'}`)
  lines.push(`  data cap: ${settings.monthlyDataCapBytes > 0 ? `${formatBytes(usage.bytes)} of ${formatBytes(settings.monthlyDataCapBytes)} used in ${usage.month}` : `none (${formatBytes(usage.bytes)} in ${usage.month})`}`)
  lines.push(`  bandwidth: ${settings.bandwidthBytesPerSecond > 0 ? `${formatBytes(settings.bandwidthBytesPerSecond)}/s` : 'no limit'}`)
  lines.push(`  schedule: ${settings.schedule != null ? formatScheduleSpec(settings.schedule) : 'always'}`)
  lines.push(`  idle-only: ${settings.maxLoadPerCpu != null ? `below load ${settings.maxLoadPerCpu} per CPU (now ${view.loadPerCpu.toFixed(2)})` : 'no'}`)
  lines.push(`  jobs: ${settings.jobCpuPercent} % of the CPUs, ${settings.jobMemoryPercent} % of the memory`)
  const list = (items: string[]): string => items.length === 0 ? 'none' : items.join(', ')
  lines.push(`  customers: allow ${list(settings.allowCustomers)}; blocked ${list(settings.blockCustomers)}`)
  lines.push(`  destinations: deny ${list(settings.denyDestinations)}; allow only ${list(settings.allowDestinations)}`)
  lines.push(`  (${view.source === 'stored' ? `changed ${new Date(view.updatedAtMs).toISOString()}; these win over the config` : 'from the config'})`)
  return lines.join('\n')
}

async function eachProvider (options: OwnerOptions, call: (target: NamedApiTarget) => Promise<ControlsView>): Promise<void> {
  const targets = await resolveProviderApis(options)
  const views = await Promise.all(targets.map(async target => ({ provider: target.name, ...await call(target) })))
  if (options.json === true) {
    process.stdout.write(views.map(view => JSON.stringify(view)).join('\n') + '\n')
    return
  }
  process.stdout.write(views.map(view => formatControls(view.provider, view)).join('\n\n') + '\n')
}
