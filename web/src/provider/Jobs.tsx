import { useQuery } from '@tanstack/react-query'
import { api } from '../api.js'
import { formatClock, formatUnits, shortId } from '../format.js'
import { ErrorNote, Section, Table } from '../ui.js'
import type { TransparencyEntry } from '../types.js'

/** The jobs this provider ran or refused in the last 24 h. */
export function Jobs () {
  const jobs = useQuery({
    queryKey: ['jobs'],
    queryFn: async () => api<{ entries: TransparencyEntry[] }>(`/api/transparency?kind=job&since=${Date.now() - 86_400_000}&limit=500`),
    refetchInterval: 10_000
  })
  const entries = [...(jobs.data?.entries ?? [])].reverse()
  return (
    <Section title="Jobs">
      <ErrorNote error={jobs.error} />
      <Table label="Jobs run" head={['Time', 'Customer', 'Module', 'Outcome', 'CPU', 'Wall', 'Earned']}>
        {entries.map(e => (
          <tr key={e.id}>
            <td>{formatClock(e.timeMs)}</td>
            <td title={e.customer}>{e.account ?? shortId(e.customer)}</td>
            <td title={e.job?.module}>{e.job?.module.slice(0, 12)}</td>
            <td>{e.decision === 'refused' ? `refused: ${e.reason}` : e.job?.error ?? `exit ${e.job?.exitCode ?? '?'}`}</td>
            <td>{e.job?.cpuMs != null ? `${Math.round(e.job.cpuMs)} ms` : ''}</td>
            <td>{e.job?.wallMs != null ? `${Math.round(e.job.wallMs)} ms` : ''}</td>
            <td>{e.earnedMicroUnits != null ? formatUnits(e.earnedMicroUnits) : ''}</td>
          </tr>
        ))}
      </Table>
      {entries.length === 0 && <p className="empty">No job in the last 24 h.</p>}
    </Section>
  )
}
