import type { BooksReader, JournalLine } from './store.js'
import type { PayoutRun } from '../payouts/payout.js'

/** Journal lines and payout runs read from the store at a time when walking all of them. */
export const WALK_PAGE = 1_000

/** Every journal line of `books`, in order, read a page at a time. */
export async function * journalLines (books: Pick<BooksReader, 'journalLines'>, page = WALK_PAGE): AsyncGenerator<JournalLine> {
  for (let after: number | undefined; ;) {
    const lines = await books.journalLines(after, page)
    yield * lines
    if (lines.length < page) return
    after = lines[lines.length - 1]?.seq
  }
}

/** Every payout run of `books`, newest first, read a page at a time (a caller may stop early). */
export async function * payoutRuns (books: Pick<BooksReader, 'payoutRuns'>, page = WALK_PAGE): AsyncGenerator<PayoutRun> {
  for (let before: string | undefined; ;) {
    const runs = await books.payoutRuns(before, page)
    yield * runs
    if (runs.length < page) return
    before = runs[runs.length - 1]?.id
  }
}
