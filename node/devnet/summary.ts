import { countryName } from '../cli/format.js'
import type { DevnetReady } from './devnet.js'

/** The devnet's ready message for a person. */
export function formatDevnet (ready: DevnetReady, known: number, count: number): string {
  const lines = [
    `peergrid devnet is up: 1 rendezvous, ${count} provider${count === 1 ? '' : 's'}, 1 gateway (one process each).`,
    `  rendezvous  ${ready.rendezvous}`,
    ...ready.providers.map(p => `  provider    ${p.peerId}  ${p.country} ${countryName(p.country)}`),
    `  gateway     API ${ready.gatewayApi}  (knows ${known} of ${count} providers)`,
    `              SOCKS5 ${ready.socks}   HTTP proxy ${ready.httpProxy}`,
    ...(ready.exitAllow.length > 0
      ? [`  WARNING: the exits may reach ${ready.exitAllow.join(', ')} (--exit-allow): local testing only`]
      : ['  The exits reach public addresses only; add --exit-allow 127.0.0.0/8 to proxy to servers on this machine.']),
    '',
    `Try:   curl --socks5-hostname ${ready.socks} https://example.com`,
    `       curl -x http://${ready.httpProxy} https://example.com`,
    `       curl -x socks5h://country-us@${ready.socks} https://example.com   (options in the username: country-<cc>, session-<id>, ttl-<s>)`,
    '       npx peergrid providers      npx peergrid log      npx peergrid status',
    'Web:   npx peergrid dashboard    (a one-time login link to each node\'s dashboard: live feed and controls, usage and workflows, the operator\'s books)',
    'Owner: npx peergrid pause | resume | policy | block    (a provider owner\'s controls; --data-dir picks one provider)',
    `Logs:  ${ready.dataDir}/<node>/node.log`,
    'Stop:  Ctrl-C'
  ]
  return lines.join('\n')
}
