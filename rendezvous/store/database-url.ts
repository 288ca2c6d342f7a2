import { InvalidDatabaseUrlError } from './errors.js'

/** A database URL fit for messages and logs: its password, if any, hidden. */
export function redactDatabaseUrl (url: string): string {
  return url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@')
}

/** Throws InvalidDatabaseUrlError unless `url` is a postgres:// (or postgresql://) URL with a host. */
export function checkDatabaseUrl (url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new InvalidDatabaseUrlError(`--database must be a URL like postgres://user:password@host:5432/peergrid, not "${redactDatabaseUrl(url)}"`)
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new InvalidDatabaseUrlError(`--database must be a postgres:// URL (got ${parsed.protocol}//…)`)
  if (parsed.hostname === '' && parsed.searchParams.get('host') == null) throw new InvalidDatabaseUrlError('--database names no host: postgres://user:password@host:5432/peergrid')
}
