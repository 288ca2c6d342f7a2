import { availableParallelism, loadavg } from 'node:os'
import { TypedEventEmitter } from '@libp2p/interface'
import { StoppedServingError } from '../../../protocols/proxy/index.js'
import { BandwidthLimit } from './bandwidth.js'
import { decide, monthOf } from './decide.js'
import { applyPatch, checkSettings } from './settings.js'
import type { OwnerSettingsPatch } from './settings.js'
import type { ControlsView, OwnerSettings, ServeDecision } from '../../../protocols/local-api/index.js'
import type { OwnerRepository } from '../../db/owner-repository.js'
import type { Logger } from '../../logger.js'
import type { OwnerPolicy } from '../exit/owner-policy.js'
import type { Startable } from '@libp2p/interface'

/** The decision is taken again (schedule, machine load) and the month's bytes saved this often. */
export const CONTROLS_TICK_MS = 5_000

export type { ControlsView, SettingsSource } from '../../../protocols/local-api/index.js'

export interface OwnerControlsEvents {
  /** the settings changed, or the decision did (its serve flag or its reasons) */
  change: CustomEvent<ServeDecision>
}

export interface OwnerControlsComponents {
  store: OwnerRepository
  logger: Logger
}

export interface OwnerControlsInit {
  /** the config's values: used until the owner changes settings through the API */
  initial: OwnerSettings
  /** the clock (default Date.now) */
  now?(): number
  /** the machine's 1-minute load per CPU (default os.loadavg / availableParallelism) */
  loadPerCpu?(): number
}

/**
 * The owner's controls on a running provider: holds the settings (stored in
 * the node's database once changed, applied at once), counts the month's
 * bytes for the data cap, shapes bandwidth with one token bucket, and takes
 * `decide()` again every CONTROLS_TICK_MS and whenever the settings or the
 * cap change it. When the provider stops serving, `servingSignal` aborts
 * (open proxy connections end) and a `change` event tells the advertiser to
 * re-sign the capability record.
 */
export class OwnerControls extends TypedEventEmitter<OwnerControlsEvents> implements Startable {
  private readonly components: OwnerControlsComponents
  private readonly init: OwnerControlsInit
  private readonly now: () => number
  private readonly bandwidth: BandwidthLimit
  private stored?: { settings: OwnerSettings, updatedAtMs: number }
  private current: OwnerSettings
  private policy: OwnerPolicy
  private month = ''
  private monthBytes = 0
  private savedBytes = 0
  private load = 0
  private last: ServeDecision = { serve: true, reasons: [] }
  private serving = new AbortController()
  private timer?: ReturnType<typeof setInterval>
  /** the last write of a month's count: writes go one at a time, in order */
  private saving: Promise<void> = Promise.resolve()

  constructor (components: OwnerControlsComponents, init: OwnerControlsInit) {
    super()
    this.components = components
    this.init = init
    this.now = init.now ?? Date.now
    this.current = init.initial
    this.policy = checkSettings(init.initial)
    this.bandwidth = new BandwidthLimit(init.initial.bandwidthBytesPerSecond, this.now)
  }

  async start (): Promise<void> {
    if (this.timer != null) return
    const stored = await this.components.store.load()
    if (stored != null) {
      try {
        this.use(stored.settings)
        this.stored = stored
        this.components.logger.info({ updatedAt: new Date(stored.updatedAtMs).toISOString() }, 'owner settings changed through the local API are in force (they override the config\'s lists, bandwidth and job shares)')
      } catch (err: any) {
        this.components.logger.warn({ err: err.message }, 'the stored owner settings are not valid any more: using the config\'s')
      }
    }
    this.sampleLoad()
    await this.rollMonth()
    this.evaluate()
    this.timer = setInterval(() => { void this.tick() }, CONTROLS_TICK_MS)
    this.timer.unref()
  }

  async stop (): Promise<void> {
    if (this.timer == null) return
    clearInterval(this.timer)
    this.timer = undefined
    this.bandwidth.set(0)
    await this.saveUsage()
  }

  /** The settings in force. */
  settings (): OwnerSettings {
    return this.current
  }

  /** The owner's customer and destination lists, compiled. */
  get ownerPolicy (): OwnerPolicy {
    return this.policy
  }

  /** Serve or not now (cheap, no I/O: the exit asks on every open, the job service on every job; a new month starts counting at the next tick). */
  decide (nowMs: number = this.now()): ServeDecision {
    return decide(nowMs, { monthBytes: this.monthBytes, loadPerCpu: this.load }, this.current)
  }

  /** The last decision taken (what the capability record says). */
  decision (): ServeDecision {
    return this.last
  }

  /** Aborts when the provider stops serving: relays in progress end. */
  get servingSignal (): AbortSignal {
    return this.serving.signal
  }

  /** Everything the dashboard shows about the controls. */
  view (): ControlsView {
    return {
      settings: this.current,
      source: this.stored != null ? 'stored' : 'config',
      updatedAtMs: this.stored?.updatedAtMs ?? 0,
      decision: this.last,
      usage: { month: this.month, bytes: this.monthBytes },
      loadPerCpu: this.load
    }
  }

  /**
   * Changes settings: checked whole (InvalidControlsError names the first
   * problem, and nothing changes), saved, then applied at once.
   */
  async update (patch: OwnerSettingsPatch): Promise<ControlsView> {
    const next = applyPatch(this.current, patch)
    checkSettings(next)
    const stored = { settings: next, updatedAtMs: this.now() }
    await this.components.store.save(stored)
    this.use(next)
    this.stored = stored
    this.components.logger.info({ changed: Object.keys(patch) }, 'owner settings changed')
    // the month may be counted in another time zone now; idle-only judges the load now
    this.sampleLoad()
    await this.rollMonth()
    this.evaluate(true)
    return this.view()
  }

  /** Bytes relayed (either direction): counted for the month's cap and spent from the bandwidth bucket. */
  relayed (bytes: number): void {
    this.monthBytes += bytes
    this.bandwidth.spend(bytes)
    const cap = this.current.monthlyDataCapBytes
    if (cap > 0 && this.monthBytes >= cap && this.last.serve) this.evaluate()
  }

  /** While the exit is over its bandwidth limit: a promise to hold the relays for. */
  hold (): Promise<void> | undefined {
    return this.bandwidth.wait()
  }

  private use (settings: OwnerSettings): void {
    this.policy = checkSettings(settings)
    this.current = settings
    if (this.bandwidth.rate !== settings.bandwidthBytesPerSecond) this.bandwidth.set(settings.bandwidthBytesPerSecond)
  }

  private sampleLoad (): void {
    this.load = (this.init.loadPerCpu ?? defaultLoadPerCpu)()
  }

  private async tick (): Promise<void> {
    this.sampleLoad()
    await this.rollMonth()
    this.evaluate()
    await this.saveUsage()
  }

  /** Takes the decision again; tells the listeners when it changed (or always, after a settings change). */
  private evaluate (settingsChanged = false): void {
    const next = this.decide()
    const changed = next.serve !== this.last.serve || next.reasons.map(r => r.code).join() !== this.last.reasons.map(r => r.code).join()
    this.last = next
    if (!next.serve && !this.serving.signal.aborted) {
      this.serving.abort(new StoppedServingError(`The provider stopped serving: ${next.reasons.map(r => r.detail).join('; ')}`))
    }
    if (next.serve && this.serving.signal.aborted) this.serving = new AbortController()
    if (changed) this.components.logger.info({ serve: next.serve, reasons: next.reasons.map(r => r.code) }, next.serve ? 'serving' : 'not serving')
    if (changed || settingsChanged) this.safeDispatchEvent('change', { detail: next })
  }

  /** Moves the count to the current month (loading what was saved of it) when the month changed. */
  private async rollMonth (): Promise<void> {
    const month = monthOf(this.now(), this.current)
    if (month === this.month) return
    // switched at once (a second call finds it done); the month that ended is saved as it stood
    const ended = { month: this.month, bytes: this.monthBytes }
    this.month = month
    if (ended.month !== '') {
      this.monthBytes = 0
      if (ended.bytes !== this.savedBytes) await this.write(ended.month, ended.bytes)
    }
    const stored = await this.components.store.monthBytes(month)
    // bytes counted while loading (or before the first load, at start) stay counted
    if (this.month === month) {
      this.monthBytes += stored
      this.savedBytes = stored
    }
  }

  /** Saves the month's count when it moved since the last save. */
  private async saveUsage (): Promise<void> {
    if (this.month === '' || this.monthBytes === this.savedBytes) return
    const bytes = this.monthBytes
    if (await this.write(this.month, bytes)) this.savedBytes = bytes
  }

  /** Writes one month's count, one write at a time; false when it failed (logged). */
  private async write (month: string, bytes: number): Promise<boolean> {
    const written = this.saving.then(async () => {
      await this.components.store.setMonthBytes(month, bytes)
      return true
    }).catch(err => {
      this.components.logger.warn({ err: err.message }, 'cannot save the month\'s byte count')
      return false
    })
    this.saving = written.then(() => {})
    return written
  }
}

function defaultLoadPerCpu (): number {
  return loadavg()[0] as number / availableParallelism()
}
