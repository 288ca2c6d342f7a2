import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../node/db/open.js'
import { OwnerRepository } from '../../node/db/owner-repository.js'
import { silentLogger } from '../../node/logger.js'
import { BandwidthLimit, MIN_BANDWIDTH_BURST_BYTES } from '../../node/provider/controls/bandwidth.js'
import { InvalidControlsError } from '../../node/provider/controls/check.js'
import { OwnerControls } from '../../node/provider/controls/owner-controls.js'
import { DEFAULT_OWNER_SETTINGS, applyPatch, checkSettings } from '../../node/provider/controls/settings.js'
import { jobShares } from '../../node/provider/index.js'
import { parseScheduleSpec } from '../../node/provider/controls/schedule-spec.js'
import { policyPatch } from '../../node/cli/commands/owner.js'
import type { NodeDatabase } from '../../node/db/open.js'

describe('bandwidth limit: one token bucket of bytes', () => {
  it('lets a burst through, then holds until the deficit refills at the rate; 0 lifts it and frees the waiters', async () => {
    let now = 1_000_000
    const limit = new BandwidthLimit(100_000, () => now)
    limit.spend(MIN_BANDWIDTH_BURST_BYTES)
    expect(limit.wait()).toBeUndefined()
    limit.spend(50_000)
    const waiting = limit.wait()
    expect(waiting).toBeInstanceOf(Promise)
    // every relay waits on the same refill
    expect(limit.wait()).toBe(waiting)
    now += 499
    expect(limit.wait()).toBeDefined()
    now += 1
    expect(limit.wait()).toBeUndefined()
    limit.spend(10_000_000)
    const stuck = limit.wait()
    limit.set(0)
    await expect(stuck).resolves.toBeUndefined()
    limit.spend(10_000_000)
    expect(limit.wait()).toBeUndefined()
  })
})

describe('owner settings', () => {
  it('a patch replaces the fields given, and null removes the schedule or idle-only', () => {
    const schedule = { timeZone: 'Europe/Berlin', windows: [{ days: ['mon' as const], from: '09:00', to: '17:00' }] }
    const set = applyPatch(DEFAULT_OWNER_SETTINGS, { schedule, maxLoadPerCpu: 0.5, denyDestinations: ['example.com'] })
    expect(set).toMatchObject({ schedule, maxLoadPerCpu: 0.5, denyDestinations: ['example.com'], paused: false })
    const cleared = applyPatch(set, { schedule: null, maxLoadPerCpu: null })
    expect('schedule' in cleared || 'maxLoadPerCpu' in cleared).toBe(false)
    expect(DEFAULT_OWNER_SETTINGS).not.toHaveProperty('schedule')
  })

  it('refuses what does not hold together, naming it', () => {
    const cases: Array<[object, string]> = [
      [{ bandwidthBytesPerSecond: -1 }, 'bandwidthBytesPerSecond'],
      [{ jobMemoryPercent: 101 }, 'jobMemoryPercent'],
      [{ denyDestinations: ['10.0.0.0/33'] }, '10.0.0.0/33'],
      [{ allowDestinations: ['exa mple.com'] }, 'exa mple.com'],
      [{ monthlyDataCapBytes: 1.5 }, 'monthlyDataCapBytes']
    ]
    for (const [patch, named] of cases) {
      expect(() => checkSettings({ ...DEFAULT_OWNER_SETTINGS, ...patch }), JSON.stringify(patch)).toThrow(InvalidControlsError)
      expect(() => checkSettings({ ...DEFAULT_OWNER_SETTINGS, ...patch })).toThrow(named)
    }
    expect(checkSettings({ ...DEFAULT_OWNER_SETTINGS, denyDestinations: ['*.example.com', '203.0.113.0/24'] }).deniedDomains).toEqual(['example.com'])
  })

  it('job shares: a share of the CPUs is whole jobs, at least one; a share of the memory is bytes', () => {
    const machine = { cpus: 8, memoryBytes: 16 * 2 ** 30 }
    expect(jobShares({ jobCpuPercent: 50, jobMemoryPercent: 25 }, machine)).toEqual({ concurrent: 4, memoryBytes: 4 * 2 ** 30 })
    expect(jobShares({ jobCpuPercent: 1, jobMemoryPercent: 100 }, machine)).toEqual({ concurrent: 1, memoryBytes: 16 * 2 ** 30 })
  })
})

describe('owner controls (real LevelDB)', () => {
  let dir: string
  let db: NodeDatabase
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'peergrid-controls-'))
    db = await openDatabase(join(dir, 'db'))
  })
  afterAll(async () => {
    await db?.close()
    await rm(dir, { recursive: true, force: true })
  })

  const controls = (initial = DEFAULT_OWNER_SETTINGS, now = () => Date.UTC(2026, 11, 4, 12), loadPerCpu = () => 0.1) =>
    new OwnerControls({ store: new OwnerRepository(db), logger: silentLogger() }, { initial, now, loadPerCpu })

  it('settings changed through the API and the month\'s bytes outlive a restart; the config\'s values count until then', async () => {
    const first = controls({ ...DEFAULT_OWNER_SETTINGS, denyDestinations: ['from-config.example'] })
    await first.start()
    expect(first.view()).toMatchObject({ source: 'config', settings: { denyDestinations: ['from-config.example'] } })
    first.relayed(700)
    await first.update({ monthlyDataCapBytes: 1_000, paused: true })
    first.relayed(300)
    await first.stop()

    const second = controls({ ...DEFAULT_OWNER_SETTINGS, denyDestinations: ['from-config.example'] })
    await second.start()
    expect(second.view()).toMatchObject({ source: 'stored', settings: { paused: true, monthlyDataCapBytes: 1_000 }, usage: { month: '2026-12', bytes: 1_000 } })
    expect(second.decide().reasons.map(r => r.code)).toEqual(['paused', 'data-cap'])
    await second.stop()
  })

  it('a new month starts from its own count; the month that ended is saved as it stood, bytes moved meanwhile included', async () => {
    let now = Date.UTC(2027, 2, 31, 23, 59)
    const owner = controls(DEFAULT_OWNER_SETTINGS, () => now)
    await owner.start()
    owner.relayed(700)
    now = Date.UTC(2027, 3, 1, 0, 1)
    owner.relayed(50)
    // a change of settings (or the next tick) moves the count to April
    await owner.update({})
    owner.relayed(20)
    expect(owner.view().usage).toEqual({ month: '2027-04', bytes: 20 })
    await owner.stop()
    const store = new OwnerRepository(db)
    expect(await store.monthBytes('2027-03')).toBe(750)
    expect(await store.monthBytes('2027-04')).toBe(20)
  })

  it('idle-only judges the machine\'s load from the start and at each change, not only at the next tick', async () => {
    let load = 2
    const owner = controls(DEFAULT_OWNER_SETTINGS, undefined, () => load)
    await owner.start()
    await owner.update({ paused: false, monthlyDataCapBytes: 0, maxLoadPerCpu: 1.5 })
    expect(owner.decision()).toMatchObject({ serve: false, reasons: [{ code: 'machine-busy' }] })
    expect(owner.decision().reasons[0]!.detail).toMatch(/load 2\.00 per CPU, serving below 1\.5/)
    load = 1
    await owner.update({ maxLoadPerCpu: 1.5 })
    expect(owner.decision()).toEqual({ serve: true, reasons: [] })
    await owner.update({ maxLoadPerCpu: null })
    await owner.stop()
  })

  it('stopping serving aborts the serving signal (relays end) and tells the listeners once; serving again gives a fresh signal', async () => {
    const owner = controls()
    await owner.start()
    await owner.update({ paused: false, monthlyDataCapBytes: 0 })
    const changes: boolean[] = []
    owner.addEventListener('change', event => { changes.push(event.detail.serve) })
    const signal = owner.servingSignal
    await owner.update({ monthlyDataCapBytes: 2_000 })
    // 1,000 bytes are this month's already (the first test)
    owner.relayed(500)
    expect(signal.aborted).toBe(false)
    owner.relayed(600)
    expect(signal.aborted).toBe(true)
    expect(signal.reason).toMatchObject({ name: 'StoppedServingError' })
    expect(owner.decision().reasons.map(r => r.code)).toEqual(['data-cap'])
    await owner.update({ monthlyDataCapBytes: 0 })
    expect(owner.servingSignal.aborted).toBe(false)
    expect(changes).toEqual([true, false, true])
    await owner.stop()
  })
})

describe('peergrid policy set: flags into a settings change', () => {
  it('reads schedules as owners type them, ranges wrapping past Saturday included', () => {
    expect(parseScheduleSpec('Europe/Berlin mon-fri 18:00-8:00; sat,sun 00:00-24:00')).toEqual({
      timeZone: 'Europe/Berlin',
      windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '18:00', to: '08:00' }, { days: ['sun', 'sat'], from: '00:00', to: '24:00' }]
    })
    expect(parseScheduleSpec('UTC fri-mon 10:00-11:00').windows[0]!.days).toEqual(['sun', 'mon', 'fri', 'sat'])
    expect(parseScheduleSpec('UTC daily 09:00-17:00').windows[0]!.days).toHaveLength(7)
    expect(() => parseScheduleSpec('Europe/Berlin')).toThrow(/time zone> <days>/)
    expect(() => parseScheduleSpec('UTC someday 09:00-17:00')).toThrow(/"someday" is not a day/)
    expect(() => parseScheduleSpec('UTC mon 9-17')).toThrow(/not "<days> <from>-<to>"/)
  })

  it('sizes with units, removals with --no-…, and a JSON patch under them', () => {
    expect(policyPatch({ dataCap: '10GB', bandwidth: '2MB', jobCpu: 50, idle: false, schedule: false })).toEqual({
      monthlyDataCapBytes: 10 * 2 ** 30, bandwidthBytesPerSecond: 2 * 2 ** 20, jobCpuPercent: 50, maxLoadPerCpu: null, schedule: null
    })
    expect(policyPatch({ patch: '{"denyDestinations":["example.com"]}', dataCap: '0' })).toEqual({ denyDestinations: ['example.com'], monthlyDataCapBytes: 0 })
    expect(() => policyPatch({ dataCap: 'lots' })).toThrow(/--data-cap must be a size/)
    expect(() => policyPatch({ patch: '{' })).toThrow(/--json-patch must be a JSON object/)
    expect(() => policyPatch({ schedule: 'Nowhere' })).toThrow(/--schedule/)
  })
})
