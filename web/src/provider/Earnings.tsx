import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { api } from '../api.js'
import { TimeChart } from '../chart.js'
import { formatBytes, formatUnits, shortId } from '../format.js'
import { ErrorNote, Section, Table } from '../ui.js'
import type { EarningsSeries } from '../types.js'

interface EarningsView {
  connections: number
  jobs: number
  earnedMicroUnits: number
  byAccount: Array<{ account: string, connections: number, jobs: number, bytesSent: number, bytesReceived: number, earnedMicroUnits: number }>
  receipts: { waiting: number, settled: number, refused: number }
}

const PERIODS = { '24 h': [86_400_000, 60], '7 days': [7 * 86_400_000, 360], '30 days': [30 * 86_400_000, 1_440] } as const

/** What the provider earned: a chart over time, and by customer account. */
export function Earnings () {
  const [period, setPeriod] = useState<keyof typeof PERIODS>('24 h')
  const [spanMs, bucketMinutes] = PERIODS[period]
  const since = useMemo(() => Date.now() - spanMs, [spanMs])
  const totals = useQuery({ queryKey: ['earnings', period], queryFn: async () => api<EarningsView>(`/api/earnings?since=${since}`) })
  const series = useQuery({ queryKey: ['series', period], queryFn: async () => api<EarningsSeries>(`/api/earnings/series?since=${since}&bucketMinutes=${bucketMinutes}`) })
  const chart = useMemo(() => {
    const buckets = series.data?.buckets ?? []
    return {
      x: buckets.map(b => b.t / 1000),
      series: [
        { name: 'earned (units)', values: buckets.map(b => b.earnedMicroUnits / 1_000_000), color: '#2a7' },
        { name: 'MiB', values: buckets.map(b => b.bytes / 1048576), color: '#37c' }
      ]
    }
  }, [series.data])
  return (
    <Section title="Earnings" actions={
      <label>Period <select value={period} onChange={event => { setPeriod(event.target.value as keyof typeof PERIODS) }}>{Object.keys(PERIODS).map(p => <option key={p}>{p}</option>)}</select></label>
    }>
      <ErrorNote error={totals.error ?? series.error} />
      {totals.data != null && (
        <p className="headline">{formatUnits(totals.data.earnedMicroUnits)} units from {totals.data.connections} connections and {totals.data.jobs} jobs; receipts: {totals.data.receipts.waiting} waiting, {totals.data.receipts.settled} settled</p>
      )}
      {series.data != null && <TimeChart label={`Earnings and traffic over the last ${period}`} x={chart.x} series={chart.series} />}
      <Table label="Earnings by customer" head={['Account', 'Connections', 'Jobs', 'Traffic', 'Earned']}>
        {(totals.data?.byAccount ?? []).map(a => (
          <tr key={a.account}><td title={a.account}>{shortId(a.account)}</td><td>{a.connections}</td><td>{a.jobs}</td><td>{formatBytes(a.bytesSent + a.bytesReceived)}</td><td>{formatUnits(a.earnedMicroUnits)}</td></tr>
        ))}
      </Table>
    </Section>
  )
}
