import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatLog, sinceParameter } from '../../node/cli/commands/log.js'
import { openDatabase } from '../../node/db/open.js'
import { TransparencyRepository } from '../../node/db/transparency-repository.js'
import { parseSince } from '../../node/provider/api.js'
import type { NodeDatabase } from '../../node/db/open.js'
import type { TransparencyEntry } from '../../node/db/transparency-repository.js'

function entry (repo: TransparencyRepository, timeMs: number, overrides: Partial<TransparencyEntry> = {}): TransparencyEntry {
  return { id: repo.newId(timeMs), timeMs, customer: '12D3KooWCustomerPeerIdXYZ', host: 'example.com', port: 443, decision: 'allowed', reason: 'ok', bytesSent: 10, bytesReceived: 2048, ...overrides }
}

describe('transparency log (real LevelDB)', () => {
  let dir: string
  let db: NodeDatabase
  let repo: TransparencyRepository
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'peergrid-tlog-'))
    db = await openDatabase(join(dir, 'db'))
    repo = new TransparencyRepository(db)
  })
  afterAll(async () => {
    await db?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('lists from a time or an id, oldest first, and an update overwrites its entry', async () => {
    const a = entry(repo, 1_000)
    const b = entry(repo, 2_000)
    const c = entry(repo, 2_000, { host: 'second.example' })
    for (const e of [c, a, b]) await repo.put(e)
    await repo.put({ ...a, durationMs: 5, end: 'closed' })
    expect((await repo.list(0)).map(e => e.id)).toEqual([a.id, b.id, c.id])
    expect((await repo.list(0))[0]).toMatchObject({ durationMs: 5, end: 'closed' })
    expect((await repo.list(1_500)).map(e => e.id)).toEqual([b.id, c.id])
    expect((await repo.list(c.id)).map(e => e.id)).toEqual([c.id])
    expect(await repo.list(0, 2)).toHaveLength(2)
  })

  it('prunes entries older than a time', async () => {
    await repo.prune(1_500)
    expect((await repo.list(0)).map(e => e.timeMs)).toEqual([2_000, 2_000])
  })
})

describe('transparency queries', () => {
  it('the API takes unix ms, ISO times and entry ids, and refuses anything else', () => {
    expect(parseSince(undefined)).toBe(0)
    expect(parseSince('1700000000000')).toBe(1_700_000_000_000)
    expect(parseSince('2026-11-21T10:00:00Z')).toBe(Date.parse('2026-11-21T10:00:00Z'))
    expect(parseSince('000001700000000-000000001')).toBe('000001700000000-000000001')
    for (const bad of ['yesterday', '10m', '2026-13-45', '-5']) {
      expect(() => parseSince(bad), bad).toThrow(expect.objectContaining({ name: 'ApiError', code: 'BAD_REQUEST' }))
    }
  })

  it('the CLI turns 30s/10m/2h/3d into unix ms and refuses what is no time', () => {
    const now = 10_000_000_000
    expect(sinceParameter('30s', now)).toBe(String(now - 30_000))
    expect(sinceParameter('10m', now)).toBe(String(now - 600_000))
    expect(sinceParameter('2h', now)).toBe(String(now - 7_200_000))
    expect(sinceParameter('3d', now)).toBe(String(now - 259_200_000))
    expect(sinceParameter('2026-11-21T10:00:00Z', now)).toBe('2026-11-21T10:00:00Z')
    for (const bad of ['soon', '5y', '']) {
      expect(() => sinceParameter(bad, now), bad).toThrow(expect.objectContaining({ name: 'CommandError' }))
    }
  })

  it('prints a table with the decision, the rule and a summary line', () => {
    const repo = { newId: (t: number) => `${t}` } as unknown as TransparencyRepository
    const text = formatLog([
      { ...entry(repo, 0, { dialled: '93.184.216.34:443', durationMs: 1500, end: 'closed' }), provider: 'p' },
      { ...entry(repo, 1, { host: '10.0.0.1', port: 80, decision: 'refused', reason: 'rules', rule: '10.0.0.0/8', bytesReceived: 0, durationMs: 0 }), provider: 'p' }
    ], false, true)
    expect(text).toContain('example.com:443')
    expect(text).toContain('93.184.216.34:443')
    expect(text).toContain('2.00 KiB')
    expect(text).toContain('refused: rules (10.0.0.0/8)')
    expect(text.split('\n').at(-1)).toBe('2 connections, 1 refused')
  })
})
