import { silentLogger } from '../common/logger.js'
import { requestMetrics } from '../common/metrics.js'
import { ServiceLifecycle } from '../common/lifecycle.js'
import { request } from '../common/request-response.js'
import {
  DEFAULT_MAX_SUBMIT_BACKOFF_MS,
  DEFAULT_MIN_SUBMIT_BACKOFF_MS,
  DEFAULT_SUBMIT_INTERVAL_MS,
  DEFAULT_SUBMIT_TIMEOUT_MS,
  MAX_RECEIPTS_PER_BATCH
} from './constants.js'
import { RECEIPTS_EXCHANGE } from './exchange.js'
import { ReceiptAnswer } from './pb/submit.js'
import type { ReceiptOutcomeName } from './server.js'
import type { Logger } from '../common/logger.js'
import type { RequestMetrics } from '../common/metrics.js'
import type { RendezvousPeers } from '../common/rendezvous.js'
import type { Startable } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Registry } from 'prom-client'

/** The rendezvous's final answer on one submitted receipt. */
export interface ReceiptAnswered {
  bytes: Uint8Array
  outcome: ReceiptOutcomeName
  reason?: string
}

/** Role hook: where an exit keeps counter-signed receipts until the rendezvous has answered them. */
export interface ReceiptOutbox {
  /** up to `limit` receipts waiting, oldest first */
  waiting(limit: number): Promise<Uint8Array[]>
  /** how many are waiting now */
  size(): number
  /** final answers: each receipt leaves the outbox (unless a newer one of its session took its place) */
  answered(answers: ReceiptAnswered[]): Promise<void>
}

/** What the submitter runs on. */
export interface ReceiptSubmitterComponents {
  connectionManager: Pick<ConnectionManager, 'openStream'>
  rendezvous: Pick<RendezvousPeers, 'connectedPeers'>
  outbox: ReceiptOutbox
  logger?: Logger
  registry?: Registry
}

/** Options of the submitter. */
export interface ReceiptSubmitterInit {
  /** submit what is waiting this often (default DEFAULT_SUBMIT_INTERVAL_MS) */
  intervalMs?: number
  /** first wait after a failure, doubling (default DEFAULT_MIN_SUBMIT_BACKOFF_MS) */
  minBackoffMs?: number
  /** longest wait after failures (default DEFAULT_MAX_SUBMIT_BACKOFF_MS) */
  maxBackoffMs?: number
  /** one submission must finish within this time (default DEFAULT_SUBMIT_TIMEOUT_MS) */
  timeoutMs?: number
}

const OUTCOME_NAMES: Record<ReceiptAnswer.Outcome, ReceiptOutcomeName | undefined> = {
  [ReceiptAnswer.Outcome.UNSPECIFIED]: undefined,
  [ReceiptAnswer.Outcome.BOOKED]: 'booked',
  [ReceiptAnswer.Outcome.DUPLICATE]: 'duplicate',
  [ReceiptAnswer.Outcome.SUPERSEDED]: 'superseded',
  [ReceiptAnswer.Outcome.INVALID]: 'invalid',
  [ReceiptAnswer.Outcome.BAD_SIGNATURE]: 'bad-signature',
  [ReceiptAnswer.Outcome.BAD_CREDENTIAL]: 'bad-credential',
  [ReceiptAnswer.Outcome.UNKNOWN_ACCOUNT]: 'unknown-account',
  [ReceiptAnswer.Outcome.INCONSISTENT]: 'inconsistent'
}

/**
 * The exit's side of `/peergrid/receipts/1.0.0`: every interval, and as soon
 * as a full batch waits, hands the outbox's receipts to a connected
 * rendezvous in batches of MAX_RECEIPTS_PER_BATCH, until each is answered.
 * A submission that fails (no rendezvous, timeout, BUSY, FAILURE, an answer
 * that does not match the batch) leaves the receipts where they are and
 * waits, doubling from minBackoffMs to maxBackoffMs with jitter.
 */
export class ReceiptSubmitter implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/receipt-submitter'
  private readonly components: ReceiptSubmitterComponents
  private readonly init: ReceiptSubmitterInit
  private readonly logger: Logger
  private readonly metrics?: RequestMetrics
  private readonly lifecycle = new ServiceLifecycle()
  private timer?: ReturnType<typeof setTimeout>
  private failures = 0
  private running?: Promise<void>

  constructor (components: ReceiptSubmitterComponents, init: ReceiptSubmitterInit = {}) {
    this.components = components
    this.init = init
    this.logger = components.logger ?? silentLogger()
    this.metrics = components.registry != null ? requestMetrics(components.registry) : undefined
  }

  start (): void {
    if (!this.lifecycle.start()) return
    this.schedule(this.init.intervalMs ?? DEFAULT_SUBMIT_INTERVAL_MS)
  }

  async stop (): Promise<void> {
    if (!this.lifecycle.stop()) return
    clearTimeout(this.timer)
    await this.running
  }

  /** A full batch is waiting: submit now rather than at the next interval (no-op while failing: the backoff holds). */
  kick (): void {
    if (!this.lifecycle.running || this.failures > 0 || this.running != null) return
    if (this.components.outbox.size() >= MAX_RECEIPTS_PER_BATCH) this.schedule(0)
  }

  /** Submits everything waiting now; resolves when done or on the first failure (then the backoff applies). */
  async flush (): Promise<void> {
    clearTimeout(this.timer)
    this.running ??= this.submitAll().finally(() => { this.running = undefined })
    await this.running
  }

  private schedule (delayMs: number): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => { void this.flush() }, delayMs)
    this.timer.unref()
  }

  private async submitAll (): Promise<void> {
    try {
      while (this.lifecycle.running) {
        const batch = await this.components.outbox.waiting(MAX_RECEIPTS_PER_BATCH)
        if (batch.length === 0) break
        await this.submit(batch)
        if (batch.length < MAX_RECEIPTS_PER_BATCH) break
      }
      this.failures = 0
      if (this.lifecycle.running) this.schedule(this.init.intervalMs ?? DEFAULT_SUBMIT_INTERVAL_MS)
    } catch (err: any) {
      if (!this.lifecycle.running) return
      this.failures++
      const min = this.init.minBackoffMs ?? DEFAULT_MIN_SUBMIT_BACKOFF_MS
      const max = this.init.maxBackoffMs ?? DEFAULT_MAX_SUBMIT_BACKOFF_MS
      const backoff = Math.min(max, min * 2 ** Math.min(this.failures - 1, 30))
      const delay = Math.round(backoff / 2 + Math.random() * backoff / 2)
      this.logger.warn({ err: err.message, waiting: this.components.outbox.size(), retryInMs: delay }, 'cannot submit receipts; they stay and go again')
      this.schedule(delay)
    }
  }

  private async submit (batch: Uint8Array[]): Promise<void> {
    const rendezvous = this.components.rendezvous.connectedPeers()[0]
    if (rendezvous == null) throw new Error('no rendezvous is connected')
    const result = await request(this.components.connectionManager, rendezvous, RECEIPTS_EXCHANGE, { receipts: batch }, {
      signal: this.lifecycle.signal,
      timeoutMs: this.init.timeoutMs ?? DEFAULT_SUBMIT_TIMEOUT_MS,
      metrics: this.metrics
    })
    const names = result.answers.map(a => OUTCOME_NAMES[a.outcome])
    if (result.answers.length !== batch.length || names.some(n => n == null)) {
      throw new Error(`the rendezvous answered ${result.answers.length} outcomes for ${batch.length} receipts`)
    }
    const answers = batch.map((bytes, i) => ({ bytes, outcome: names[i] as ReceiptOutcomeName, reason: result.answers[i]?.reason }))
    const refused = answers.filter(a => !['booked', 'duplicate', 'superseded'].includes(a.outcome))
    if (refused.length > 0) this.logger.warn({ refused: refused.length, first: `${refused[0]?.outcome}: ${refused[0]?.reason ?? ''}` }, 'the rendezvous refused receipts')
    await this.components.outbox.answered(answers)
  }
}

/** The receipt submitter as a libp2p service. */
export function receiptSubmitter (init: ReceiptSubmitterInit = {}): (components: ReceiptSubmitterComponents) => ReceiptSubmitter {
  return (components) => new ReceiptSubmitter(components, init)
}
