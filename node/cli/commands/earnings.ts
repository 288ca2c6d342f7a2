import { getJson, resolveProviderApis } from '../api-client.js'
import { formatBytes, formatUnits, table } from '../format.js'
import { sinceParameter } from './log.js'
import type { EarningsView } from '../../provider/api.js'
import type { ApiTargetOptions } from '../api-client.js'

/** Options of `peergrid earnings`. */
export interface EarningsOptions extends ApiTargetOptions {
  /** from when: 10m, 2h, 3d, an ISO time or unix ms (default 24h) */
  since?: string
  json?: boolean
}

/** `peergrid earnings`: what the local provider's (or every devnet provider's) metered connections earned, by customer. */
export async function showEarnings (options: EarningsOptions): Promise<void> {
  const targets = await resolveProviderApis(options)
  const since = sinceParameter(options.since ?? '24h')
  const views = await Promise.all(targets.map(async target => ({ provider: target.name, ...await getJson<EarningsView>(target, `/api/earnings?since=${encodeURIComponent(since)}`) })))
  if (options.json === true) {
    process.stdout.write(JSON.stringify(views.length === 1 ? views[0] : views) + '\n')
    return
  }
  const out: string[] = []
  for (const view of views) {
    if (views.length > 1) out.push(`${view.provider}:`)
    out.push(`${view.connections} metered connection${view.connections === 1 ? '' : 's'} since ${new Date(view.since).toISOString()} earned ${formatUnits(view.earnedMicroUnits)} units (before the operator's fee)${view.truncated ? ' (only the first 100,000 log entries counted)' : ''}`)
    if (view.byAccount.length > 0) {
      out.push(table(['ACCOUNT', 'CONNECTIONS', 'SENT', 'RECEIVED', 'EARNED'], view.byAccount.map(a => [a.account, String(a.connections), formatBytes(a.bytesSent), formatBytes(a.bytesReceived), formatUnits(a.earnedMicroUnits)])))
    }
    out.push(`receipts: ${view.receipts.waiting} waiting for the rendezvous, ${view.receipts.settled} settled, ${view.receipts.refused} refused (since the provider started)`)
  }
  process.stdout.write(out.join('\n') + '\n')
}
