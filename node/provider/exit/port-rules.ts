/** A range of destination ports refused by default, with its rationale. */
export interface PortRule {
  from: number
  to: number
  rationale: string
}

/**
 * Ports a provider refuses unless a later rule set allows them: Tor's default
 * exit policy (tor(1), ExitPolicy: "reject *:25, reject *:119,
 * reject *:135-139, reject *:445, reject *:563, reject *:1214,
 * reject *:4661-4666, reject *:6346-6429, reject *:6699, reject *:6881-6999,
 * accept *:*"), plus the other SMTP submission ports, since mail spam is the
 * abuse that gets residential exits blocklisted.
 */
export const DEFAULT_BLOCKED_PORTS: readonly PortRule[] = [
  { from: 25, to: 25, rationale: 'SMTP relay: spam (Tor default exit policy)' },
  { from: 119, to: 119, rationale: 'NNTP: Usenet abuse (Tor default exit policy)' },
  { from: 135, to: 139, rationale: 'Windows RPC and NetBIOS (Tor default exit policy)' },
  { from: 445, to: 445, rationale: 'SMB: worms (Tor default exit policy)' },
  { from: 465, to: 465, rationale: 'SMTP over TLS: spam' },
  { from: 563, to: 563, rationale: 'NNTP over TLS (Tor default exit policy)' },
  { from: 587, to: 587, rationale: 'SMTP submission: spam' },
  { from: 1214, to: 1214, rationale: 'Kazaa file sharing (Tor default exit policy)' },
  { from: 2525, to: 2525, rationale: 'alternative SMTP submission: spam' },
  { from: 4661, to: 4666, rationale: 'eDonkey file sharing (Tor default exit policy)' },
  { from: 6346, to: 6429, rationale: 'Gnutella file sharing (Tor default exit policy)' },
  { from: 6699, to: 6699, rationale: 'WinMX file sharing (Tor default exit policy)' },
  { from: 6881, to: 6999, rationale: 'BitTorrent (Tor default exit policy)' }
]

/** The rule that blocks `port`, or undefined. */
export function blockedPortRule (port: number, rules: readonly PortRule[] = DEFAULT_BLOCKED_PORTS): PortRule | undefined {
  return rules.find(rule => port >= rule.from && port <= rule.to)
}
