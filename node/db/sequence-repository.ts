import { bucket } from './open.js'
import type { NodeDatabase } from './open.js'

/**
 * Persistent monotonic counters. `next()` survives restarts, so a provider's
 * new records always supersede the ones it published before it stopped.
 */
export class SequenceRepository {
  private readonly store
  private readonly pending = new Map<string, Promise<number>>()

  constructor (db: NodeDatabase) {
    this.store = bucket<number>(db, 'seq')
  }

  /** The next value of counter `name`, starting at 1; concurrent calls never get the same value. */
  async next (name: string): Promise<number> {
    const previous = this.pending.get(name) ?? Promise.resolve(0)
    const result = previous.catch(() => 0).then(async () => {
      const current = (await this.store.get(name)) ?? 0
      const value = current + 1
      await this.store.put(name, value)
      return value
    })
    this.pending.set(name, result)
    return result
  }
}
