import { LevelCoordinatorStore } from './level-store.js'
import type { CoordinatorDatabase } from './buckets.js'
import type { CoordinatorStore } from '../store.js'

export type { CoordinatorDatabase } from './buckets.js'

/** The coordinator's books in the rendezvous node's LevelDB (the default for one rendezvous). */
export function levelCoordinatorStore (db: CoordinatorDatabase): CoordinatorStore {
  return new LevelCoordinatorStore(db)
}
