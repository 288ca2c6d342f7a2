import { InvalidControlsError } from './check.js'
import type { ServeSchedule, Weekday } from './decide.js'

const DAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/**
 * Reads a schedule as an owner types it on the command line:
 * `<time zone> <days> <HH:MM>-<HH:MM>[; <days> <HH:MM>-<HH:MM> ...]`, days
 * as a list or a range (`mon-fri`, `sat,sun`, `mon,wed-fri`, `daily`), e.g.
 * `Europe/Berlin mon-fri 18:00-08:00; sat,sun 00:00-24:00`. Throws
 * InvalidControlsError saying what is wrong; checkControls checks the rest.
 */
export function parseScheduleSpec (spec: string): ServeSchedule {
  const text = spec.trim()
  const space = text.indexOf(' ')
  if (space === -1) throw new InvalidControlsError('a schedule is "<time zone> <days> <from>-<to>", e.g. "Europe/Berlin mon-fri 09:00-17:00"')
  const timeZone = text.slice(0, space)
  const windows = text.slice(space + 1).split(';').map(part => part.trim()).filter(Boolean).map(part => {
    const match = /^(\S+)\s+(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(part)
    if (match == null) throw new InvalidControlsError(`"${part}" is not "<days> <from>-<to>" (e.g. "mon-fri 09:00-17:00")`)
    return { days: parseDays(match[1] as string), from: pad(match[2] as string), to: pad(match[3] as string) }
  })
  return { timeZone, windows }
}

/** A schedule as parseScheduleSpec reads it back. */
export function formatScheduleSpec (schedule: ServeSchedule): string {
  return `${schedule.timeZone} ${schedule.windows.map(w => `${w.days.join(',')} ${w.from}-${w.to}`).join('; ')}`
}

function parseDays (text: string): Weekday[] {
  if (text === 'daily') return [...DAYS]
  const days = new Set<Weekday>()
  for (const item of text.toLowerCase().split(',')) {
    const [first, last] = item.split('-')
    const from = DAYS.indexOf(first as Weekday)
    const to = last == null ? from : DAYS.indexOf(last as Weekday)
    if (from === -1 || to === -1) throw new InvalidControlsError(`"${item}" is not a day or a range of days (sun, mon, tue, wed, thu, fri, sat; e.g. mon-fri)`)
    // a range may wrap past Saturday: fri-mon
    for (let day = from; ; day = (day + 1) % 7) {
      days.add(DAYS[day] as Weekday)
      if (day === to) break
    }
  }
  return DAYS.filter(day => days.has(day))
}

function pad (clock: string): string {
  return clock.length === 4 ? `0${clock}` : clock
}
