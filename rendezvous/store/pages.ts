import type { BooksReader, JournalLine } from './store.js'
import type { PayoutRun } from '../payouts/payout.js'

/** Journal lines and payout runs read from the store at a time when walking all of them. */
export const WALK_PAGE = 1_000

/** Every item `read` answers, a page at a time, each page starting after the last item's cursor (a caller may stop early). */
async function * walk<T, C> (read: (cursor: C | undefined, page: number) => Promise<T[]>, cursorOf: (item: T) => C, page: number): AsyncGenerator<T> {
  for (let cursor: C | undefined; ;) {
    const items = await read(cursor, page)
    yield * items
    const last = items[items.length - 1]
    if (items.length < page || last === undefined) return
    cursor = cursorOf(last)
  }
}

/** Every journal line of `books`, in order. */
export function journalLines (books: Pick<BooksReader, 'journalLines'>, page = WALK_PAGE): AsyncGenerator<JournalLine> {
  return walk(async (after: number | undefined, n) => books.journalLines(after, n), line => line.seq, page)
}

/** Every payout run of `books`, newest first. */
export function payoutRuns (books: Pick<BooksReader, 'payoutRuns'>, page = WALK_PAGE): AsyncGenerator<PayoutRun> {
  return walk(async (before: string | undefined, n) => books.payoutRuns(before, n), run => run.id, page)
}
