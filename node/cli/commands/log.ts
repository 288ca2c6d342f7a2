import { getJson, resolveProviderApis } from '../api-client.js'
import { CommandError } from '../errors.js'
import { formatBytes, formatUnits, table } from '../format.js'
import type { TransparencyEntry } from '../../db/transparency-repository.js'
import type { TransparencyPage } from '../../provider/api.js'
import type { ApiTargetOptions, NamedApiTarget } from '../api-client.js'

/** Options of `peergrid log`. */
export interface LogOptions extends ApiTargetOptions {
  /** from when: 10m, 2h, 3d, an ISO time or unix ms (default 24h) */
  since?: string
  /** most entries per provider (default 1000) */
  limit?: number
  json?: boolean
  /** keep printing connections as they finish, until Ctrl-C */
  follow?: boolean
}

/** How often --follow asks the providers for new entries. */
export const FOLLOW_INTERVAL_MS = 1_000

/** One entry with the provider it came from. */
export interface LogLine extends TransparencyEntry {
  provider: string
}

const UNITS_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `--since` as what the API takes: relative (10m) → unix ms; ISO and ms pass through. */
export function sinceParameter (since: string, now = Date.now()): string {
  const relative = /^(\d{1,6})([smhd])$/.exec(since)
  if (relative != null) return String(now - Number(relative[1]) * (UNITS_MS[relative[2] as string] as number))
  if (/^\d{1,15}$/.test(since)) return since
  if (/^\d{4}-\d{2}-\d{2}/.test(since) && !Number.isNaN(Date.parse(since))) return since
  throw new CommandError(`--since ${since} is not a time: use 30s, 10m, 2h, 3d, an ISO time (2026-11-21T10:00:00Z) or unix ms`)
}

/** `peergrid log`: prints the connections the local provider(s) handled. */
export async function showLog (options: LogOptions): Promise<void> {
  const targets = await resolveProviderApis(options)
  const since = sinceParameter(options.since ?? '24h')
  const limit = options.limit ?? 1_000
  const cursors = new Map<string, string>()
  const printed = new Set<string>()
  const lines = (await Promise.all(targets.map(async target => fetchLog(target, since, limit, cursors)))).flat()
  lines.sort((a, b) => a.timeMs - b.timeMs)
  const multiple = targets.length > 1
  if (options.json === true) {
    for (const line of lines) process.stdout.write(JSON.stringify(line) + '\n')
  } else {
    const text = formatLog(lines, multiple, options.follow !== true)
    if (text !== '') process.stdout.write(text + '\n')
  }
  if (options.follow !== true) return
  for (const line of lines) if (isFinished(line)) printed.add(line.id)

  // follow: ask again from the oldest unfinished entry (or the last seen), print what finished since
  for (;;) {
    await new Promise(resolve => setTimeout(resolve, FOLLOW_INTERVAL_MS))
    const fresh = (await Promise.all(targets.map(async target =>
      fetchLog(target, cursors.get(target.name) ?? since, limit, cursors).catch(() => [] as LogLine[])))).flat()
    const done = fresh.filter(line => isFinished(line) && !printed.has(line.id)).sort((a, b) => a.timeMs - b.timeMs)
    for (const line of done) {
      printed.add(line.id)
      process.stdout.write((options.json === true ? JSON.stringify(line) : formatRow(line, multiple).join('  ')) + '\n')
    }
  }
}

/** Pages through one provider's log from `since`; leaves in `cursors` where to ask next time. */
async function fetchLog (target: NamedApiTarget, since: string, limit: number, cursors: Map<string, string>): Promise<LogLine[]> {
  const lines: LogLine[] = []
  let from: string | undefined = since
  while (from != null && lines.length < limit) {
    const query = new URLSearchParams({ since: from, limit: String(Math.min(1_000, limit - lines.length)) })
    const page: TransparencyPage = await getJson<TransparencyPage>(target, `/api/transparency?${query.toString()}`)
    lines.push(...page.entries.map(entry => ({ ...entry, provider: target.name })))
    from = page.next
  }
  const open = lines.find(line => !isFinished(line))
  const last = lines.at(-1)
  const cursor = open?.id ?? last?.id
  if (cursor != null) cursors.set(target.name, cursor)
  return lines
}

function isFinished (entry: TransparencyEntry): boolean {
  return entry.durationMs != null
}

const HEADER = ['TIME', 'CUSTOMER', 'DESTINATION', 'DIALLED', 'DECISION', 'SENT', 'RECEIVED', 'DURATION', 'EARNED']

/** The log as a table for a person. */
export function formatLog (lines: LogLine[], multiple: boolean, summary: boolean): string {
  if (lines.length === 0) return summary ? 'No connections in this period.' : ''
  const header = multiple ? ['PROVIDER', ...HEADER] : HEADER
  const rows = lines.map(line => formatRow(line, multiple))
  const refused = lines.filter(line => line.decision === 'refused').length
  const out = [table(header, rows)]
  const jobs = lines.filter(line => line.job != null).length
  const connections = lines.length - jobs
  if (summary) out.push(`${connections} connection${connections === 1 ? '' : 's'}${jobs > 0 ? `, ${jobs} job${jobs === 1 ? '' : 's'}` : ''}, ${refused} refused`)
  return out.join('\n')
}

function formatRow (line: LogLine, multiple: boolean): string[] {
  const customer = line.customer.length > 16 ? `…${line.customer.slice(-12)}` : line.customer
  // a compute job: its module instead of a destination, its exit or what stopped it instead of the close
  const destination = line.job != null ? `job ${line.job.module.slice(0, 12)}` : `${line.host.includes(':') ? `[${line.host}]` : line.host}:${line.port}`
  const ended = line.job != null ? (line.job.exitCode != null ? `exit ${line.job.exitCode}` : line.reason) : line.end === 'closed' ? 'ok' : `ok, ${line.end}`
  const decision = line.decision === 'allowed'
    ? (line.end == null ? 'open' : ended)
    : `refused: ${line.reason}${line.rule != null ? ` (${line.rule})` : ''}`
  const cells = [
    new Date(line.timeMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    customer,
    destination,
    line.dialled ?? '-',
    decision,
    formatBytes(line.bytesSent),
    formatBytes(line.bytesReceived),
    line.durationMs == null ? '-' : `${(line.durationMs / 1000).toFixed(line.durationMs < 10_000 ? 2 : 0)} s`,
    line.earnedMicroUnits == null ? '-' : formatUnits(line.earnedMicroUnits)
  ]
  return multiple ? [line.provider, ...cells] : cells
}
