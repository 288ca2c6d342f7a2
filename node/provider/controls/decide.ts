import { localTime } from './local-time.js'
import type { Refusal, ServeControls, ServeDecision, ServeSchedule, Weekday } from '../../../protocols/local-api/index.js'

export type { Refusal, RefusalCode, ServeControls, ServeDecision, ServeSchedule, Weekday } from '../../../protocols/local-api/index.js'

/** What the node measured. */
export interface ServeState {
  /** bytes served in the current month (see `monthOf`) */
  monthBytes: number
  /** the machine's 1-minute load average divided by its CPUs */
  loadPerCpu: number
}

const DAY_INDEX: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 }

/** Minutes since midnight of "HH:MM" (24:00 is the end of the day); NaN when malformed. */
export function clockMinutes (clock: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(clock)
  if (match == null) return NaN
  const minutes = Number(match[1]) * 60 + Number(match[2])
  return minutes > 24 * 60 ? NaN : minutes
}

/** The calendar month ("YYYY-MM") a monthly cap counts in at `nowMs`. */
export function monthOf (nowMs: number, controls: Pick<ServeControls, 'schedule'>): string {
  return localTime(nowMs, controls.schedule?.timeZone ?? 'UTC').month
}

/** True when `nowMs` falls inside a window of the schedule. */
export function inSchedule (nowMs: number, schedule: ServeSchedule): boolean {
  const { weekday, minute } = localTime(nowMs, schedule.timeZone)
  const yesterday = (weekday + 6) % 7
  return schedule.windows.some(window => {
    const from = clockMinutes(window.from)
    const to = clockMinutes(window.to)
    const days = new Set(window.days.map(day => DAY_INDEX[day]))
    if (from < to) return days.has(weekday) && minute >= from && minute < to
    // past midnight: the evening of a listed day, or the early hours after it
    return (days.has(weekday) && minute >= from) || (days.has(yesterday) && minute < to)
  })
}

/**
 * Whether the provider serves now: a pure function of the time, what the
 * node measured and the owner's controls, so it is tested with a table and
 * judged the same wherever it runs (the exit before each stream, the job
 * runner before each job, the advertiser for the capability record). Every
 * reason not to serve is listed, in a fixed order: paused, data cap,
 * schedule, busy machine.
 */
export function decide (nowMs: number, state: ServeState, controls: ServeControls): ServeDecision {
  const reasons: Refusal[] = []
  if (controls.paused) reasons.push({ code: 'paused', detail: 'the owner paused the provider' })
  if (controls.monthlyDataCapBytes > 0 && state.monthBytes >= controls.monthlyDataCapBytes) {
    reasons.push({ code: 'data-cap', detail: `this month's ${controls.monthlyDataCapBytes} bytes are used up (${state.monthBytes} served in ${monthOf(nowMs, controls)})` })
  }
  if (controls.schedule != null && !inSchedule(nowMs, controls.schedule)) {
    reasons.push({ code: 'outside-schedule', detail: `outside the serving windows (${controls.schedule.timeZone})` })
  }
  if (controls.maxLoadPerCpu != null && state.loadPerCpu >= controls.maxLoadPerCpu) {
    reasons.push({ code: 'machine-busy', detail: `the machine is busy (load ${state.loadPerCpu.toFixed(2)} per CPU, serving below ${controls.maxLoadPerCpu})` })
  }
  return { serve: reasons.length === 0, reasons }
}
