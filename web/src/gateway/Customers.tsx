import { useQuery } from '@tanstack/react-query'
import { api } from '../api.js'
import { formatUnits } from '../format.js'
import { ErrorNote, Section, Table } from '../ui.js'

interface HostedCustomer { account: string, tunnels: number, sessions: number, spentMicroUnits: number }

/**
 * A hosted gateway's customers: each account that logged in with an API key,
 * its tunnels now, its sessions and spend since the gateway started. The
 * rendezvous operator issues and revokes the keys (operator view, Accounts).
 */
export function Customers () {
  const customers = useQuery({ queryKey: ['customers'], queryFn: async () => api<{ customers: HostedCustomer[] }>('/api/customers'), refetchInterval: 5_000 })
  const rows = customers.data?.customers ?? []
  return (
    <Section title="Customers and API keys">
      <ErrorNote error={customers.error} />
      <Table label="Customers logged in with API keys" head={['Account', 'Tunnels now', 'Sessions', 'Spent']}>
        {rows.map(c => <tr key={c.account}><td>{c.account}</td><td>{c.tunnels}</td><td>{c.sessions}</td><td>{formatUnits(c.spentMicroUnits)}</td></tr>)}
      </Table>
      {rows.length === 0 && <p className="empty">No customer has logged in with an API key yet. Keys come from the rendezvous: <code>peergrid account api-key &lt;account&gt;</code>.</p>}
    </Section>
  )
}
