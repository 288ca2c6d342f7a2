import { getJson, resolveProviderApis } from '../api-client.js'
import { countryName, formatBytes, formatMicros, formatUnits } from '../format.js'
import type { EarningsView, ProviderStatusView } from '../../provider/api.js'
import type { ApiTargetOptions } from '../api-client.js'

/** Options of `peergrid status`. */
export interface StatusOptions extends ApiTargetOptions {
  json?: boolean
}

/** One provider's summary: its status and what it earned in the last 24 h. */
interface ProviderSummary extends ProviderStatusView {
  provider: string
  earnings: EarningsView
}

/** `peergrid status`: a summary of the running provider (or of every devnet provider) for a terminal. */
export async function showStatus (options: StatusOptions): Promise<void> {
  const targets = await resolveProviderApis(options)
  const since = Date.now() - 86_400_000
  const summaries: ProviderSummary[] = await Promise.all(targets.map(async target => ({
    provider: target.name,
    ...await getJson<ProviderStatusView>(target, '/api/status'),
    earnings: await getJson<EarningsView>(target, `/api/earnings?since=${since}`)
  })))
  if (options.json === true) {
    process.stdout.write(summaries.map(s => JSON.stringify(s)).join('\n') + '\n')
    return
  }
  process.stdout.write(summaries.map(formatSummary).join('\n\n') + '\n')
}

/** A provider's summary for a person. */
export function formatSummary (summary: ProviderSummary): string {
  const { record, exit, reachability, earnings } = summary
  const lines = [`provider ${record?.peerId ?? summary.provider}`]
  if (record == null) {
    lines.push('  no capability record yet (the provider is starting)')
  } else {
    lines.push(`  offers ${record.services.join(', ')} from ${record.country} (${countryName(record.country)}) at ${formatMicros(record.prices.microsPerGiB)} per GiB, ${formatMicros(record.prices.microsPerCpuSecond)} per CPU-second`)
    lines.push(`  record seq ${record.seq}, expires ${record.expiresAt}`)
  }
  if (reachability != null) {
    const how = reachability.status === 'public'
      ? `public at ${reachability.publicAddrs.join(', ')}`
      : reachability.status === 'private'
        ? `behind a NAT (${reachability.nat}); reached through ${reachability.relays.length === 0 ? 'no relay yet' : reachability.relays.map(r => `${r.relay} (${r.data ? 'carries data' : 'signalling only'})`).join(', ')}`
        : `not known yet${reachability.error != null ? ` (${reachability.error})` : ''}`
    lines.push(`  reachability: ${how}`)
  }
  const controls = summary.controls
  if (controls != null) {
    const cap = controls.settings.monthlyDataCapBytes
    lines.push(`  serving: ${controls.decision.serve ? 'yes' : `NO — ${controls.decision.reasons.map(r => r.detail).join('; ')}`}; this month ${formatBytes(controls.usage.bytes)}${cap > 0 ? ` of a ${formatBytes(cap)} cap` : ''}`)
  }
  if (exit != null) lines.push(`  exit: ${exit.activeStreams} connection${exit.activeStreams === 1 ? '' : 's'} open now${exit.exitAllow.length > 0 ? `; may reach non-public ${exit.exitAllow.join(', ')}` : ''}`)
  lines.push(`  revocation list: version ${summary.revocationVersion}`)
  lines.push(`  last 24 h: ${earnings.connections} metered connection${earnings.connections === 1 ? '' : 's'}, ${earnings.jobs} paid job${earnings.jobs === 1 ? '' : 's'}, earned ${formatUnits(earnings.earnedMicroUnits)} units; receipts ${earnings.receipts.waiting} waiting, ${earnings.receipts.settled} settled`)
  return lines.join('\n')
}
