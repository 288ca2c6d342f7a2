import type { RunningNode } from './start-node.js'

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
}

/** The ready info of a started node. */
export function readyInfo (node: RunningNode, extra: { api?: string, metrics?: string, country?: string }): ReadyInfo {
  return {
    role: node.role,
    peerId: node.libp2p.peerId.toString(),
    multiaddrs: node.libp2p.getMultiaddrs().map(String),
    ...extra
  }
}

/** The ready message for a person. */
export function formatReady (info: ReadyInfo): string {
  const lines = [`peergrid ${info.role} ${info.peerId} is up.`]
  lines.push(`  listening on:`, ...info.multiaddrs.map(ma => `    ${ma}`))
  if (info.api != null) lines.push(`  local API: ${info.api}`)
  if (info.metrics != null) lines.push(`  metrics:   ${info.metrics}`)
  if (info.role === 'rendezvous' && info.multiaddrs[0] != null) {
    lines.push(`Other nodes join with: --bootstrap ${info.multiaddrs[0]}`)
  }
  return lines.join('\n')
}
