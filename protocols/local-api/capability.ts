/** A capability record as JSON: what local APIs, the CLI and the dashboard show. */
export interface CapabilityView {
  peerId: string
  country: string
  /** 0 when unknown */
  asn: number
  services: string[]
  prices: { microsPerGiB: number, microsPerCpuSecond: number }
  limits: { maxProxyStreams: number, maxBandwidthBytesPerSecond: number, maxJobs: number, maxJobMemoryMiB: number }
  policy: { categories: string[], customerAllowlist: boolean, blockedPorts: number[], deniedDomains: string[] }
  seq: number
  /** ISO 8601 */
  issuedAt: string
  expiresAt: string
  addrs: string[]
  /** what the provider found out about its reachability (absent in older records) */
  reach?: { status: 'unknown' | 'public' | 'private', nat: 'unknown' | 'none' | 'port-preserving' | 'port-changing', dataRelays: string[] }
  /** whether its owner's controls let it serve now, and if not why (absent in older records: it serves) */
  serving?: { serving: boolean, reasons: string[] }
}
