import { cpuAmount, receiptAmount } from '../../protocols/receipts/index.js'
import type { BookedSession } from '../../protocols/statement/index.js'
import type { TransparencyEntry } from '../db/transparency-repository.js'

/**
 * How one session's books compare. ok: the exit counted, the customer signed
 * and the rendezvous booked the same; pending: a receipt is still on its way
 * to the rendezvous; open: the connection is still open. The rest are
 * differences: unreceipted (the exit moved more than the customer signed
 * for), missing (counter-signed, not waiting, and not booked), booked-less
 * and booked-more (the rendezvous booked another amount than the newest
 * counter-signed receipt), bytes (the booked byte counts are not the exit's),
 * cpu (a job's booked CPU time is not what the provider billed),
 * unknown-session (booked for this exit, but not in its log). A paid job is
 * a session too (its receipt names the job's session id).
 */
export type SessionCheckStatus = 'ok' | 'pending' | 'open' | 'unreceipted' | 'missing' | 'booked-less' | 'booked-more' | 'bytes' | 'cpu' | 'unknown-session'

/** The statuses that are differences. */
export const DIFFERENCES: ReadonlySet<SessionCheckStatus> = new Set(['unreceipted', 'missing', 'booked-less', 'booked-more', 'bytes', 'cpu', 'unknown-session'])

/** What a session moved or used: bytes for a proxy session, CPU-ms for a job; and what that came to. */
export interface SessionCounts {
  bytesUp: number
  bytesDown: number
  cpuMs: number
  amount: number
}

/** One session, the exit's counters beside the rendezvous's books. */
export interface SessionCheck {
  session: string
  /** the paying account */
  account?: string
  startedAtMs?: number
  /** the provider's own counters and what they come to at the session's price */
  counted?: SessionCounts
  /** what the newest counter-signed receipt covers */
  countersigned: number
  /** what the rendezvous booked */
  booked?: SessionCounts & { seq: number }
  status: SessionCheckStatus
  detail?: string
}

/**
 * Compares, session by session, the exit's transparency log (its own byte
 * counters and the amount of each session's newest counter-signed receipt)
 * with what the rendezvous booked (its statement), knowing which sessions
 * still have a receipt waiting in the outbox. Pure.
 */
export function compareBooks (log: TransparencyEntry[], booked: BookedSession[], waiting: ReadonlySet<string>): SessionCheck[] {
  const bySession = new Map(booked.map(b => [b.session, b]))
  const checks: SessionCheck[] = []
  for (const entry of log) {
    const session = entry.meteringSession
    if (session == null) continue
    const books = bySession.get(session)
    bySession.delete(session)
    const counted = countedOf(entry)
    const countersigned = entry.earnedMicroUnits ?? 0
    const check: SessionCheck = {
      session,
      account: entry.account ?? books?.payingAccount,
      startedAtMs: entry.timeMs,
      counted,
      countersigned,
      ...(books != null ? { booked: bookedOf(books) } : {}),
      ...judge(entry.end == null, counted, countersigned, books, waiting.has(session))
    }
    checks.push(check)
  }
  for (const books of bySession.values()) {
    checks.push({
      session: books.session,
      account: books.payingAccount,
      countersigned: 0,
      booked: bookedOf(books),
      status: 'unknown-session',
      detail: `the rendezvous booked ${books.amount} for a session this exit's log does not hold`
    })
  }
  return checks
}

/** A log entry's own counts: a job's billed CPU time, or a connection's bytes. */
function countedOf (entry: TransparencyEntry): SessionCounts {
  if (entry.job != null) {
    const cpuMs = entry.job.cpuMs ?? 0
    return { bytesUp: 0, bytesDown: 0, cpuMs, amount: cpuAmount(cpuMs, entry.job.pricePerCpuSecond ?? 0) }
  }
  return { bytesUp: entry.bytesSent, bytesDown: entry.bytesReceived, cpuMs: 0, amount: receiptAmount(entry.bytesSent, entry.bytesReceived, entry.pricePerGiB ?? 0) }
}

function bookedOf (books: BookedSession): SessionCounts & { seq: number } {
  return { seq: books.seq, bytesUp: books.bytesUp, bytesDown: books.bytesDown, cpuMs: books.cpuMs, amount: books.amount }
}

function judge (open: boolean, counted: SessionCounts, countersigned: number, books: BookedSession | undefined, waiting: boolean): { status: SessionCheckStatus, detail?: string } {
  const booked = books?.amount ?? 0
  if (booked > countersigned) return { status: 'booked-more', detail: `the rendezvous booked ${booked}, more than the ${countersigned} this exit counter-signed` }
  if (booked < countersigned) {
    if (waiting || open) return { status: 'pending', detail: `${countersigned - booked} counter-signed, waiting for the rendezvous` }
    return books == null
      ? { status: 'missing', detail: `counter-signed ${countersigned}, not waiting, and the rendezvous booked nothing` }
      : { status: 'booked-less', detail: `the rendezvous booked ${booked}, less than the ${countersigned} this exit counter-signed` }
  }
  if (open) return { status: 'open' }
  if (counted.amount > countersigned) return { status: 'unreceipted', detail: `the exit counted ${counted.amount}, the customer signed for ${countersigned}` }
  if (books != null && (books.bytesUp !== counted.bytesUp || books.bytesDown !== counted.bytesDown)) {
    return { status: 'bytes', detail: `booked ${books.bytesUp} up / ${books.bytesDown} down, the exit counted ${counted.bytesUp} / ${counted.bytesDown}` }
  }
  if (books != null && books.cpuMs !== counted.cpuMs) {
    return { status: 'cpu', detail: `booked ${books.cpuMs} CPU-ms, the provider billed ${counted.cpuMs}` }
  }
  return { status: 'ok' }
}
