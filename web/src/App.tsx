import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { api } from './api.js'
import { ErrorNote } from './ui.js'
import type { ComponentType } from 'react'

/** Each role's view, loaded only by the page of that role. */
const VIEWS: Record<string, () => Promise<{ default: ComponentType }>> = {
  provider: async () => import('./provider/ProviderView.js'),
  gateway: async () => import('./gateway/GatewayView.js'),
  rendezvous: async () => import('./operator/OperatorView.js')
}

/**
 * The role's view once its code is loaded. Loaded by hand rather than with
 * React.lazy and Suspense: React 19 holds back a Suspense reveal for up to
 * 300 ms, which was a third of the page's first load (measured: npm run bench).
 */
function useRoleView (role: string | undefined): ComponentType | undefined {
  const [view, setView] = useState<{ role: string, View: ComponentType }>()
  useEffect(() => {
    if (role == null) return
    const load = VIEWS[role]
    if (load == null) return
    let current = true
    void load().then(module => { if (current) setView({ role, View: module.default }) })
    return () => { current = false }
  }, [role])
  return view?.role === role ? view?.View : undefined
}

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
  const View = useRoleView(role)
  return (
    <div className="app">
      <header className="top">
        <h1>peergrid <span className="role">{role === 'gateway' ? 'customer' : role === 'rendezvous' ? 'operator' : role ?? ''}</span></h1>
      </header>
      <main>
        <ErrorNote error={whoami.error} />
        {View != null ? <View /> : whoami.error == null && <p aria-busy="true">Loading…</p>}
      </main>
    </div>
  )
}
