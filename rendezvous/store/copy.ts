import { sessionKey } from '../receipts/settle.js'
import { journalLines, payoutRuns } from './pages.js'
import type { BookWrite, BooksReader, CoordinatorStore, DocumentKind, StateKey } from './store.js'

/** What a copy moved. */
export interface CopyReport {
  accounts: number
  apiKeys: number
  documents: number
  transactions: number
  sessions: number
  payoutRuns: number
  payouts: number
}

/** The books hold nothing yet: no account, no transaction, no document. */
export async function isEmpty (books: BooksReader): Promise<boolean> {
  const [accounts, journal, revocations, rules] = await Promise.all([books.allAccounts(), books.journalEnd(), books.document('revocations'), books.document('rules')])
  return accounts.length === 0 && journal === 0 && revocations == null && rules == null
}

/** The copy found books in its target already: it adds to nothing. */
export class TargetNotEmptyError extends Error {
  static override name = 'TargetNotEmptyError'
  override name = 'TargetNotEmptyError'
  code = 'ERR_TARGET_NOT_EMPTY'
}

/**
 * Copies every book of `source` into the empty store `target` in one unit,
 * so the copy lands whole or not at all: accounts and API keys, the
 * current signed documents (their version numbers go on from there), the
 * journal at its positions with the balances and hourly earnings, metered
 * sessions, payout runs and payouts, and the payout schedule (not the
 * payout lease). Stop the rendezvous that writes `source` first.
 */
export async function copyBooks (source: BooksReader, target: CoordinatorStore): Promise<CopyReport> {
  return target.unit(async (books) => {
    if (!await isEmpty(books)) throw new TargetNotEmptyError('the target database holds books already: copy only into a fresh database')
    const writes: BookWrite[] = []
    const report: CopyReport = { accounts: 0, apiKeys: 0, documents: 0, transactions: 0, sessions: 0, payoutRuns: 0, payouts: 0 }
    for (const account of await source.allAccounts()) writes.push({ type: 'account', account })
    report.accounts = writes.length
    for (const [hash, entry] of await source.allApiKeys()) writes.push({ type: 'api-key', hash, entry })
    report.apiKeys = writes.length - report.accounts
    for (const kind of ['revocations', 'rules'] satisfies DocumentKind[]) {
      const document = await source.document(kind)
      if (document != null) { writes.push({ type: 'document', kind, document }); report.documents++ }
    }
    for await (const { transaction } of journalLines(source)) {
      if (transaction != null) { writes.push({ type: 'transaction', transaction }); report.transactions++ }
    }
    for (const [account, balance] of await source.allBalances()) writes.push({ type: 'balance', account, balance })
    for (const { account, hourMs, amount } of await source.allEarned()) writes.push({ type: 'earned', account, hourMs, amount })
    for (const state of await source.allSessions()) { writes.push({ type: 'session', key: sessionKey(state), state }); report.sessions++ }
    for await (const run of payoutRuns(source)) {
      writes.push({ type: 'payout-run', run })
      report.payoutRuns++
      for (const payout of await source.payouts(run.payouts)) if (payout != null) { writes.push({ type: 'payout', payout }); report.payouts++ }
    }
    for (const key of ['payout-schedule'] satisfies StateKey[]) {
      const value = await source.state(key)
      if (value !== undefined) writes.push({ type: 'state', key, value })
    }
    books.write(...writes)
    return report
  })
}
