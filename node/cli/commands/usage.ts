import { getJson, resolveGatewayApi } from '../api-client.js'
import { formatUnits } from '../format.js'
import type { UsageView } from '../../gateway/api.js'
import type { ApiTargetOptions } from '../api-client.js'

/** `peergrid usage`: what the running gateway's metered sessions and paid jobs cost since it started. */
export async function showUsage (options: ApiTargetOptions & { json?: boolean }): Promise<void> {
  const target = await resolveGatewayApi(options)
  const usage = await getJson<UsageView>(target, '/api/usage')
  if (options.json === true) {
    process.stdout.write(JSON.stringify(usage) + '\n')
    return
  }
  if (!usage.metering) {
    process.stdout.write('This gateway signs no receipts (it holds no credential): metering exits refuse it.\n')
    return
  }
  process.stdout.write([
    `${usage.sessions} metered session${usage.sessions === 1 ? '' : 's'} and ${usage.jobs} paid job${usage.jobs === 1 ? '' : 's'} since the gateway started: ${formatUnits(usage.amount)} units, as signed for the providers`,
    `receipts: ${usage.receipts} counter-signed, ${usage.refused} not (each one missed is covered by the session's next)`
  ].join('\n') + '\n')
}
