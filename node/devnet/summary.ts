import { countryName } from '../cli/format.js'
import type { DevnetReady } from './devnet.js'

/** The devnet's ready message for a person. */
export function formatDevnet (ready: DevnetReady, known: number, count: number): string {
  const lines = [
    `peergrid devnet is up: 1 rendezvous, ${count} provider${count === 1 ? '' : 's'}, 1 gateway (one process each).`,
    `  rendezvous  ${ready.rendezvous}`,
    ...ready.providers.map(p => `  provider    ${p.peerId}  ${p.country} ${countryName(p.country)}`),
    `  gateway     API ${ready.gatewayApi}  (knows ${known} of ${count} providers)`,
    '',
    'Try:   npx peergrid providers',
    `Logs:  ${ready.dataDir}/<node>/node.log`,
    'Stop:  Ctrl-C'
  ]
  return lines.join('\n')
}
