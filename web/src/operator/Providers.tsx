import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { api } from '../api.js'
import { formatUnits, shortId } from '../format.js'
import { ErrorNote, Section, Table } from '../ui.js'
import type { CapabilityView } from '../types.js'

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' })
const countryName = (code: string): string => {
  try {
    return regionNames.of(code) ?? code
  } catch {
    return code
  }
}

/** The providers the rendezvous hears on gossipsub: how many per country and how many serve, then each one. */
export function Providers () {
  const providers = useQuery({ queryKey: ['operator-providers'], queryFn: async () => api<{ providers: CapabilityView[] }>('/api/providers'), refetchInterval: 10_000 })
  const list = providers.data?.providers ?? []
  const byCountry = useMemo(() => {
    const counts = new Map<string, { total: number, serving: number, proxy: number, compute: number }>()
    for (const p of list) {
      const sums = counts.get(p.country) ?? { total: 0, serving: 0, proxy: 0, compute: 0 }
      sums.total++
      if (p.serving?.serving !== false) sums.serving++
      if (p.services.includes('proxy')) sums.proxy++
      if (p.services.includes('compute')) sums.compute++
      counts.set(p.country, sums)
    }
    return [...counts.entries()].sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]))
  }, [list])
  return (
    <>
      <Section title="Providers by country">
        <ErrorNote error={providers.error} />
        <Table label="Providers by country" head={['Country', 'Providers', 'Serving now', 'Proxy', 'Compute']}>
          {byCountry.map(([country, sums]) => (
            <tr key={country}><td>{country} {countryName(country)}</td><td>{sums.total}</td><td>{sums.serving}</td><td>{sums.proxy}</td><td>{sums.compute}</td></tr>
          ))}
        </Table>
        {list.length === 0 && <p className="empty">No provider heard yet: records arrive on gossipsub as providers announce them.</p>}
      </Section>
      <Section title="Every provider">
        <Table label="Every provider" head={['Peer', 'Country', 'Services', 'Per GiB', 'Reach', 'Serving']}>
          {list.map(p => (
            <tr key={p.peerId}>
              <td title={p.peerId}>{shortId(p.peerId)}</td>
              <td>{p.country}</td>
              <td>{p.services.join(', ')}</td>
              <td>{formatUnits(p.prices.microsPerGiB)}</td>
              <td>{p.reach == null ? '' : p.reach.status === 'private' ? `NAT (${p.reach.nat})` : p.reach.status}</td>
              <td>{p.serving == null || p.serving.serving ? 'yes' : `no: ${p.serving.reasons.join(', ')}`}</td>
            </tr>
          ))}
        </Table>
      </Section>
    </>
  )
}
