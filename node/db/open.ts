import { mkdir } from 'node:fs/promises'
import { Level } from 'level'
import { BUCKETS } from './buckets.js'
import type { BucketName } from './buckets.js'

/** A node's LevelDB, opened in `<dataDir>/db`. */
export type NodeDatabase = Level<string, unknown>

/** Opens (creating if needed) the node's database. */
export async function openDatabase (path: string): Promise<NodeDatabase> {
  await mkdir(path, { recursive: true, mode: 0o700 })
  const db = new Level<string, unknown>(path, { valueEncoding: 'json' })
  try {
    await db.open()
  } catch (err: any) {
    const cause = err?.cause?.message ?? err?.message
    throw new Error(`Cannot open the database at ${path}: ${cause}. Is another peergrid process using this data dir?`)
  }
  return db
}

/** The sublevel of one registered bucket. */
export function bucket<V> (db: NodeDatabase, name: BucketName) {
  return db.sublevel<string, V>(name, { valueEncoding: 'json' })
}

export { BUCKETS }
