import type { OwnerSettings, Weekday } from '../types.js'

const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
type Schedule = NonNullable<OwnerSettings['schedule']>

const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC'

/** Serving windows: days and hours in a time zone; none = always. */
export function ScheduleEditor ({ schedule, onChange }: { schedule: OwnerSettings['schedule'], onChange(schedule: OwnerSettings['schedule']): void }) {
  if (schedule == null) {
    return (
      <label className="check">
        <input type="checkbox" checked={false} onChange={() => { onChange({ timeZone: localZone(), windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '18:00', to: '08:00' }] }) }} />
        Serve only at set times
      </label>
    )
  }
  const update = (next: Partial<Schedule>): void => { onChange({ ...schedule, ...next }) }
  const setWindow = (i: number, window: Partial<Schedule['windows'][number]>): void => {
    update({ windows: schedule.windows.map((w, j) => j === i ? { ...w, ...window } : w) })
  }
  return (
    <div className="schedule">
      <label className="check"><input type="checkbox" checked onChange={() => { onChange(undefined) }} /> Serve only at set times</label>
      <label>Time zone <input value={schedule.timeZone} onChange={event => { update({ timeZone: event.target.value }) }} aria-label="Time zone (IANA name)" /></label>
      {schedule.windows.map((window, i) => (
        <div className="window" key={i} role="group" aria-label={`Window ${i + 1}`}>
          <span className="days">
            {DAYS.map(day => (
              <label key={day} className="day">
                <input type="checkbox" checked={window.days.includes(day)} onChange={event => { setWindow(i, { days: event.target.checked ? [...window.days, day] : window.days.filter(d => d !== day) }) }} aria-label={`Window ${i + 1} ${day}`} />
                {day}
              </label>
            ))}
          </span>
          <label>from <input type="time" value={window.from} onChange={event => { setWindow(i, { from: event.target.value }) }} aria-label={`Window ${i + 1} from`} /></label>
          <label>to <input type="time" value={window.to === '24:00' ? '23:59' : window.to} onChange={event => { setWindow(i, { to: event.target.value }) }} aria-label={`Window ${i + 1} to`} /></label>
          <button type="button" onClick={() => { update({ windows: schedule.windows.filter((_, j) => j !== i) }) }} aria-label={`Remove window ${i + 1}`}>Remove</button>
        </div>
      ))}
      <button type="button" onClick={() => { update({ windows: [...schedule.windows, { days: ['sat', 'sun'], from: '00:00', to: '23:59' }] }) }}>Add a window</button>
    </div>
  )
}
