import { countryName } from '../cli/format.js'
import type { RunningNode } from './start-node.js'
import type { NatBehaviour, ReachabilityState } from '../libp2p/reachability.js'

/** What a daemon prints when it is ready; with --json, exactly this as one line. */
export interface ReadyInfo {
  role: string
  peerId: string
  /** dialable multiaddrs, each ending in /p2p/<peer id> */
  multiaddrs: string[]
  /** the local API, when the role has one */
  api?: string
  /** the Prometheus endpoint, when --metrics is on */
  metrics?: string
  country?: string
  /** services a provider advertises */
  services?: string[]
  /** rendezvous servers this node joins */
  bootstrap?: string[]
  /** a gateway's SOCKS5 front, "127.0.0.1:<port>" */
  socks?: string
  /** a gateway's HTTP proxy front, "127.0.0.1:<port>" */
  httpProxy?: string
  /** non-public ranges a provider's exit may reach (--exit-allow) */
  exitAllow?: string[]
  /** a rendezvous's credential signing key id: what nodes trust (--trust) */
  credentialKeyId?: string
  /** providers and gateways: whether others can dial it, its NAT, the relays it is reached through */
  reachability?: Pick<ReachabilityState, 'status' | 'nat' | 'publicIp' | 'publicAddrs' | 'relays' | 'error'>
}

/** The ready info of a started node. */
export function readyInfo (node: RunningNode, extra: Pick<ReadyInfo, 'api' | 'metrics' | 'country' | 'services' | 'bootstrap' | 'socks' | 'httpProxy' | 'exitAllow' | 'credentialKeyId'>): ReadyInfo {
  return {
    role: node.role,
    peerId: node.libp2p.peerId.toString(),
    multiaddrs: node.libp2p.getMultiaddrs().map(String),
    ...extra,
    ...(node.reachability != null ? { reachability: readyReach(node.reachability.state()) } : {})
  }
}

/** The ready message for a person. */
export function formatReady (info: ReadyInfo): string {
  const lines = [`peergrid ${info.role} ${info.peerId} is up.`]
  lines.push(`  listening on:`, ...info.multiaddrs.map(ma => `    ${ma}`))
  if (info.api != null) lines.push(`  local API: ${info.api}`)
  if (info.metrics != null) lines.push(`  metrics:   ${info.metrics}`)
  if (info.socks != null) lines.push(`  SOCKS5 proxy: ${info.socks}   (curl --socks5-hostname ${info.socks} https://example.com)`)
  if (info.httpProxy != null) lines.push(`  HTTP proxy:   ${info.httpProxy}   (curl -x http://${info.httpProxy} https://example.com)`)
  if (info.country != null) lines.push(`  advertising ${(info.services ?? []).join(', ')} from ${info.country} (${countryName(info.country)})`)
  if ((info.exitAllow ?? []).length > 0) lines.push(exitAllowWarning(info.exitAllow as string[]))
  if (info.role !== 'rendezvous' && (info.bootstrap ?? []).length === 0) {
    lines.push('  no --bootstrap given: this node is alone. Join a mesh with --bootstrap <multiaddr printed by `peergrid rendezvous`>')
  }
  if (info.reachability != null) lines.push(...formatReachability(info.reachability))
  if (info.credentialKeyId != null) lines.push(`  credential signing key: ${info.credentialKeyId}`)
  if (info.role === 'rendezvous' && info.multiaddrs[0] != null) {
    lines.push(`Other nodes join with: --bootstrap ${info.multiaddrs[0]}`)
  }
  return lines.join('\n')
}

/** The loud start-up warning of a provider whose exit may reach non-public ranges. */
export function exitAllowWarning (ranges: string[]): string {
  return [
    '  ' + '!'.repeat(72),
    `  WARNING: --exit-allow ${ranges.join(', ')}: customers can reach these NON-PUBLIC`,
    '  addresses through this exit. For local testing only; never on a real provider.',
    '  ' + '!'.repeat(72)
  ].join('\n')
}

function readyReach (state: ReachabilityState): NonNullable<ReadyInfo['reachability']> {
  const { status, nat, publicIp, publicAddrs, relays, error } = state
  return { status, nat, ...(publicIp != null ? { publicIp } : {}), publicAddrs, relays, ...(error != null ? { error } : {}) }
}

const NAT_WORDS: Record<NatBehaviour, string> = {
  unknown: 'not known yet',
  none: 'none',
  'port-preserving': 'keeps ports (hole punching works)',
  'port-changing': 'symmetric: changes ports (no hole punching)'
}

/** The reachability lines of the ready message. */
export function formatReachability (reach: NonNullable<ReadyInfo['reachability']>): string[] {
  if (reach.status === 'unknown') {
    return [`  reachability: unknown${reach.error != null ? ` (${reach.error})` : ' (no rendezvous to ask over TCP)'}`]
  }
  if (reach.status === 'public') {
    return [`  reachability: public, dialled back at ${reach.publicAddrs.join(', ')}; NAT: ${NAT_WORDS[reach.nat]}`]
  }
  const lines = [`  reachability: private (behind a NAT or firewall${reach.publicIp != null ? `, seen as ${reach.publicIp}` : ''}); NAT: ${NAT_WORDS[reach.nat]}`]
  if (reach.relays.length === 0) lines.push('  reached through: no relay yet (no rendezvous runs one, or none answered)')
  else lines.push('  reached through relays:', ...reach.relays.map(r => `    ${r.addr}   (${r.data ? 'carries data' : 'signalling only'})`))
  return lines
}
