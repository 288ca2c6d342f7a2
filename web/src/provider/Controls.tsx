import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { api } from '../api.js'
import { formatBytes } from '../format.js'
import { ErrorNote, Section } from '../ui.js'
import { ScheduleEditor } from './ScheduleEditor.js'
import type { ControlsView, OwnerSettings } from '../types.js'

const MiB = 1024 * 1024
const GiB = 1024 * MiB

/** The form's fields: sizes in the units a person thinks in, lists one per line. */
interface Draft {
  capGiB: string
  bandwidthMiB: string
  idle: boolean
  maxLoadPerCpu: string
  jobCpuPercent: string
  jobMemoryPercent: string
  schedule: OwnerSettings['schedule']
  denyDestinations: string
  allowDestinations: string
  blockCustomers: string
  allowCustomers: string
}

function draftOf (settings: OwnerSettings): Draft {
  return {
    capGiB: String(settings.monthlyDataCapBytes / GiB),
    bandwidthMiB: String(settings.bandwidthBytesPerSecond / MiB),
    idle: settings.maxLoadPerCpu != null,
    maxLoadPerCpu: String(settings.maxLoadPerCpu ?? 0.5),
    jobCpuPercent: String(settings.jobCpuPercent),
    jobMemoryPercent: String(settings.jobMemoryPercent),
    schedule: settings.schedule,
    denyDestinations: settings.denyDestinations.join('\n'),
    allowDestinations: settings.allowDestinations.join('\n'),
    blockCustomers: settings.blockCustomers.join('\n'),
    allowCustomers: settings.allowCustomers.join('\n')
  }
}

const lines = (text: string): string[] => text.split('\n').map(line => line.trim()).filter(Boolean)

/** Every setting as the form would send it. */
function fieldsOf (draft: Draft): Record<string, unknown> {
  return {
    monthlyDataCapBytes: Math.round(Number(draft.capGiB) * GiB),
    bandwidthBytesPerSecond: Math.round(Number(draft.bandwidthMiB) * MiB),
    maxLoadPerCpu: draft.idle ? Number(draft.maxLoadPerCpu) : null,
    jobCpuPercent: Number(draft.jobCpuPercent),
    jobMemoryPercent: Number(draft.jobMemoryPercent),
    schedule: draft.schedule ?? null,
    denyDestinations: lines(draft.denyDestinations),
    allowDestinations: lines(draft.allowDestinations),
    blockCustomers: lines(draft.blockCustomers),
    allowCustomers: lines(draft.allowCustomers)
  }
}

/**
 * The change the form asks for: only the fields the owner changed since the
 * form was filled, so a block made meanwhile (from the feed, another window,
 * the CLI) is not undone by saving. The API checks the result whole.
 */
function patchOf (draft: Draft, base: Draft): Record<string, unknown> {
  const before = fieldsOf(base)
  return Object.fromEntries(Object.entries(fieldsOf(draft)).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])))
}

/** Serving now or not, and why; pause and resume at once. */
function ServingNow ({ view }: { view: ControlsView }) {
  const queries = useQueryClient()
  const toggle = useMutation({
    mutationFn: async () => api<ControlsView>(view.settings.paused ? '/api/resume' : '/api/pause', { method: 'POST' }),
    onSuccess: (next) => { queries.setQueryData(['policy'], next) }
  })
  const cap = view.settings.monthlyDataCapBytes
  return (
    <div className="serving" role="status" aria-live="polite">
      <p className={view.decision.serve ? 'ok' : 'warn'}>
        <strong>{view.decision.serve ? 'Serving' : 'Not serving'}</strong>
        {view.decision.reasons.map(r => <span key={r.code} className="reason"> — {r.detail}</span>)}
      </p>
      <p>This month ({view.usage.month}): {formatBytes(view.usage.bytes)}{cap > 0 ? ` of ${formatBytes(cap)}` : ''}</p>
      {cap > 0 && <progress max={cap} value={Math.min(cap, view.usage.bytes)} aria-label="Data cap used" />}
      {/* not disabled while it works: a disabled button loses the keyboard's focus */}
      <button type="button" onClick={() => { if (!toggle.isPending) toggle.mutate() }} aria-busy={toggle.isPending}>{view.settings.paused ? 'Resume serving' : 'Pause now'}</button>
      <ErrorNote error={toggle.error} />
    </div>
  )
}

/** The owner's controls: what, when, how much and to whom; saved at once, kept over restarts. */
export function Controls () {
  const queries = useQueryClient()
  const policy = useQuery({ queryKey: ['policy'], queryFn: async () => api<ControlsView>('/api/policy') })
  const [draft, setDraft] = useState<Draft>()
  // the settings the form was filled from
  const [base, setBase] = useState<Draft>()
  useEffect(() => {
    if (policy.data != null && draft == null) {
      setDraft(draftOf(policy.data.settings))
      setBase(draftOf(policy.data.settings))
    }
  }, [policy.data, draft])
  const save = useMutation({
    mutationFn: async (patch: object) => api<ControlsView>('/api/policy', { method: 'PUT', body: patch }),
    onSuccess: (next) => {
      queries.setQueryData(['policy'], next)
      setDraft(draftOf(next.settings))
      setBase(draftOf(next.settings))
    }
  })
  if (policy.data == null || draft == null || base == null) return <ErrorNote error={policy.error} />
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => { setDraft({ ...draft, [field]: event.target.value }) }

  return (
    <Section title="Controls">
      <ServingNow view={policy.data} />
      <form className="controls" onSubmit={event => { event.preventDefault(); save.mutate(patchOf(draft, base)) }}>
        <fieldset>
          <legend>How much</legend>
          <label>Monthly data cap (GiB, 0 = none) <input type="number" min="0" step="any" value={draft.capGiB} onChange={set('capGiB')} /></label>
          <label>Bandwidth limit (MiB/s, 0 = none) <input type="number" min="0" step="any" value={draft.bandwidthMiB} onChange={set('bandwidthMiB')} /></label>
        </fieldset>
        <fieldset>
          <legend>When</legend>
          <ScheduleEditor schedule={draft.schedule} onChange={schedule => { setDraft({ ...draft, schedule }) }} />
          <label className="check"><input type="checkbox" checked={draft.idle} onChange={event => { setDraft({ ...draft, idle: event.target.checked }) }} /> Only while the machine is idle</label>
          {draft.idle && <label>Load per CPU below <input type="number" min="0.01" step="0.05" value={draft.maxLoadPerCpu} onChange={set('maxLoadPerCpu')} /></label>}
        </fieldset>
        <fieldset>
          <legend>Jobs</legend>
          <label>Share of the CPUs (%) <input type="number" min="1" max="100" value={draft.jobCpuPercent} onChange={set('jobCpuPercent')} /></label>
          <label>Share of the memory (%) <input type="number" min="1" max="100" value={draft.jobMemoryPercent} onChange={set('jobMemoryPercent')} /></label>
        </fieldset>
        <fieldset>
          <legend>To whom and where (one per line)</legend>
          <label>Refused destinations (domain or CIDR) <textarea rows={3} value={draft.denyDestinations} onChange={set('denyDestinations')} /></label>
          <label>Only these destinations (empty = all) <textarea rows={2} value={draft.allowDestinations} onChange={set('allowDestinations')} /></label>
          <label>Blocked customers (account or peer id) <textarea rows={2} value={draft.blockCustomers} onChange={set('blockCustomers')} /></label>
          <label>Only these customer accounts (empty = all) <textarea rows={2} value={draft.allowCustomers} onChange={set('allowCustomers')} /></label>
        </fieldset>
        <div className="form-actions">
          <button type="submit" disabled={save.isPending}>Save controls</button>
          <button type="button" onClick={() => { setDraft(draftOf(policy.data.settings)); setBase(draftOf(policy.data.settings)) }}>Undo changes</button>
        </div>
        <ErrorNote error={save.error} />
        {save.isSuccess && <p role="status" className="note">Saved: in force now.</p>}
      </form>
      <p className="muted">{policy.data.source === 'stored' ? `Last changed ${new Date(policy.data.updatedAtMs).toLocaleString()}; these settings win over the config file.` : 'These are the config file\'s settings; saving here keeps yours over restarts.'}</p>
    </Section>
  )
}
