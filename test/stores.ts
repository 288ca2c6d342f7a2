import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { openDatabase } from '../node/db/open.js'
import { levelCoordinatorStore } from '../rendezvous/store/level/index.js'
import { openPostgresStore } from '../rendezvous/store/postgres/index.js'
import { silentLogger } from '../node/logger.js'
import { createDatabase } from './postgres-server.js'
import type { CoordinatorStore } from '../rendezvous/store/store.js'

/** Both kinds of coordinator store: every suite of the coordinator's books runs on each. */
export const STORE_KINDS = ['leveldb', 'postgresql'] as const

export type StoreKind = (typeof STORE_KINDS)[number]

/** A store a test opened on fresh data: `reopen()` closes it and opens the same data again (a restart). */
export interface TestStore {
  store: CoordinatorStore
  reopen(): Promise<CoordinatorStore>
  /** closes the store and removes its data; idempotent */
  close(): Promise<void>
}

/** The store the integration tests' rendezvous use: PEERGRID_TEST_STORE (the integration-postgres project sets postgresql), else LevelDB. */
export function testStoreKind (): StoreKind {
  return process.env.PEERGRID_TEST_STORE === 'postgresql' ? 'postgresql' : 'leveldb'
}

/** A fresh database on the run's PostgreSQL server (test/global-postgres.ts), answered as its URL. */
export async function freshPostgresDatabase (): Promise<string> {
  return createDatabase(inject('postgresUrl'))
}

/** Opens a coordinator store of `kind` on fresh data. */
export async function openTestStore (kind: StoreKind): Promise<TestStore> {
  if (kind === 'leveldb') {
    const dir = await mkdtemp(join(tmpdir(), 'peergrid-store-'))
    let db = await openDatabase(join(dir, 'db'))
    const opened: TestStore = {
      store: levelCoordinatorStore(db),
      async reopen () {
        await db.close()
        db = await openDatabase(join(dir, 'db'))
        opened.store = levelCoordinatorStore(db)
        return opened.store
      },
      async close () {
        await db.close()
        await rm(dir, { recursive: true, force: true })
      }
    }
    return opened
  }
  const url = await freshPostgresDatabase()
  const open = async (): Promise<CoordinatorStore> => (await openPostgresStore({ url, logger: silentLogger(), poolSize: 4 })).store
  const opened: TestStore = {
    store: await open(),
    async reopen () {
      await opened.store.close()
      opened.store = await open()
      return opened.store
    },
    async close () {
      await opened.store.close()
    }
  }
  return opened
}
