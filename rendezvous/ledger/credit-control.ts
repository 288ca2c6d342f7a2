import { randomUUID } from 'node:crypto'
import pLimit from 'p-limit'
import { customerAccount } from './accounts.js'
import { lossTransaction } from './postings.js'
import type { Ledger } from './ledger.js'
import type { Logger } from 'pino'

/** Where accounts out of credit are announced: the revocation list's unfunded accounts. */
export interface UnfundedList {
  unfunded(): ReadonlySet<string>
  setUnfunded(change: { add?: string[], remove?: string[] }): Promise<number | undefined>
}

/** What credit control works with. */
export interface CreditControlComponents {
  ledger: Ledger
  list: UnfundedList
  logger: Logger
  clock?(): number
}

/**
 * Stops customers whose prepaid credit has run out, and lets them on again
 * when credited. After usage is booked, a paying account at or below zero
 * goes on the signed, gossiped list that exits check on every open (within
 * seconds network-wide); a negative balance — the usage booked between the
 * last check and the stop — is written off to `operator:losses`, so the loss
 * is booked and shows in `peergrid ledger`. A credit that brings the balance
 * above zero takes the account off the list.
 */
export class CreditControl {
  private readonly components: CreditControlComponents
  /** one account check at a time, so a balance is never written off twice */
  private readonly serial = pLimit(1)

  constructor (components: CreditControlComponents) {
    this.components = components
  }

  /** After usage was booked for these paying accounts. */
  async afterUsage (accounts: string[]): Promise<void> {
    await this.serial(async () => {
      const { ledger, list, logger } = this.components
      const stop: string[] = []
      for (const account of new Set(accounts)) {
        // read and written off in one unit: another rendezvous may be writing off the same account
        const balance = await ledger.store.unit(async (books) => {
          const balance = await ledger.balance(customerAccount(account), books)
          const loss = balance > 0 ? undefined : lossTransaction(account, balance, randomUUID(), (this.components.clock ?? Date.now)())
          if (loss != null) await ledger.bookIn(books, [loss])
          return balance
        })
        if (balance > 0) continue
        if (balance < 0) logger.warn({ account, lossMicroUnits: -balance }, 'usage beyond a customer\'s credit written off')
        if (!list.unfunded().has(account)) stop.push(account)
      }
      if (stop.length > 0) await list.setUnfunded({ add: stop })
    })
  }

  /** After a credit to this account: on again if it has credit. */
  async afterCredit (account: string): Promise<void> {
    await this.serial(async () => {
      const { ledger, list } = this.components
      if (list.unfunded().has(account) && await ledger.balance(customerAccount(account)) > 0) await list.setUnfunded({ remove: [account] })
    })
  }
}
