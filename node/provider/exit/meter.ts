import { randomBytes } from 'node:crypto'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { counterSignReceipt, peekReceipt } from '../../../protocols/receipts/index.js'
import { openCustomerReceipt } from '../metering.js'
import { boundedMap } from '../../../protocols/common/index.js'
import { CLOSED_SESSION_GRACE_MS, DEFAULT_MAX_UNRECEIPTED_BYTES, DEFAULT_RECEIPT_WAIT_MS, IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES, MAX_METERED_SESSIONS, RECEIPT_UPSTREAM_ALLOWANCE_BYTES, RECEIPT_WAIT_SHARE } from './constants.js'
import type { CountersignResult, ExitMeter as ExitMeterHook } from '../../../protocols/meter/index.js'
import type { VerifiedCredential } from '../../../protocols/credential/index.js'
import type { VerifiedReceipt } from '../../../protocols/receipts/index.js'
import type { MeteringComponents } from '../metering.js'
import type { ProviderMetrics } from '../metrics.js'
import type { Connection } from '@libp2p/interface'

/** One metered proxy session at the exit. */
interface MeteredSession {
  id: string
  customer: string
  payingAccount: string
  pricePerGiB: number
  /** bytes the exit received from the customer, and sent to it */
  up: number
  down: number
  /** what the newest counter-signed receipt covers */
  seq: number
  receiptedUp: number
  receiptedDown: number
  /** the newest counter-signed receipt, handed back when the same receipt comes again */
  countersigned?: { customerReceipt: Uint8Array, receipt: Uint8Array }
  closed: boolean
  /** the exit stopped relaying it: the customer owed more than the bound */
  cut?: boolean
  /** no longer counted among the customer's open sessions */
  forgotten?: boolean
}

/** What the exit's meter works with. */
export interface ExitMeterComponents extends MeteringComponents {
  /** hears each counter-signed receipt's cumulative amount, by session (the transparency log's earnings) */
  onCountersigned?(sessionId: string, amount: number): void
  /** the provider's metrics (absent: none) */
  metrics?: Pick<ProviderMetrics, 'meteredBytes' | 'receipts' | 'unpaidCutoffs' | 'receiptHolds'>
}

/** Limits of the exit's meter. */
export interface ExitMeterInit {
  /** a customer's traffic not yet covered by a receipt, past which the exit stops relaying for it (default DEFAULT_MAX_UNRECEIPTED_BYTES) */
  maxUnreceiptedBytes?: number
  /** how long a relay holds for a receipt at most (default DEFAULT_RECEIPT_WAIT_MS) */
  receiptWaitMs?: number
}

/** Relays holding for a customer's receipts. */
interface Hold {
  promise: Promise<void>
  release(): void
  timer: ReturnType<typeof setTimeout>
}

/**
 * The exit's metering: each served open of a metering exit is a session
 * with a price fixed at open; the exit counts the bytes it relays, checks
 * every receipt the customer sends (`/peergrid/meter/1.0.0`) against its
 * counts, counter-signs it and keeps it for the rendezvous. A customer whose
 * traffic not covered by a receipt passes the bound (maxUnreceiptedBytes,
 * plus IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES for each of its open sessions,
 * which a slow reader may hold in flight) is not served any more: its
 * sessions end and its opens are refused until receipts catch up. So the
 * most the exit can lose to a customer who stops paying is that bound with
 * the customer's most concurrent streams (--max-proxy-streams-per-customer).
 */
export class ExitMeter implements ExitMeterHook {
  private readonly components: ExitMeterComponents
  readonly maxUnreceiptedBytes: number
  private readonly sessions = boundedMap<string, MeteredSession>(MAX_METERED_SESSIONS)
  /** unreceipted bytes by customer peer id, summed over its sessions */
  private readonly owed = new Map<string, number>()
  /** open (not yet closed) metered sessions by customer peer id */
  private readonly open = new Map<string, number>()
  /** customers whose relays hold for a receipt, and those whose last hold ended without one (not held again until one comes) */
  private readonly holds = new Map<string, Hold>()
  private readonly stalled = new Set<string>()
  private readonly receiptWaitMs: number
  /** customers' credentials verified before: every receipt of a customer carries the same one */
  private readonly credentials = boundedMap<string, VerifiedCredential>(MAX_METERED_SESSIONS)
  /** the metered-bytes counters, bound to their label once (counted on every relayed chunk) */
  private readonly bytesCounters?: Record<'up' | 'down', { inc(n: number): void }>

  constructor (components: ExitMeterComponents, init: ExitMeterInit = {}) {
    this.components = components
    this.maxUnreceiptedBytes = init.maxUnreceiptedBytes ?? DEFAULT_MAX_UNRECEIPTED_BYTES
    this.receiptWaitMs = init.receiptWaitMs ?? DEFAULT_RECEIPT_WAIT_MS
    const metered = components.metrics?.meteredBytes
    if (metered != null) this.bytesCounters = { up: metered.labels('up'), down: metered.labels('down') }
  }

  /** Starts metering a served open; answers the session id the customer's receipts must name. */
  start (customer: string, payingAccount: string, pricePerGiB: number): string {
    const id = randomBytes(16).toString('hex')
    this.sessions.set(id, { id, customer, payingAccount, pricePerGiB, up: 0, down: 0, seq: 0, receiptedUp: 0, receiptedDown: 0, closed: false })
    this.open.set(customer, (this.open.get(customer) ?? 0) + 1)
    return id
  }

  /** What a customer may owe now: the bound plus what its open sessions may have in flight. */
  boundFor (customer: string): number {
    return this.maxUnreceiptedBytes + IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES * (this.open.get(customer) ?? 0)
  }

  /** Counts relayed bytes; false when the customer is now past the bound (the relay should end). */
  count (sessionId: string, direction: 'up' | 'down', bytes: number): boolean {
    const session = this.sessions.get(sessionId)
    if (session == null) return true
    if (direction === 'up') session.up += bytes
    else session.down += bytes
    this.bytesCounters?.[direction].inc(bytes)
    const owed = (this.owed.get(session.customer) ?? 0) + bytes
    this.owed.set(session.customer, owed)
    if (owed <= this.boundFor(session.customer)) return true
    if (!session.cut) this.components.metrics?.unpaidCutoffs.inc()
    session.cut = true
    return false
  }

  /**
   * A promise while the session's customer owes more than RECEIPT_WAIT_SHARE
   * of its bound: its relays hold until a receipt brings it back under, or
   * receiptWaitMs passes (then they go on, and are not held again until a
   * receipt comes: a customer who does not pay runs into the bound).
   * Undefined when the relay may go on.
   */
  hold (sessionId: string): Promise<void> | undefined {
    const session = this.sessions.get(sessionId)
    if (session == null || session.cut === true) return undefined
    const customer = session.customer
    if ((this.owed.get(customer) ?? 0) <= this.boundFor(customer) * RECEIPT_WAIT_SHARE || this.stalled.has(customer)) return undefined
    let hold = this.holds.get(customer)
    if (hold == null) {
      let release = (): void => {}
      const promise = new Promise<void>(resolve => { release = resolve })
      const timer = setTimeout(() => {
        this.stalled.add(customer)
        this.releaseHold(customer)
      }, this.receiptWaitMs)
      timer.unref()
      hold = { promise, release, timer }
      this.holds.set(customer, hold)
      this.components.metrics?.receiptHolds.inc()
    }
    return hold.promise
  }

  private releaseHold (customer: string): void {
    const hold = this.holds.get(customer)
    if (hold == null) return
    clearTimeout(hold.timer)
    this.holds.delete(customer)
    hold.release()
  }

  /**
   * The session's relay ended. Its final receipt may still come, for
   * CLOSED_SESSION_GRACE_MS; until it does (or the grace ends) the session
   * keeps its in-flight allowance, since what it owes is in flight still.
   */
  close (sessionId: string): void {
    const session = this.sessions.get(sessionId)
    if (session == null || session.closed) return
    session.closed = true
    if (this.settled(session)) this.forget(sessionId)
    else setTimeout(() => { this.forget(sessionId) }, CLOSED_SESSION_GRACE_MS).unref()
  }

  /** A customer's traffic not covered by a counter-signed receipt, over all its sessions. */
  unreceipted (customer: string): number {
    return this.owed.get(customer) ?? 0
  }

  async countersign (bytes: Uint8Array, connection: Connection): Promise<CountersignResult> {
    const result = await this.check(bytes, connection)
    this.components.metrics?.receipts.inc({ result: result.status === 'ok' ? 'countersigned' : result.status })
    return result
  }

  private async check (bytes: Uint8Array, connection: Connection): Promise<CountersignResult> {
    const customer = connection.remotePeer.toString()
    // the session first, read without verifying anything: a receipt for no session of this customer costs no signature check
    const named = peekReceipt(bytes)?.session
    const open = named == null ? undefined : this.sessions.get(named)
    if (open == null || open.customer !== customer) return named == null ? { status: 'refused', reason: 'the receipt does not decode' } : { status: 'unknown-session' }
    let receipt: VerifiedReceipt
    try {
      receipt = await openCustomerReceipt(this.components, this.credentials, bytes)
    } catch (err: any) {
      return { status: 'refused', reason: err.message }
    }
    const session = this.sessions.get(receipt.session)
    if (session == null || session.customer !== customer) return { status: 'unknown-session' }
    if (!receipt.customer.equals(connection.remotePeer)) return { status: 'refused', reason: 'the receipt is signed by another peer than the one sending it' }
    if (!receipt.provider.equals(this.components.peerId)) return { status: 'refused', reason: 'the receipt names another exit' }
    if (receipt.pricePerGiB !== session.pricePerGiB) return { status: 'refused', reason: `the session's price is ${session.pricePerGiB} per GiB` }
    if (receipt.payingAccount !== session.payingAccount) return { status: 'refused', reason: `the session is paid by ${session.payingAccount}` }
    if (receipt.seq === session.seq && session.countersigned != null && uint8ArrayEquals(session.countersigned.customerReceipt, bytes)) {
      // the same receipt again (a retry): the same answer
      return { status: 'ok', receipt: session.countersigned.receipt }
    }
    if (receipt.seq <= session.seq) return { status: 'refused', reason: `seq ${receipt.seq} is not after ${session.seq}` }
    if (receipt.bytesUp < session.receiptedUp || receipt.bytesDown < session.receiptedDown) return { status: 'refused', reason: 'the receipt counts less than the one before' }
    if (receipt.bytesDown > session.down) return { status: 'refused', reason: `the receipt counts ${receipt.bytesDown} bytes down; the exit sent ${session.down}` }
    if (receipt.bytesUp > session.up + RECEIPT_UPSTREAM_ALLOWANCE_BYTES) return { status: 'refused', reason: `the receipt counts ${receipt.bytesUp} bytes up; the exit received ${session.up}` }
    const credential = this.components.credential()
    if (credential == null) return { status: 'refused', reason: 'the exit holds no credential to counter-sign with yet' }
    const countersigned = await counterSignReceipt(this.components.privateKey, credential, bytes)
    // what this receipt newly covers, taken off what the customer owes (never below zero: upstream may count ahead)
    const covered = Math.max(0, receipt.bytesUp - session.receiptedUp) + (receipt.bytesDown - session.receiptedDown)
    const owed = Math.max(0, (this.owed.get(customer) ?? 0) - covered)
    this.owed.set(customer, owed)
    // a receipt came: relays holding for one go on once what is owed is back under the share
    this.stalled.delete(customer)
    if (owed <= this.boundFor(customer) * RECEIPT_WAIT_SHARE) this.releaseHold(customer)
    session.seq = receipt.seq
    session.receiptedUp = receipt.bytesUp
    session.receiptedDown = receipt.bytesDown
    session.countersigned = { customerReceipt: bytes, receipt: countersigned }
    await this.components.outbox.put(countersigned)
    this.components.onCountersigned?.(session.id, receipt.amount)
    // a closed session whose final receipt covers everything is done
    if (session.closed && this.settled(session)) this.forget(session.id)
    return { status: 'ok', receipt: countersigned }
  }

  /** True when the newest receipt covers everything the session moved. */
  private settled (session: MeteredSession): boolean {
    return session.receiptedUp >= session.up && session.receiptedDown >= session.down
  }

  private forget (sessionId: string): void {
    const session = this.sessions.get(sessionId)
    if (session == null || session.forgotten === true) return
    session.forgotten = true
    // kept (as forgotten) for a retried final receipt until the grace ends; what it never covered stays owed by the customer
    const open = (this.open.get(session.customer) ?? 1) - 1
    if (open > 0) {
      this.open.set(session.customer, open)
    } else {
      this.open.delete(session.customer)
      // nothing left to hold: the hold state goes with the customer's last session (bounded by open customers)
      this.stalled.delete(session.customer)
      this.releaseHold(session.customer)
    }
    setTimeout(() => { this.sessions.delete(sessionId) }, CLOSED_SESSION_GRACE_MS).unref()
  }
}
