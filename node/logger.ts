import { pino } from 'pino'
import type { Logger, LevelWithSilent } from 'pino'

export type { Logger }

/** Log levels a person can pick with --log-level. */
export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** Options of the root logger. */
export interface LoggerInit {
  /** default 'info' */
  level?: LevelWithSilent
  /** fields on every line, e.g. { role: 'provider' } */
  base?: Record<string, unknown>
}

/**
 * The root logger of a process: JSON lines on stderr, so that stdout stays
 * free for what commands print (ready lines, tables).
 */
export function createLogger (init: LoggerInit = {}): Logger {
  return pino({
    level: init.level ?? 'info',
    base: init.base ?? {},
    timestamp: pino.stdTimeFunctions.isoTime
  }, pino.destination({ fd: 2, sync: true }))
}

/** A logger that writes nothing, for tests and embedding. */
export function silentLogger (): Logger {
  return pino({ level: 'silent' })
}

/** The logger of one component, named after its folder: `peergrid:gateway:table`. */
export function componentLogger (root: Logger, component: string): Logger {
  return root.child({ component: `peergrid:${component}` })
}
