import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../api.js'
import { formatUnits } from '../format.js'
import { ErrorNote, Section, Table } from '../ui.js'

interface Balance { account: string, kind?: string, balance: number }
interface Payout { id?: string, account: string, amount: number, state: string, reference?: string, createdAt?: string }

/** The ledger's balances and its check, the payouts due and made, and a payout run. */
export function Books () {
  const queries = useQueryClient()
  const ledger = useQuery({ queryKey: ['ledger'], queryFn: async () => api<{ balances: Balance[] }>('/api/ledger'), refetchInterval: 10_000 })
  const check = useQuery({ queryKey: ['ledger-check'], queryFn: async () => api<{ ok: boolean, total: number }>('/api/ledger/check'), refetchInterval: 30_000 })
  const payouts = useQuery({ queryKey: ['payouts'], queryFn: async () => api<{ payouts: Payout[] }>('/api/payouts?limit=100'), retry: false })
  const run = useMutation({
    mutationFn: async () => api<unknown>('/api/payouts/run', { method: 'POST' }),
    onSuccess: () => { void queries.invalidateQueries({ queryKey: ['payouts'] }); void queries.invalidateQueries({ queryKey: ['ledger'] }) }
  })
  return (
    <>
      <Section title="Ledger" actions={check.data != null ? <span role="status" className={check.data.ok ? 'ok' : 'warn'}>{check.data.ok ? 'the books add up' : `the books do not add up (total ${formatUnits(check.data.total)})`}</span> : undefined}>
        <ErrorNote error={ledger.error} />
        <Table label="Balances" head={['Account', 'Balance']}>
          {(ledger.data?.balances ?? []).map(b => <tr key={b.account}><td>{b.account}</td><td>{formatUnits(b.balance)}</td></tr>)}
        </Table>
      </Section>
      <Section title="Payouts" actions={<button type="button" onClick={() => { run.mutate() }} disabled={run.isPending || payouts.error != null}>Run payouts now</button>}>
        <ErrorNote error={payouts.error ?? run.error} />
        <Table label="Payouts" head={['Account', 'Amount', 'State', 'Reference']}>
          {(payouts.data?.payouts ?? []).map((p, i) => <tr key={p.id ?? i}><td>{p.account}</td><td>{formatUnits(p.amount)}</td><td>{p.state}</td><td>{p.reference ?? ''}</td></tr>)}
        </Table>
      </Section>
    </>
  )
}
