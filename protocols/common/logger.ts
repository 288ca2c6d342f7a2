import { pino } from 'pino'
import type { Logger } from 'pino'

export type { Logger }

/** A logger that writes nothing: the default of every service that is given none. */
export function silentLogger (): Logger {
  return pino({ level: 'silent' })
}
