/**
 * The shapes of the local API's answers the dashboard reads: those the node
 * shares (protocols/local-api), and the few only the page reads, which
 * mirror the server's types named in each comment (web/ does not import
 * node/: it talks to it over HTTP).
 */
import type { CapabilityView, ControlsView } from '../../protocols/local-api/index.js'

export type { CapabilityView, ControlsView, EarningsSeries, OwnerSettings, TransparencyEntry, Weekday } from '../../protocols/local-api/index.js'

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

/** node/api/rules-route.ts: the rule set held */
export interface RuleSetView {
  version: number
  hash?: string
}
