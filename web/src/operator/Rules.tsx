import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import { api } from '../api.js'
import { ErrorNote, Section } from '../ui.js'
import { lineDiff } from './line-diff.js'

interface RuleSet { version: number, hash?: string, issuedAt?: string, rules?: unknown }

const pretty = (value: unknown): string => JSON.stringify(value ?? {}, null, 2)

/**
 * The network's rule set: edit the next version as JSON, read the diff
 * against the one in force, then publish (the rendezvous signs it and every
 * node fetches it).
 */
export function Rules () {
  const queries = useQueryClient()
  const current = useQuery({ queryKey: ['rules'], queryFn: async () => api<RuleSet>('/api/rules') })
  const [text, setText] = useState<string>()
  const [reviewing, setReviewing] = useState(false)
  useEffect(() => {
    if (current.data != null && text == null) setText(pretty(current.data.rules))
  }, [current.data, text])
  const parsed = useMemo(() => {
    try {
      return { value: JSON.parse(text ?? '{}') as unknown }
    } catch (err: any) {
      return { error: `Not JSON: ${err.message}` }
    }
  }, [text])
  const diff = useMemo(() => 'value' in parsed ? lineDiff(pretty(current.data?.rules), pretty(parsed.value)) : [], [parsed, current.data])
  const changed = diff.some(line => line.kind !== 'same')
  const publish = useMutation({
    mutationFn: async () => api<RuleSet>('/api/rules', { method: 'PUT', body: (parsed as { value: unknown }).value }),
    onSuccess: (next) => {
      queries.setQueryData(['rules'], next)
      setText(pretty(next.rules))
      setReviewing(false)
    }
  })
  if (current.data == null || text == null) return <ErrorNote error={current.error} />
  return (
    <Section title="Rule set">
      <p>{current.data.version === 0 ? 'No rule set published yet.' : `Version ${current.data.version}, sha-256 ${current.data.hash}, issued ${new Date(current.data.issuedAt as string).toLocaleString()}`}</p>
      <label className="rules-text">Next version (JSON)
        <textarea rows={14} value={text} onChange={event => { setText(event.target.value); setReviewing(false) }} spellCheck={false} aria-label="Rule set JSON" />
      </label>
      <ErrorNote error={'error' in parsed ? new Error(parsed.error) : publish.error} />
      {!reviewing && <button type="button" disabled={!changed || 'error' in parsed} onClick={() => { setReviewing(true) }}>Review changes</button>}
      {reviewing && (
        <div className="review">
          <h3>Changes against version {current.data.version}</h3>
          <pre className="diff" aria-label="Rule set diff">{diff.filter(line => line.kind !== 'same').length === 0 ? 'no change' : diff.map((line, i) => <span key={i} className={line.kind}>{line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}{line.text}{'\n'}</span>)}</pre>
          <button type="button" onClick={() => { publish.mutate() }} disabled={publish.isPending}>Publish version {current.data.version + 1}</button>
          <button type="button" onClick={() => { setReviewing(false) }}>Back to editing</button>
        </div>
      )}
      {publish.isSuccess && <p role="status" className="note">Published version {publish.data.version}: nodes fetch it now.</p>}
    </Section>
  )
}
