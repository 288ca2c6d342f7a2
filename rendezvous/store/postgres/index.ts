import { checkDatabaseUrl } from '../database-url.js'
import { unreachable } from './errors.js'
import { PostgresCoordinatorStore } from './pg-store.js'
import type { MigrationReport } from './migrations.js'
import type { PostgresStoreInit } from './pg-store.js'

export { PostgresCoordinatorStore } from './pg-store.js'
export type { PostgresStoreInit } from './pg-store.js'
export { SCHEMA_VERSION, migrate } from './migrations.js'
export type { MigrationReport } from './migrations.js'

/** How the store is opened. */
export interface OpenPostgresStoreInit extends PostgresStoreInit {
  /**
   * when the server cannot be reached: open anyway, refusing every use
   * (StoreUnavailableError) until the health check reaches it and brings
   * the schema up to date (a rendezvous keeps bootstrapping and relaying
   * meanwhile); default false: throw
   */
  startWithoutDatabase?: boolean
}

/**
 * Opens the coordinator's books in PostgreSQL: brings the schema up to date
 * (see migrations.ts), then starts the store's notifications and health
 * check. Throws InvalidDatabaseUrlError for a bad URL, SchemaVersionError for
 * a database newer than this peergrid, and pg's error when the server cannot
 * be reached (unless `startWithoutDatabase`: then `migration` is undefined).
 */
export async function openPostgresStore (init: OpenPostgresStoreInit): Promise<{ store: PostgresCoordinatorStore, migration?: MigrationReport }> {
  checkDatabaseUrl(init.url)
  const store = new PostgresCoordinatorStore(init)
  let migration: MigrationReport | undefined
  try {
    migration = await store.prepare()
  } catch (err: any) {
    if (init.startWithoutDatabase !== true || !unreachable(err)) {
      await store.close().catch(() => {})
      throw err
    }
    init.logger.error({ err: err.message }, 'the coordinator\'s database cannot be reached: starting without it, and trying again')
  }
  await store.start()
  return { store, migration }
}
