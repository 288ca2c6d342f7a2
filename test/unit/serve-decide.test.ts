import { describe, expect, it } from 'vitest'
import { checkControls } from '../../node/provider/controls/check.js'
import { clockMinutes, decide, monthOf } from '../../node/provider/controls/decide.js'
import { isTimeZone } from '../../node/provider/controls/local-time.js'
import type { ServeControls, ServeState } from '../../node/provider/controls/decide.js'

const GIB = 1024 ** 3
const at = (iso: string): number => Date.parse(iso)
const open: ServeControls = { paused: false, monthlyDataCapBytes: 0 }
const idle: ServeState = { monthBytes: 0, loadPerCpu: 0.1 }
const officeHours: ServeControls = { ...open, schedule: { timeZone: 'Europe/Berlin', windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] } }
const fridayNights: ServeControls = { ...open, schedule: { timeZone: 'Europe/Berlin', windows: [{ days: ['fri'], from: '22:00', to: '06:00' }] } }
const summerMornings: ServeControls = { ...open, schedule: { timeZone: 'Europe/Berlin', windows: [{ days: ['wed'], from: '09:00', to: '12:00' }] } }

// 2026-12-04 is a Friday; Berlin is UTC+1 in winter, UTC+2 in summer
const cases: Array<{ name: string, now: string, state?: Partial<ServeState>, controls: ServeControls, refusals: string[] }> = [
  { name: 'no controls: serves', now: '2026-12-04T10:00:00Z', controls: open, refusals: [] },
  { name: 'paused', now: '2026-12-04T10:00:00Z', controls: { ...open, paused: true }, refusals: ['paused'] },
  { name: 'monthly cap reached', now: '2026-12-04T10:00:00Z', state: { monthBytes: 10 * GIB }, controls: { ...open, monthlyDataCapBytes: 10 * GIB }, refusals: ['data-cap'] },
  { name: 'monthly cap not reached yet', now: '2026-12-04T10:00:00Z', state: { monthBytes: 10 * GIB - 1 }, controls: { ...open, monthlyDataCapBytes: 10 * GIB }, refusals: [] },
  { name: 'a cap of 0 is no cap', now: '2026-12-04T10:00:00Z', state: { monthBytes: 1e15 }, controls: open, refusals: [] },
  { name: 'inside office hours (11:00 in Berlin)', now: '2026-12-04T10:00:00Z', controls: officeHours, refusals: [] },
  { name: 'after office hours (17:30 in Berlin, 16:30 UTC)', now: '2026-12-04T16:30:00Z', controls: officeHours, refusals: ['outside-schedule'] },
  { name: 'the window\'s end is not in it (17:00 sharp)', now: '2026-12-04T16:00:00Z', controls: officeHours, refusals: ['outside-schedule'] },
  { name: 'a Saturday', now: '2026-12-05T10:00:00Z', controls: officeHours, refusals: ['outside-schedule'] },
  { name: 'a window past midnight: Friday 22:00 in Berlin', now: '2026-12-04T21:00:00Z', controls: fridayNights, refusals: [] },
  { name: 'a window past midnight: Saturday 03:00, the night after Friday', now: '2026-12-05T02:00:00Z', controls: fridayNights, refusals: [] },
  { name: 'a window past midnight: Saturday 06:30 is after it', now: '2026-12-05T05:30:00Z', controls: fridayNights, refusals: ['outside-schedule'] },
  { name: 'a window past midnight: Friday 03:00 is not the night after Friday', now: '2026-12-04T02:00:00Z', controls: fridayNights, refusals: ['outside-schedule'] },
  { name: 'summer time: 11:30 in Berlin is 09:30 UTC', now: '2026-07-01T09:30:00Z', controls: summerMornings, refusals: [] },
  { name: 'summer time: 12:30 in Berlin is 10:30 UTC', now: '2026-07-01T10:30:00Z', controls: summerMornings, refusals: ['outside-schedule'] },
  { name: 'busy machine', now: '2026-12-04T10:00:00Z', state: { loadPerCpu: 0.9 }, controls: { ...open, maxLoadPerCpu: 0.5 }, refusals: ['machine-busy'] },
  { name: 'idle machine', now: '2026-12-04T10:00:00Z', state: { loadPerCpu: 0.2 }, controls: { ...open, maxLoadPerCpu: 0.5 }, refusals: [] },
  {
    name: 'every reason at once, in order',
    now: '2026-12-05T10:00:00Z',
    state: { monthBytes: GIB, loadPerCpu: 2 },
    controls: { ...officeHours, paused: true, monthlyDataCapBytes: GIB, maxLoadPerCpu: 0.5 },
    refusals: ['paused', 'data-cap', 'outside-schedule', 'machine-busy']
  }
]

describe('decide: serve or not, with ordered reasons', () => {
  for (const c of cases) {
    it(c.name, () => {
      const decision = decide(at(c.now), { ...idle, ...c.state }, c.controls)
      expect(decision.reasons.map(r => r.code)).toEqual(c.refusals)
      expect(decision.serve).toBe(c.refusals.length === 0)
      for (const reason of decision.reasons) expect(reason.detail.length).toBeGreaterThan(0)
    })
  }

  it('the month a cap counts in is the schedule\'s time zone\'s (UTC without one)', () => {
    const lateNovemberUtc = at('2026-11-30T23:30:00Z')
    expect(monthOf(lateNovemberUtc, open)).toBe('2026-11')
    expect(monthOf(lateNovemberUtc, officeHours)).toBe('2026-12')
  })

  it('reads clock times strictly', () => {
    expect(clockMinutes('09:00')).toBe(540)
    expect(clockMinutes('24:00')).toBe(1440)
    for (const bad of ['9:00', '24:01', '25:00', '12:60', '', 'noon']) expect(clockMinutes(bad), bad).toBeNaN()
    expect(isTimeZone('Europe/Berlin')).toBe(true)
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false)
  })
})

describe('checkControls: what an owner may set', () => {
  const bad: Array<[string, ServeControls, RegExp]> = [
    ['a time zone that is not one', { ...open, schedule: { timeZone: 'Berlin', windows: [{ days: ['mon'], from: '09:00', to: '17:00' }] } }, /not a time zone/],
    ['no windows', { ...open, schedule: { timeZone: 'UTC', windows: [] } }, /would never serve/],
    ['a day that is not one', { ...open, schedule: { timeZone: 'UTC', windows: [{ days: ['monday' as 'mon'], from: '09:00', to: '17:00' }] } }, /"monday" is not a day/],
    ['a time that is not one', { ...open, schedule: { timeZone: 'UTC', windows: [{ days: ['mon'], from: '9am', to: '17:00' }] } }, /windows\[0\]\.from: "9am"/],
    ['an empty window', { ...open, schedule: { timeZone: 'UTC', windows: [{ days: ['mon'], from: '09:00', to: '09:00' }] } }, /empty window/],
    ['a negative cap', { ...open, monthlyDataCapBytes: -1 }, /monthlyDataCapBytes/],
    ['a load of 0', { ...open, maxLoadPerCpu: 0 }, /maxLoadPerCpu/]
  ]
  for (const [name, controls, message] of bad) {
    it(`refuses ${name}`, () => {
      expect(() => checkControls(controls)).toThrow(message)
    })
  }
  it('takes a schedule past midnight, a cap and a load', () => {
    expect(checkControls({ ...fridayNights, monthlyDataCapBytes: GIB, maxLoadPerCpu: 0.5 })).toBeDefined()
  })
})
