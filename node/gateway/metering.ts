import { boundedMap } from '../../protocols/common/index.js'
import { receiptAmount, signReceipt } from '../../protocols/receipts/index.js'
import { DEFAULT_RECEIPT_EVERY_BYTES, DEFAULT_RECEIPT_EVERY_MS, TIMED_RECEIPT_SHARE } from './constants.js'
import type { MeterClient } from '../../protocols/meter/index.js'
import type { MeshTunnel } from '../../protocols/proxy/index.js'
import type { Logger } from '../logger.js'
import type { GatewayMetrics } from './metrics.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

/** What the gateway's meter works with. */
export interface GatewayMeterComponents {
  peerId: PeerId
  privateKey: PrivateKey
  /** the gateway's credential: its bytes and account (absent until it has registered) */
  credential(): { bytes: Uint8Array, account: string } | undefined
  meterClient: Pick<MeterClient, 'countersign'>
  /** receipts by result (absent: none) */
  metrics?: Pick<GatewayMetrics, 'receipts'>
  logger: Logger
  clock?(): number
}

/** How often the gateway signs. */
export interface GatewayMeterInit {
  /** sign each time this many more bytes moved (default DEFAULT_RECEIPT_EVERY_BYTES) */
  everyBytes?: number
  /** and at least this often while bytes move (default DEFAULT_RECEIPT_EVERY_MS) */
  everyMs?: number
}

/** The customer's side of what a metered session cost, for statements. */
export interface MeteredTotals {
  sessions: number
  /** jobs the gateway signed a receipt for */
  jobs: number
  /** receipts the exits counter-signed, and refused */
  receipts: number
  refused: number
  /** micro-units the newest counter-signed receipts of all sessions add up to, and the jobs' receipts */
  amount: number
}

/** Paying accounts a hosted gateway keeps sums for (the least recently active go first). */
export const MAX_TRACKED_ACCOUNTS = 10_000

interface Session {
  tunnel: MeshTunnel
  provider: PeerId
  id: string
  pricePerGiB: number
  payingAccount?: string
  seq: number
  /** bytes covered by the newest counter-signed receipt */
  signedBytes: number
  /** micro-units of the newest counter-signed receipt */
  amount: number
  inFlight?: Promise<void>
  again: boolean
  timer?: ReturnType<typeof setInterval>
}

/**
 * The gateway's metering of the sessions metering exits open: for each, a
 * cumulative receipt signed every `everyBytes` moved, at least every
 * `everyMs` while bytes move, and at close, sent to the exit to
 * counter-sign (`/peergrid/meter/1.0.0`). One receipt per session is in
 * flight at a time; one that fails is covered by the next, which counts
 * everything again.
 */
export class GatewayMeter {
  private readonly components: GatewayMeterComponents
  private readonly everyBytes: number
  private readonly everyMs: number
  private readonly totals: MeteredTotals = { sessions: 0, jobs: 0, receipts: 0, refused: 0, amount: 0 }
  /** a hosted gateway's customers: sessions and micro-units per paying account */
  private readonly accounts = boundedMap<string, { sessions: number, amount: number }>(MAX_TRACKED_ACCOUNTS)

  constructor (components: GatewayMeterComponents, init: GatewayMeterInit = {}) {
    this.components = components
    this.everyBytes = init.everyBytes ?? DEFAULT_RECEIPT_EVERY_BYTES
    this.everyMs = init.everyMs ?? DEFAULT_RECEIPT_EVERY_MS
  }

  /** Starts metering a tunnel a metering exit opened; `payingAccount` when a hosted gateway's customer pays (default: the gateway's own account). */
  track (tunnel: MeshTunnel, provider: PeerId, sessionId: string, pricePerGiB: number, payingAccount?: string): void {
    const session: Session = { tunnel, provider, id: sessionId, pricePerGiB, payingAccount, seq: 0, signedBytes: 0, amount: 0, again: false }
    this.totals.sessions++
    if (payingAccount != null) this.account(payingAccount).sessions++
    if (tunnel.closed) {
      // an early tunnel can be gone before the exit's answer names its session: only the final receipt is left
      if (tunnel.bytesUp + tunnel.bytesDown > 0) this.sign(session)
      return
    }
    tunnel.onBytes = () => {
      if (tunnel.bytesUp + tunnel.bytesDown - session.signedBytes >= this.everyBytes) this.sign(session)
    }
    // the timer signs only for a session that moved a sizeable share since its last receipt: a
    // trickle (an idle keep-alive, an echo) waits for the receipt at close, well inside the exit's bound
    session.timer = setInterval(() => {
      if (tunnel.bytesUp + tunnel.bytesDown - session.signedBytes >= this.everyBytes / TIMED_RECEIPT_SHARE) this.sign(session)
    }, this.everyMs)
    session.timer.unref()
    tunnel.once('close', () => {
      clearInterval(session.timer)
      tunnel.onBytes = undefined
      // the final receipt: everything the session moved
      if (tunnel.bytesUp + tunnel.bytesDown > session.signedBytes) this.sign(session)
    })
  }

  /** Counts a job the gateway signed a receipt for (see jobs/payment.ts). */
  jobPaid (amount: number): void {
    this.totals.jobs++
    this.totals.amount += amount
  }

  /** A hosted gateway's customers since it started: sessions and what their receipts came to, by paying account. */
  byAccount (): Array<{ account: string, sessions: number, amount: number }> {
    return [...this.accounts.entries()].map(([account, sums]) => ({ account, ...sums }))
  }

  private account (id: string): { sessions: number, amount: number } {
    let sums = this.accounts.get(id)
    if (sums == null) {
      sums = { sessions: 0, amount: 0 }
      this.accounts.set(id, sums)
    }
    return sums
  }

  /** What the gateway's metered sessions came to since it started. */
  summary (): MeteredTotals {
    return { ...this.totals }
  }

  private sign (session: Session): void {
    if (session.inFlight != null) {
      session.again = true
      return
    }
    session.inFlight = this.send(session).finally(() => {
      session.inFlight = undefined
      if (session.again) {
        session.again = false
        this.sign(session)
      }
    })
  }

  private async send (session: Session): Promise<void> {
    const credential = this.components.credential()
    if (credential == null) return
    const { bytesUp, bytesDown } = session.tunnel
    const seq = session.seq + 1
    const amount = receiptAmount(bytesUp, bytesDown, session.pricePerGiB)
    try {
      const signed = await signReceipt(this.components.privateKey, credential.bytes, {
        session: session.id,
        provider: session.provider,
        customer: this.components.peerId,
        payingAccount: session.payingAccount ?? credential.account,
        pricePerGiB: session.pricePerGiB,
        bytesUp,
        bytesDown,
        amount,
        seq,
        atMs: (this.components.clock ?? Date.now)()
      })
      session.seq = seq
      await this.components.meterClient.countersign(session.provider, signed)
      session.signedBytes = bytesUp + bytesDown
      this.totals.receipts++
      this.components.metrics?.receipts.inc({ result: 'countersigned' })
      this.totals.amount += amount - session.amount
      if (session.payingAccount != null) this.account(session.payingAccount).amount += amount - session.amount
      session.amount = amount
    } catch (err: any) {
      this.totals.refused++
      this.components.metrics?.receipts.inc({ result: 'failed' })
      this.components.logger.debug({ session: session.id, provider: session.provider.toString(), err: err.message }, 'a receipt was not counter-signed; the next one covers it')
    }
  }
}
