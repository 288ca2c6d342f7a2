import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../node/db/open.js'
import { SequenceRepository } from '../../node/db/sequence-repository.js'

const dir = await mkdtemp(join(tmpdir(), 'peergrid-seq-'))
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('sequence repository (LevelDB)', () => {
  it('never hands out a value twice, across concurrent calls and reopening', async () => {
    const path = join(dir, 'db')
    let db = await openDatabase(path)
    // one repository serialises its callers (the node makes one per database)
    const repo = new SequenceRepository(db)
    const second = await Promise.all(Array.from({ length: 20 }, async () => repo.next('record')))
    expect(new Set(second).size).toBe(20)
    await db.close()
    db = await openDatabase(path)
    const after = await new SequenceRepository(db).next('record')
    expect(after).toBe(Math.max(...second) + 1)
    expect(await new SequenceRepository(db).next('other')).toBe(1)
    await db.close()
  })

  it('explains a database another process holds', async () => {
    const path = join(dir, 'locked')
    const db = await openDatabase(path)
    await expect(openDatabase(path)).rejects.toThrow(/another peergrid process/)
    await db.close()
  })
})
