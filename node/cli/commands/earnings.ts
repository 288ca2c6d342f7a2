import { getJson, resolveProviderApis } from '../api-client.js'
import { formatBytes, formatUnits, table } from '../format.js'
import { sinceParameter } from './log.js'
import type { EarningsView } from '../../provider/api.js'
import type { EarningsVerification } from '../../provider/verify-route.js'
import type { ApiTargetOptions, NamedApiTarget } from '../api-client.js'

/** `peergrid earnings --verify` waits this long for the rendezvous's statement. */
export const VERIFY_CLIENT_TIMEOUT_MS = 70_000

/** Options of `peergrid earnings`. */
export interface EarningsOptions extends ApiTargetOptions {
  /** from when: 10m, 2h, 3d, an ISO time or unix ms (default 24h) */
  since?: string
  verify?: boolean
  all?: boolean
  json?: boolean
}

/** `peergrid earnings`: what the local provider's (or every devnet provider's) metered connections and paid jobs earned, by customer. */
export async function showEarnings (options: EarningsOptions): Promise<void> {
  const targets = await resolveProviderApis(options)
  const since = sinceParameter(options.since ?? '24h')
  if (options.verify === true) {
    await verifyEarnings(targets, since, options)
    return
  }
  const views = await fromEveryProvider<EarningsView>(targets, `/api/earnings?since=${encodeURIComponent(since)}`)
  if (options.json === true) {
    printJson(views)
    return
  }
  const out: string[] = []
  for (const view of views) {
    if (views.length > 1) out.push(`${view.provider}:`)
    out.push(`${view.connections} metered connection${view.connections === 1 ? '' : 's'} and ${view.jobs} paid job${view.jobs === 1 ? '' : 's'} since ${new Date(view.since).toISOString()} earned ${formatUnits(view.earnedMicroUnits)} units (before the operator's fee)${view.truncated ? ' (only the first 100,000 log entries counted)' : ''}`)
    if (view.byAccount.length > 0) {
      out.push(table(['ACCOUNT', 'CONNECTIONS', 'SENT', 'RECEIVED', 'JOBS', 'CPU', 'EARNED'], view.byAccount.map(a => [a.account, String(a.connections), formatBytes(a.bytesSent), formatBytes(a.bytesReceived), String(a.jobs), `${(a.cpuMs / 1000).toFixed(1)} s`, formatUnits(a.earnedMicroUnits)])))
    }
    out.push(`receipts: ${view.receipts.waiting} waiting for the rendezvous, ${view.receipts.settled} settled, ${view.receipts.refused} refused (since the provider started)`)
  }
  process.stdout.write(out.join('\n') + '\n')
}

/** `peergrid earnings --verify`: each provider's counters beside the rendezvous's books; exit 1 when anything differs. */
async function verifyEarnings (targets: NamedApiTarget[], since: string, options: EarningsOptions): Promise<void> {
  const views = await fromEveryProvider<EarningsVerification>(targets, `/api/earnings/verify?since=${encodeURIComponent(since)}`, VERIFY_CLIENT_TIMEOUT_MS)
  if (views.some(v => v.differences > 0)) process.exitCode = 1
  if (options.json === true) {
    printJson(views)
    return
  }
  const out: string[] = []
  for (const view of views) {
    if (views.length > 1) out.push(`${view.provider}:`)
    const counts = Object.entries(view.counts).map(([status, n]) => `${n} ${status}`).join(', ')
    out.push(`${view.sessions.length} metered session${view.sessions.length === 1 ? '' : 's'} since ${new Date(view.since).toISOString()} beside the books of rendezvous ${view.rendezvous}: ${counts === '' ? 'none' : counts}`)
    out.push(`counted ${formatUnits(view.totals.counted)}, counter-signed ${formatUnits(view.totals.countersigned)}, booked ${formatUnits(view.totals.booked)} units (before the operator's fee)${view.truncated ? ' (truncated: more sessions than could be read)' : ''}`)
    const shown = view.sessions.filter(s => options.all === true || (s.status !== 'ok' && s.status !== 'open'))
    if (shown.length > 0) {
      out.push(table(['SESSION', 'ACCOUNT', 'COUNTED', 'SIGNED', 'BOOKED', 'STATUS', 'DETAIL'], shown.map(s => [
        s.session, s.account ?? '-', s.counted == null ? '-' : formatUnits(s.counted.amount), formatUnits(s.countersigned), s.booked == null ? '-' : formatUnits(s.booked.amount), s.status, s.detail ?? ''
      ])))
    }
    out.push(view.differences === 0 ? 'No difference.' : `${view.differences} difference${view.differences === 1 ? '' : 's'}.`)
  }
  process.stdout.write(out.join('\n') + '\n')
}

/** Asks every provider the same path; each answer named by its provider. */
async function fromEveryProvider<T> (targets: NamedApiTarget[], path: string, timeoutMs?: number): Promise<Array<T & { provider: string }>> {
  return Promise.all(targets.map(async target => ({ provider: target.name, ...await getJson<T>(target, path, timeoutMs) })))
}

/** One provider's answer as itself, several as a list. */
function printJson (views: unknown[]): void {
  process.stdout.write(JSON.stringify(views.length === 1 ? views[0] : views) + '\n')
}
