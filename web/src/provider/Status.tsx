import { useQuery } from '@tanstack/react-query'
import { api } from '../api.js'
import { formatBytes, formatUnits } from '../format.js'
import { ErrorNote, Fact, Section } from '../ui.js'
import type { ProviderStatus, RuleSetView } from '../types.js'

/** How the provider stands: its offer, the mesh, reachability, the network's rules, its credential. */
export function Status () {
  const status = useQuery({ queryKey: ['status'], queryFn: async () => api<ProviderStatus>('/api/status'), refetchInterval: 5_000 })
  const rules = useQuery({ queryKey: ['rules'], queryFn: async () => api<RuleSetView>('/api/rules'), refetchInterval: 30_000 })
  const s = status.data
  if (s == null) return <ErrorNote error={status.error} />
  const record = s.record
  const reach = s.reachability
  return (
    <Section title="Status">
      <dl className="facts">
        <Fact name="Peer id">{record?.peerId ?? 'no record yet'}</Fact>
        {record != null && <Fact name="Offers">{record.services.join(', ')} from {record.country}, {formatUnits(record.prices.microsPerGiB)} per GiB, {formatUnits(record.prices.microsPerCpuSecond)} per CPU-second</Fact>}
        {record != null && <Fact name="Limits">{record.limits.maxBandwidthBytesPerSecond > 0 ? `${formatBytes(record.limits.maxBandwidthBytesPerSecond)}/s` : 'no bandwidth limit'}, {record.limits.maxProxyStreams} connections</Fact>}
        <Fact name="Serving">{record?.serving == null || record.serving.serving ? 'yes' : `no: ${record.serving.reasons.join(', ')}`}</Fact>
        <Fact name="Connections open">{s.exit?.activeStreams ?? 0}</Fact>
        <Fact name="Peers">{s.peers ?? '?'}</Fact>
        <Fact name="Rendezvous">{s.rendezvous == null || s.rendezvous.length === 0 ? 'none connected' : s.rendezvous.join(', ')}</Fact>
        <Fact name="Reachability">{reach == null ? 'not checked' : reach.status === 'public' ? `public at ${reach.publicAddrs.join(', ')}` : reach.status === 'private' ? `behind a NAT (${reach.nat}), relays: ${reach.relays.map(r => `${r.relay}${r.data ? ' (data)' : ''}`).join(', ') || 'none yet'}` : 'not known yet'}</Fact>
        <Fact name="Rule set">{rules.data == null ? '…' : rules.data.version === 0 ? 'none held' : `version ${rules.data.version}, sha-256 ${rules.data.hash ?? ''}`}</Fact>
        <Fact name="Revocation list">version {s.revocationVersion}</Fact>
        <Fact name="Credential">{s.credential == null ? 'none (not registered)' : `account ${s.credential.account}, expires ${new Date(s.credential.expiresAt).toLocaleString()}`}</Fact>
        {record != null && <Fact name="Capability record">seq {record.seq}, expires {new Date(record.expiresAt).toLocaleString()}</Fact>}
      </dl>
    </Section>
  )
}
