import { Ledger } from '../ledger/ledger.js'
import { copyBooks } from './copy.js'
import { checkDatabaseUrl } from './database-url.js'
import type { CopyReport } from './copy.js'
import type { MigrationReport, OpenPostgresStoreInit } from './postgres/index.js'
import type { CoordinatorStore } from './store.js'
import type { LedgerCheck } from '../ledger/ledger.js'
import type { Logger } from 'pino'

// What the CLI does with the coordinator's stores. pg is loaded only in
// here, when asked: it is not part of every node's start-up.

/** Opens the coordinator's books in PostgreSQL, bringing its schema up to date (see postgres/). */
export async function openPostgresCoordinatorStore (init: OpenPostgresStoreInit): Promise<{ store: CoordinatorStore, migration?: MigrationReport }> {
  const { openPostgresStore } = await import('./postgres/index.js')
  return openPostgresStore(init)
}

/** Brings a PostgreSQL database's coordinator schema up to date without starting anything (`peergrid rendezvous migrate`). */
export async function migratePostgresDatabase (url: string): Promise<MigrationReport & { latest: number }> {
  const { migrate, SCHEMA_VERSION } = await import('./postgres/index.js')
  checkDatabaseUrl(url)
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000, application_name: 'peergrid-migrate' })
  try {
    return { ...await migrate(pool), latest: SCHEMA_VERSION }
  } finally {
    await pool.end()
  }
}

/**
 * Copies a rendezvous's books (its LevelDB, stopped) into a fresh
 * PostgreSQL database, schema brought up to date first, and proves the
 * copied ledger: how an operator moves from one rendezvous to several.
 */
export async function copyBooksToPostgres (source: CoordinatorStore, url: string, logger: Logger): Promise<CopyReport & { check: LedgerCheck }> {
  const { openPostgresStore } = await import('./postgres/index.js')
  const { store } = await openPostgresStore({ url, logger })
  try {
    const report = await copyBooks(source, store)
    return { ...report, check: await new Ledger(store).check() }
  } finally {
    await store.close()
  }
}
