import { getJson, resolveGatewayApi } from '../api-client.js'
import { countryName, formatMicros, table } from '../format.js'
import type { ProviderView } from '../../gateway/api.js'
import type { ApiTargetOptions } from '../api-client.js'

/** Options of `peergrid providers`. */
export interface ProvidersOptions extends ApiTargetOptions {
  json?: boolean
  service?: string
  country?: string
}

/** `peergrid providers`: prints the providers the local gateway knows. */
export async function listProviders (options: ProvidersOptions): Promise<void> {
  const target = await resolveGatewayApi(options)
  const query = new URLSearchParams()
  if (options.service != null) query.set('service', options.service)
  if (options.country != null) query.set('country', options.country)
  const path = '/api/providers' + (query.size > 0 ? `?${query.toString()}` : '')
  const { providers } = await getJson<{ providers: ProviderView[] }>(target, path)
  if (options.json === true) {
    process.stdout.write(JSON.stringify(providers) + '\n')
    return
  }
  process.stdout.write(formatProviders(providers) + '\n')
}

/** The providers as a table for a person. */
export function formatProviders (providers: ProviderView[]): string {
  if (providers.length === 0) return 'The gateway knows no live provider yet.'
  const rows = providers.map(p => [
    p.peerId,
    `${p.country} ${countryName(p.country)}`,
    p.services.join(','),
    formatMicros(p.prices.microsPerGiB),
    `${Math.max(0, Math.round((Date.parse(p.expiresAt) - Date.now()) / 1000))} s`,
    p.source,
    reachedBy(p)
  ])
  const header = ['PEER ID', 'COUNTRY', 'SERVICES', 'PRICE/GiB', 'EXPIRES IN', 'SOURCE', 'REACHED']
  const skipped = providers.filter(p => p.unusable != null).map(p => `  not used: ${p.unusable as string}`)
  return [table(header, rows), `${providers.length} provider${providers.length === 1 ? '' : 's'}`, ...skipped].join('\n')
}

/** How the gateway reaches a provider: the path it used, else what the record says. */
function reachedBy (provider: ProviderView): string {
  if (provider.unusable != null) return 'no data path'
  if (provider.path != null) return provider.path.path
  if (provider.reach?.status === 'private') return provider.reach.dataRelays.length > 0 ? 'not yet (NAT; data relay)' : 'not yet (NAT; punch)'
  return provider.reach?.status === 'public' ? 'not yet (public)' : 'not yet'
}
