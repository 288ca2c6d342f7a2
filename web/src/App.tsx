import { useQuery } from '@tanstack/react-query'
import { Suspense, lazy, useEffect, useState } from 'react'
import { api } from './api.js'
import { ErrorNote } from './ui.js'

const ProviderView = lazy(async () => import('./provider/ProviderView.js'))
const GatewayView = lazy(async () => import('./gateway/GatewayView.js'))
const OperatorView = lazy(async () => import('./operator/OperatorView.js'))

/** The tab in the URL's hash: #/feed, #/controls, ... (no server routes needed). */
export function useHashTab (tabs: readonly string[]): [string, (tab: string) => void] {
  const read = (): string => {
    const tab = window.location.hash.replace(/^#\/?/, '')
    return tabs.includes(tab) ? tab : tabs[0] as string
  }
  const [tab, setTab] = useState(read)
  useEffect(() => {
    const onHash = (): void => { setTab(read()) }
    window.addEventListener('hashchange', onHash)
    return () => { window.removeEventListener('hashchange', onHash) }
  })
  return [tab, (next) => { window.location.hash = `/${next}` }]
}

/** Tabs as a keyboard-usable navigation. */
export function Tabs ({ tabs, current, label }: { tabs: ReadonlyArray<readonly [string, string]>, current: string, label: string }) {
  return (
    <nav aria-label={label} className="tabs">
      {tabs.map(([id, name]) => <a key={id} href={`#/${id}`} aria-current={id === current ? 'page' : undefined}>{name}</a>)}
    </nav>
  )
}

/** The dashboard: the view of the node's role (provider, customer gateway, operator's rendezvous). */
export function App () {
  const whoami = useQuery({ queryKey: ['whoami'], queryFn: async () => api<{ role: string }>('/api/whoami') })
  const role = whoami.data?.role
  return (
    <div className="app">
      <header className="top">
        <h1>peergrid <span className="role">{role === 'gateway' ? 'customer' : role === 'rendezvous' ? 'operator' : role ?? ''}</span></h1>
      </header>
      <main>
        <ErrorNote error={whoami.error} />
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>
          {role === 'provider' && <ProviderView />}
          {role === 'gateway' && <GatewayView />}
          {role === 'rendezvous' && <OperatorView />}
        </Suspense>
      </main>
    </div>
  )
}
