import { useQuery } from '@tanstack/react-query'
import { api } from '../api.js'
import { formatClock } from '../format.js'
import { ErrorNote, Section, Table } from '../ui.js'

interface JobRow { id: string, createdAtMs: number, moduleSha256: string, state: string, agree?: boolean, replicas: Array<{ provider?: string, state?: string }> }

/** The jobs this gateway sent in the last hour. */
export function Jobs () {
  const jobs = useQuery({ queryKey: ['gateway-jobs'], queryFn: async () => api<{ jobs: JobRow[] }>('/api/jobs'), refetchInterval: 5_000 })
  const rows = jobs.data?.jobs ?? []
  return (
    <Section title="Jobs">
      <ErrorNote error={jobs.error} />
      <Table label="Jobs sent" head={['Time', 'Job', 'Module', 'State', 'Replicas']}>
        {rows.map(job => (
          <tr key={job.id}>
            <td>{formatClock(job.createdAtMs)}</td>
            <td>{job.id}</td>
            <td title={job.moduleSha256}>{job.moduleSha256.slice(0, 12)}</td>
            <td>{job.state}{job.agree === false ? ' (replicas disagree)' : ''}</td>
            <td>{job.replicas.length}</td>
          </tr>
        ))}
      </Table>
      {rows.length === 0 && <p className="empty">No job in the last hour: `peergrid job run module.wasm` sends one.</p>}
    </Section>
  )
}
