/**
 * The shapes of the local API's answers the dashboard reads. web/ does not
 * import node/ (it talks to it over HTTP); these mirror the server's types
 * named in each comment, and the browser tests check them against a
 * running node.
 */

/** node/db/transparency-repository.ts TransparencyEntry */
export interface TransparencyEntry {
  id: string
  timeMs: number
  customer: string
  account?: string
  host: string
  port: number
  dialled?: string
  decision: 'allowed' | 'refused'
  reason: string
  rule?: string
  bytesSent: number
  bytesReceived: number
  durationMs?: number
  end?: string
  earnedMicroUnits?: number
  job?: { module: string, exitCode?: number, error?: string, cpuMs?: number, wallMs?: number }
}

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat'

/** node/provider/controls/settings.ts OwnerSettings */
export interface OwnerSettings {
  paused: boolean
  monthlyDataCapBytes: number
  schedule?: { timeZone: string, windows: Array<{ days: Weekday[], from: string, to: string }> }
  maxLoadPerCpu?: number
  bandwidthBytesPerSecond: number
  jobCpuPercent: number
  jobMemoryPercent: number
  allowCustomers: string[]
  blockCustomers: string[]
  denyDestinations: string[]
  allowDestinations: string[]
}

/** node/provider/controls/owner-controls.ts ControlsView */
export interface ControlsView {
  settings: OwnerSettings
  source: 'config' | 'stored'
  updatedAtMs: number
  decision: { serve: boolean, reasons: Array<{ code: string, detail: string }> }
  usage: { month: string, bytes: number }
  loadPerCpu: number
}

/** protocols/capability/view.ts CapabilityView (the parts shown) */
export interface CapabilityView {
  peerId: string
  country: string
  services: string[]
  prices: { microsPerGiB: number, microsPerCpuSecond: number }
  limits: { maxProxyStreams: number, maxBandwidthBytesPerSecond: number, maxJobs: number, maxJobMemoryMiB: number }
  seq: number
  expiresAt: string
  addrs: string[]
  reach?: { status: string, nat: string, dataRelays: string[] }
  serving?: { serving: boolean, reasons: string[] }
}

/** node/provider/api.ts ProviderStatusView */
export interface ProviderStatus {
  record: CapabilityView | null
  exit: { activeStreams: number } | null
  revocationVersion: number
  reachability?: { status: string, nat: string, publicAddrs: string[], relays: Array<{ relay: string, data: boolean }> }
  controls?: ControlsView
  peers?: number
  rendezvous?: string[]
  credential?: { account: string, expiresAt: string } | null
}

/** node/provider/api.ts EarningsSeries */
export interface EarningsSeries {
  since: number
  bucketMs: number
  buckets: Array<{ t: number, connections: number, jobs: number, bytes: number, earnedMicroUnits: number }>
}

/** node/api/rules-route.ts: the rule set held */
export interface RuleSetView {
  version: number
  hash?: string
}
