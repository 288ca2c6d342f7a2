import { Reach } from './pb/capability.js'
import { recordAddrs } from './record.js'
import type { VerifiedCapability } from './record.js'
import type { CapabilityView } from '../local-api/index.js'

export type { CapabilityView } from '../local-api/index.js'

const STATUS_NAMES = { [Reach.Status.UNKNOWN]: 'unknown', [Reach.Status.PUBLIC]: 'public', [Reach.Status.PRIVATE]: 'private' } as const
const NAT_NAMES = { [Reach.Nat.NAT_UNKNOWN]: 'unknown', [Reach.Nat.NO_NAT]: 'none', [Reach.Nat.PORT_PRESERVING]: 'port-preserving', [Reach.Nat.PORT_CHANGING]: 'port-changing' } as const

/** The JSON view of a verified record. */
export function toCapabilityView ({ peerId, record }: Pick<VerifiedCapability, 'peerId' | 'record'>): CapabilityView {
  return {
    peerId: peerId.toString(),
    country: record.country,
    asn: record.asn,
    services: record.services,
    prices: { microsPerGiB: record.prices?.microsPerGib ?? 0, microsPerCpuSecond: record.prices?.microsPerCpuSecond ?? 0 },
    limits: {
      maxProxyStreams: record.limits?.maxProxyStreams ?? 0,
      maxBandwidthBytesPerSecond: record.limits?.maxBandwidthBytesPerSecond ?? 0,
      maxJobs: record.limits?.maxJobs ?? 0,
      maxJobMemoryMiB: record.limits?.maxJobMemoryMib ?? 0
    },
    policy: {
      categories: record.policy?.categories ?? [],
      customerAllowlist: record.policy?.customerAllowlist ?? false,
      blockedPorts: record.policy?.blockedPorts ?? [],
      deniedDomains: record.policy?.deniedDomains ?? []
    },
    seq: record.seq,
    issuedAt: new Date(record.issuedAtMs).toISOString(),
    expiresAt: new Date(record.expiresAtMs).toISOString(),
    addrs: recordAddrs(record).map(String),
    ...(record.reach != null
      ? { reach: { status: STATUS_NAMES[record.reach.status] ?? 'unknown', nat: NAT_NAMES[record.reach.nat] ?? 'unknown', dataRelays: record.reach.dataRelays } }
      : {}),
    ...(record.serving != null ? { serving: { serving: record.serving.serving, reasons: record.serving.reasons } } : {})
  }
}
