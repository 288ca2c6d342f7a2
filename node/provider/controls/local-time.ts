/** A moment as read on the wall clock of an IANA time zone. */
export interface LocalTime {
  /** 0 = Sunday … 6 = Saturday */
  weekday: number
  /** minutes since local midnight, 0–1439 */
  minute: number
  /** the local calendar month, "YYYY-MM": what a monthly data cap counts */
  month: string
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }
const formats = new Map<string, Intl.DateTimeFormat>()

/** The time zone is one Intl knows (IANA names such as Europe/Berlin, or UTC). */
export function isTimeZone (timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/**
 * `nowMs` on the wall clock of `timeZone`, through Intl (the tz database
 * Node carries): daylight saving time included, no library needed.
 */
export function localTime (nowMs: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {}
  for (const part of formatter(timeZone).formatToParts(nowMs)) parts[part.type] = part.value
  // hourCycle h23 gives 00–23; some engines still say 24 for midnight
  const hour = Number(parts.hour) % 24
  return {
    weekday: WEEKDAYS[parts.weekday as string] as number,
    minute: hour * 60 + Number(parts.minute),
    month: `${parts.year as string}-${parts.month as string}`
  }
}

function formatter (timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (format == null) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', hour: '2-digit', minute: '2-digit' })
    formats.set(timeZone, format)
  }
  return format
}
