import { join } from 'node:path'
import { openDatabase } from '../../db/open.js'
import { silentLogger } from '../../logger.js'
import { CommandError } from '../errors.js'
import { copyBooksToPostgres, levelCoordinatorStore, migratePostgresDatabase, redactDatabaseUrl } from '../../../rendezvous/index.js'

/** Options of `peergrid rendezvous migrate`. */
export interface MigrateOptions {
  database?: string
  /** a rendezvous data dir whose LevelDB books are copied into the database */
  copyFrom?: string
  json?: boolean
}

/**
 * `peergrid rendezvous migrate --database URL [--copy-from DATA_DIR]`: brings
 * the PostgreSQL schema of the coordinator's books up to date (what every
 * rendezvous does at start, done ahead of an upgrade), and optionally copies
 * a stopped rendezvous's LevelDB books into the fresh database.
 */
export async function migrateDatabase (options: MigrateOptions): Promise<void> {
  const url = options.database ?? process.env.PEERGRID_DATABASE
  if (url == null || url === '') throw new CommandError('--database is required (or PEERGRID_DATABASE): the PostgreSQL database of the coordinator\'s books, e.g. postgres://peergrid@db.example:5432/peergrid')
  let migration
  try {
    migration = await migratePostgresDatabase(url)
  } catch (err: any) {
    if (['InvalidDatabaseUrlError', 'SchemaVersionError'].includes(err.name)) throw new CommandError(err.message)
    throw new CommandError(`cannot migrate ${redactDatabaseUrl(url)}: ${err.message}`)
  }
  let copy
  if (options.copyFrom != null) {
    const path = join(options.copyFrom, 'db')
    const db = await openDatabase(path).catch((err: Error) => {
      throw new CommandError(`cannot open the books in ${path} (${err.message}); is the rendezvous still running? Stop it first`)
    })
    try {
      copy = await copyBooksToPostgres(levelCoordinatorStore(db), url, silentLogger())
    } catch (err: any) {
      if (err.name === 'TargetNotEmptyError') throw new CommandError(`${redactDatabaseUrl(url)} holds books already: copy only into a fresh database`)
      throw err
    } finally {
      await db.close()
    }
  }
  if (options.json === true) {
    process.stdout.write(JSON.stringify({ ...migration, ...(copy != null ? { copied: copy } : {}) }) + '\n')
  } else {
    process.stdout.write(migration.applied.length === 0
      ? `The coordinator schema of ${redactDatabaseUrl(url)} is at version ${migration.to}, the newest this peergrid knows: nothing to do.\n`
      : `Brought the coordinator schema of ${redactDatabaseUrl(url)} from version ${migration.from} to ${migration.to}: ${migration.applied.map(m => `${m.version} (${m.name})`).join(', ')}.\n`)
    if (copy != null) {
      process.stdout.write(`Copied from ${options.copyFrom}: ${copy.accounts} accounts, ${copy.apiKeys} API keys, ${copy.documents} signed documents, ${copy.transactions} ledger transactions, ${copy.sessions} metered sessions, ${copy.payoutRuns} payout runs (${copy.payouts} payouts).\n`)
      process.stdout.write(copy.check.ok ? 'The copied books add up.\n' : `The copied books do NOT add up:\n${copy.check.problems.map(p => `  ${p}`).join('\n')}\n`)
    }
  }
  if (copy != null && !copy.check.ok) process.exitCode = 1
}
