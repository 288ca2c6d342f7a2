import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { memo, useCallback, useMemo, useState } from 'react'
import { api, useEventStream } from '../api.js'
import { formatBytes, formatClock, formatUnits, shortId } from '../format.js'
import { ErrorNote, Section, Table } from '../ui.js'
import type { FeedMessage } from '../api.js'
import type { ControlsView, TransparencyEntry } from '../types.js'

/** Rows the feed keeps in the page. */
export const FEED_ROWS = 500

/** Rows drawn at first; "Show more" draws the rest (each drawn row costs every later update a little). */
const SHOWN_ROWS = 100

/** One row: drawn again only when its entry changes (a connection's row changes when it closes). */
const FeedRow = memo(function FeedRow ({ entry, onBlock }: { entry: TransparencyEntry, onBlock(body: { destination?: string, customer?: string }): void }) {
  return (
    <tr data-id={entry.id} data-host={entry.host} className={entry.decision}>
      <td>{formatClock(entry.timeMs)}</td>
      <td title={entry.customer}>{entry.account ?? shortId(entry.customer)}</td>
      <td>{entry.job != null ? `job ${entry.job.module.slice(0, 12)}` : `${entry.host}:${entry.port}`}</td>
      <td>{entry.decision === 'allowed' ? 'allowed' : `refused: ${entry.reason}`}{entry.rule != null ? ` (${entry.rule})` : ''}</td>
      <td>{formatBytes(entry.bytesSent)}</td>
      <td>{formatBytes(entry.bytesReceived)}</td>
      <td>{entry.earnedMicroUnits != null ? formatUnits(entry.earnedMicroUnits) : ''}</td>
      <td>{entry.end ?? (entry.decision === 'allowed' ? 'open' : '')}</td>
      <td className="actions">
        {entry.job == null && <button type="button" onClick={() => { onBlock({ destination: blockPattern(entry.host) }) }} aria-label={`Block destination ${entry.host}`}>Block destination</button>}
        <button type="button" onClick={() => { onBlock({ customer: entry.account ?? entry.customer }) }} aria-label={`Block customer ${entry.account ?? entry.customer}`}>Block customer</button>
      </td>
    </tr>
  )
})

/** The feed starts with this much history. */
const HISTORY_MS = 60 * 60_000

/** A destination as the deny list takes it: a name, or one address as a range. */
export function blockPattern (host: string): string {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return `${host}/32`
  if (host.includes(':')) return `${host.replace(/^\[|\]$/g, '')}/128`
  return host
}

function matches (entry: TransparencyEntry, filter: string): boolean {
  if (filter === '') return true
  const text = `${entry.host}:${entry.port} ${entry.customer} ${entry.account ?? ''} ${entry.decision} ${entry.reason} ${entry.rule ?? ''}`.toLowerCase()
  return filter.toLowerCase().split(/\s+/).every(word => text.includes(word))
}

/**
 * Every connection and job through this provider as it happens: the last
 * hour from the history query, then each entry from the feed as the exit
 * decides it (a connection's row updates when it closes). A row's buttons
 * block its destination or its customer from the next connection on.
 */
export function Feed () {
  const queries = useQueryClient()
  const [rows, setRows] = useState<Map<string, TransparencyEntry>>(new Map())
  const [filter, setFilter] = useState('')
  const history = useQuery({
    queryKey: ['feed-history'],
    queryFn: async () => {
      const page = await api<{ entries: TransparencyEntry[] }>(`/api/transparency?since=${Date.now() - HISTORY_MS}&limit=${FEED_ROWS}`)
      setRows(current => {
        const merged = new Map(page.entries.map(entry => [entry.id, entry]))
        for (const [id, entry] of current) merged.set(id, entry)
        return merged
      })
      return page.entries.length
    }
  })
  const onEvent = useCallback((message: FeedMessage) => {
    if (message.type === 'reset') {
      void queries.invalidateQueries({ queryKey: ['feed-history'] })
      return
    }
    if (message.type === 'controls') {
      queries.setQueryData(['policy'], message.data as ControlsView)
      return
    }
    const entry = message.data as TransparencyEntry
    setRows(current => {
      const next = new Map(current)
      next.delete(entry.id)
      next.set(entry.id, entry)
      if (next.size > FEED_ROWS) next.delete(next.keys().next().value as string)
      return next
    })
  }, [queries])
  const live = useEventStream('/api/feed', ['entry', 'controls', 'reset'], onEvent)
  const block = useMutation({
    mutationFn: async (body: { destination?: string, customer?: string }) => api<ControlsView>('/api/block', { body }),
    onSuccess: (view) => { queries.setQueryData(['policy'], view) }
  })
  const { mutate } = block
  const onBlock = useCallback((body: { destination?: string, customer?: string }) => { mutate(body) }, [mutate])
  const [limit, setLimit] = useState(SHOWN_ROWS)
  const shown = useMemo(() => [...rows.values()].filter(entry => matches(entry, filter)).sort((a, b) => b.timeMs - a.timeMs || (a.id < b.id ? 1 : -1)), [rows, filter])

  return (
    <Section title="Live feed" actions={<span className={live ? 'live on' : 'live'} role="status">{live ? 'live' : 'connecting…'}</span>}>
      <label className="filter">
        Filter <input type="search" value={filter} onChange={event => { setFilter(event.target.value) }} placeholder="host, customer, refused…" aria-label="Filter the feed" />
      </label>
      <ErrorNote error={history.error ?? block.error} />
      {block.isSuccess && <p role="status" className="note">Blocked {block.variables.destination ?? block.variables.customer}: the next connection is refused.</p>}
      <Table label="Connections and jobs" head={['Time', 'Customer', 'Destination', 'Decision', 'Sent', 'Received', 'Earned', 'End', 'Actions']}>
        {shown.slice(0, limit).map(entry => <FeedRow key={entry.id} entry={entry} onBlock={onBlock} />)}
      </Table>
      {shown.length > limit && <button type="button" onClick={() => { setLimit(FEED_ROWS) }}>Show {shown.length - limit} more</button>}
      {shown.length === 0 && <p className="empty">{history.isPending ? 'Loading…' : 'No connection in the last hour yet: rows appear here as the exit decides them.'}</p>}
    </Section>
  )
}
