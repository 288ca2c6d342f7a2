import { bucket } from './open.js'
import type { NodeDatabase } from './open.js'
import type { OwnerSettings } from '../provider/controls/settings.js'

/** The owner's settings as stored, with when they were last changed. */
export interface StoredOwnerSettings {
  settings: OwnerSettings
  updatedAtMs: number
}

const CURRENT = 'current'

/**
 * What a provider's owner set and what the exit used: the settings changed
 * through the local API (they outlive restarts and override the config's
 * first values), and the bytes relayed in each calendar month (the data
 * cap counts them).
 */
export class OwnerRepository {
  private readonly settings
  private readonly usage

  constructor (db: NodeDatabase) {
    this.settings = bucket<StoredOwnerSettings>(db, 'owner-settings')
    this.usage = bucket<number>(db, 'month-usage')
  }

  /** The settings last saved, if the owner ever changed them. */
  async load (): Promise<StoredOwnerSettings | undefined> {
    return this.settings.get(CURRENT)
  }

  async save (stored: StoredOwnerSettings): Promise<void> {
    await this.settings.put(CURRENT, stored)
  }

  /** Bytes counted in `month` ("YYYY-MM"), 0 when none. */
  async monthBytes (month: string): Promise<number> {
    return (await this.usage.get(month)) ?? 0
  }

  async setMonthBytes (month: string, bytes: number): Promise<void> {
    await this.usage.put(month, bytes)
  }
}
