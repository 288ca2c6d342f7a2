import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { api } from '../api.js'
import { TimeChart } from '../chart.js'
import { formatUnits, shortId } from '../format.js'
import { ErrorNote, Section, Table } from '../ui.js'
import type { CapabilityView } from '../types.js'

interface UsageSample { t: number, sessions: number, jobs: number, amount: number, receipts: number, refused: number }
interface ProviderRow extends CapabilityView { source: string, path?: { kind: string }, unusable?: string }

/** The gateway's spend since it started, over time, and the providers it can pick. */
export function Usage () {
  const series = useQuery({ queryKey: ['usage-series'], queryFn: async () => api<{ samples: UsageSample[] }>('/api/usage/series'), refetchInterval: 10_000 })
  const providers = useQuery({ queryKey: ['providers'], queryFn: async () => api<{ providers: ProviderRow[] }>('/api/providers'), refetchInterval: 5_000 })
  const samples = series.data?.samples ?? []
  const last = samples[samples.length - 1]
  const chart = useMemo(() => ({
    x: samples.map(s => s.t / 1000),
    series: [{ name: 'spent (units)', values: samples.map(s => s.amount / 1_000_000), color: '#c53' }]
  }), [samples])
  return (
    <>
      <Section title="Usage and spend">
        <ErrorNote error={series.error} />
        {last != null && <p className="headline">{formatUnits(last.amount)} units for {last.sessions} proxy sessions and {last.jobs} jobs since the gateway started</p>}
        {samples.length > 1 && <TimeChart label="Spend since the gateway started" x={chart.x} series={chart.series} />}
      </Section>
      <Section title="Providers">
        <ErrorNote error={providers.error} />
        <Table label="Providers the gateway knows" head={['Peer', 'Country', 'Services', 'Price per GiB', 'Reached', 'Used']}>
          {(providers.data?.providers ?? []).map(p => (
            <tr key={p.peerId} data-peer={p.peerId}>
              <td title={p.peerId}>{shortId(p.peerId)}</td>
              <td>{p.country}</td>
              <td>{p.services.join(', ')}</td>
              <td>{formatUnits(p.prices.microsPerGiB)}</td>
              <td>{p.path?.kind ?? ''}</td>
              <td>{p.unusable ?? 'yes'}</td>
            </tr>
          ))}
        </Table>
      </Section>
    </>
  )
}
