import { clockMinutes } from './decide.js'
import { isTimeZone } from './local-time.js'
import type { ServeControls } from './decide.js'

/** Most serving windows one schedule may hold. */
export const MAX_SCHEDULE_WINDOWS = 32

const WEEKDAYS = new Set(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])

/** The owner's controls do not hold together; the message says which field and why. */
export class InvalidControlsError extends Error {
  static override name = 'InvalidControlsError'
  override name = 'InvalidControlsError'
  code = 'ERR_INVALID_CONTROLS'
}

/**
 * Checks controls an owner sets (from a flag, the local API or a file)
 * before they take effect: a known time zone, windows with days and
 * "HH:MM" times that are not empty, a cap and a load that are numbers in
 * range. Throws InvalidControlsError naming the first problem.
 */
export function checkControls (controls: ServeControls): ServeControls {
  const fail = (message: string): never => { throw new InvalidControlsError(message) }
  if (typeof controls.paused !== 'boolean') fail('paused must be true or false')
  if (!Number.isSafeInteger(controls.monthlyDataCapBytes) || controls.monthlyDataCapBytes < 0) fail('monthlyDataCapBytes must be a whole number of bytes, 0 for no cap')
  if (controls.maxLoadPerCpu != null && (!Number.isFinite(controls.maxLoadPerCpu) || controls.maxLoadPerCpu <= 0 || controls.maxLoadPerCpu > 64)) {
    fail('maxLoadPerCpu must be a load per CPU above 0 (e.g. 0.5), at most 64')
  }
  const schedule = controls.schedule
  if (schedule != null) {
    if (!isTimeZone(schedule.timeZone)) fail(`schedule.timeZone "${schedule.timeZone}" is not a time zone (use an IANA name such as Europe/Berlin)`)
    if (schedule.windows.length === 0) fail('schedule.windows is empty: the provider would never serve (pause it instead)')
    if (schedule.windows.length > MAX_SCHEDULE_WINDOWS) fail(`schedule.windows has more than ${MAX_SCHEDULE_WINDOWS} windows`)
    for (const [i, window] of schedule.windows.entries()) {
      const where = `schedule.windows[${i}]`
      if (window.days.length === 0) fail(`${where}.days is empty`)
      const unknown = window.days.find(day => !WEEKDAYS.has(day))
      if (unknown != null) fail(`${where}.days: "${String(unknown)}" is not a day (sun, mon, tue, wed, thu, fri, sat)`)
      for (const field of ['from', 'to'] as const) {
        if (Number.isNaN(clockMinutes(window[field]))) fail(`${where}.${field}: "${window[field]}" is not a time (HH:MM, 00:00 to 24:00)`)
      }
      if (window.from === window.to) fail(`${where} starts and ends at ${window.from}: an empty window`)
    }
  }
  return controls
}
