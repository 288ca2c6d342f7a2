import { openDatabase } from '../../node/db/open.js'
import { silentLogger } from '../../node/logger.js'
import { levelCoordinatorStore } from '../../rendezvous/store/level/index.js'
import { openPostgresStore } from '../../rendezvous/store/postgres/index.js'
import type { CoordinatorStore } from '../../rendezvous/store/store.js'

/** Opens the coordinator's books named by `spec`: a postgres:// URL, or a LevelDB directory. `close()` closes what it opened. */
export async function openStoreSpec (spec: string): Promise<{ store: CoordinatorStore, close(): Promise<void> }> {
  if (/^postgres(ql)?:\/\//.test(spec)) {
    const { store } = await openPostgresStore({ url: spec, logger: silentLogger(), poolSize: 4 })
    return { store, close: async () => { await store.close() } }
  }
  const db = await openDatabase(spec)
  return { store: levelCoordinatorStore(db), close: async () => { await db.close() } }
}
