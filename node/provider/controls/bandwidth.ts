/** The bucket holds at least this many bytes, so one socket read (up to 64 KiB) never waits on its own. */
export const MIN_BANDWIDTH_BURST_BYTES = 64 * 1024

/** The bucket holds this many seconds of the rate. */
export const BANDWIDTH_BURST_SECONDS = 0.25

/**
 * One token bucket of bytes shared by every proxy stream of the exit: each
 * relayed chunk is spent after it moved (the balance may go below zero), and
 * while the balance is below zero every relay holds — reads neither side —
 * until it refills. The rate changes without a restart; 0 lifts the limit
 * and frees whoever waits.
 */
export class BandwidthLimit {
  private bytesPerSecond = 0
  private tokens = 0
  private updatedMs = 0
  private refill?: { promise: Promise<void>, resolve(): void, timer: ReturnType<typeof setTimeout> }
  private readonly now: () => number

  constructor (bytesPerSecond: number, now: () => number = Date.now) {
    this.now = now
    this.set(bytesPerSecond)
  }

  /** The limit now, bytes per second (0 = none). */
  get rate (): number {
    return this.bytesPerSecond
  }

  /** Sets the limit (0 = none); the bucket starts full. */
  set (bytesPerSecond: number): void {
    this.bytesPerSecond = bytesPerSecond
    this.tokens = this.burst()
    this.updatedMs = this.now()
    this.release()
  }

  /** Spends bytes that moved. */
  spend (bytes: number): void {
    if (this.bytesPerSecond === 0) return
    this.tokens = this.balance() - bytes
  }

  /** While the bucket is below zero: a promise that settles once it is back at zero (one for every waiter). */
  wait (): Promise<void> | undefined {
    if (this.bytesPerSecond === 0) return undefined
    const balance = this.balance()
    if (balance >= 0) return undefined
    if (this.refill == null) {
      let resolve!: () => void
      const promise = new Promise<void>(r => { resolve = r })
      const timer = setTimeout(() => { this.release() }, Math.ceil(-balance / this.bytesPerSecond * 1000))
      this.refill = { promise, resolve, timer }
    }
    return this.refill.promise
  }

  private balance (): number {
    const nowMs = this.now()
    this.tokens = Math.min(this.burst(), this.tokens + Math.max(0, nowMs - this.updatedMs) / 1000 * this.bytesPerSecond)
    this.updatedMs = nowMs
    return this.tokens
  }

  private burst (): number {
    return Math.max(MIN_BANDWIDTH_BURST_BYTES, this.bytesPerSecond * BANDWIDTH_BURST_SECONDS)
  }

  private release (): void {
    const refill = this.refill
    if (refill == null) return
    this.refill = undefined
    clearTimeout(refill.timer)
    refill.resolve()
  }
}
