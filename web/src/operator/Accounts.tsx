import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../api.js'
import { ErrorNote, Section, Table } from '../ui.js'

interface AccountRow { account: string, role: string, createdAt: string, disabled: boolean, hosted: boolean }
/** Where the rendezvous keeps its books, and whether they answer (GET /api/status). */
interface DatabaseView { store: 'leveldb' | 'postgresql', state: 'up' | 'down', since: string, error?: string }

/** Accounts: create one (its enrollment key is shown once), issue API keys, revoke. */
export function Accounts () {
  const queries = useQueryClient()
  const accounts = useQuery({ queryKey: ['accounts'], queryFn: async () => api<{ accounts: AccountRow[] }>('/api/accounts') })
  const status = useQuery({ queryKey: ['operator-status'], queryFn: async () => api<{ credentialKeyId: string, revocationVersion: number, database?: DatabaseView }>('/api/status') })
  const [secret, setSecret] = useState<string>()
  const refresh = (): void => {
    void queries.invalidateQueries({ queryKey: ['accounts'] })
    void queries.invalidateQueries({ queryKey: ['operator-status'] })
  }
  const create = useMutation({
    mutationFn: async (role: string) => api<AccountRow & { enrollmentKey: string }>('/api/accounts', { body: { role } }),
    onSuccess: (made) => { setSecret(`Enrollment key of ${made.account} (shown once): ${made.enrollmentKey}`); refresh() }
  })
  const revoke = useMutation({ mutationFn: async (id: string) => api(`/api/accounts/${encodeURIComponent(id)}/revoke`, { method: 'POST' }), onSuccess: refresh })
  const apiKey = useMutation({
    mutationFn: async (id: string) => api<{ account: string, apiKey: string }>(`/api/accounts/${encodeURIComponent(id)}/api-keys`, { method: 'POST' }),
    onSuccess: (made) => { setSecret(`API key of ${made.account} (shown once): ${made.apiKey}`) }
  })
  return (
    <Section title="Accounts" actions={
      <span className="toolbar">
        <button type="button" onClick={() => { create.mutate('provider') }}>New provider account</button>
        <button type="button" onClick={() => { create.mutate('customer') }}>New customer account</button>
      </span>
    }>
      <ErrorNote error={accounts.error ?? create.error ?? revoke.error ?? apiKey.error} />
      {secret != null && <p role="status" className="secret"><code>{secret}</code></p>}
      {status.data?.database?.state === 'down' && <p role="alert">The books ({status.data.database.store}) cannot be reached since {new Date(status.data.database.since).toLocaleString()}: accounts, credit and payouts wait until they are back{status.data.database.error != null ? ` (${status.data.database.error})` : ''}.</p>}
      {status.data != null && <p className="muted">Books in {status.data.database?.store === 'postgresql' ? 'PostgreSQL (shared by every rendezvous on it)' : 'this rendezvous\'s LevelDB'}; credential signing key {status.data.credentialKeyId}; revocation list version {status.data.revocationVersion} ({(accounts.data?.accounts ?? []).filter(a => a.disabled).length} revoked)</p>}
      <Table label="Accounts" head={['Account', 'Role', 'Created', 'State', 'Actions']}>
        {(accounts.data?.accounts ?? []).map(a => (
          <tr key={a.account}>
            <td>{a.account}</td>
            <td>{a.role}{a.hosted ? ' (hosted gateway)' : ''}</td>
            <td>{new Date(a.createdAt).toLocaleString()}</td>
            <td>{a.disabled ? 'revoked' : 'active'}</td>
            <td className="actions">
              {a.role === 'customer' && !a.disabled && <button type="button" onClick={() => { apiKey.mutate(a.account) }} aria-label={`New API key for ${a.account}`}>API key</button>}
              {!a.disabled && <button type="button" onClick={() => { if (window.confirm(`Revoke ${a.account}? Its credential stops working on every node.`)) revoke.mutate(a.account) }} aria-label={`Revoke ${a.account}`}>Revoke</button>}
            </td>
          </tr>
        ))}
      </Table>
    </Section>
  )
}
