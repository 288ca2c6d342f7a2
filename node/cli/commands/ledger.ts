import { getJson, postJson, resolveNodeApi } from '../api-client.js'
import { CommandError } from '../errors.js'
import { table } from '../format.js'
import type { Balance, BookedTransaction, LedgerCheck } from '../../../rendezvous/index.js'
import type { ApiTargetOptions } from '../api-client.js'

/** Options of `peergrid account credit`. */
export interface CreditOptions extends ApiTargetOptions {
  reference?: string
  json?: boolean
}

/** `peergrid account credit <account> <micro-units> --reference R`: adds prepaid credit to a customer, once per reference. */
export async function creditAccount (id: string, amount: string, options: CreditOptions): Promise<void> {
  if (!/^[1-9]\d{0,15}$/.test(amount)) throw new CommandError(`AMOUNT must be a positive whole number of micro-units (1 unit = 1000000), not ${JSON.stringify(amount)}`)
  if (options.reference == null) throw new CommandError('--reference is required: the payment or invoice this credit is for (crediting the same reference twice books it once)')
  const target = await resolveNodeApi('rendezvous', options)
  const result = await postJson<{ applied: boolean, balance: number, balanceUnits: string, transaction: BookedTransaction }>(target, `/api/accounts/${encodeURIComponent(id)}/credit`, { amount: Number(amount), reference: options.reference })
  if (options.json === true) {
    process.stdout.write(JSON.stringify(result) + '\n')
    return
  }
  process.stdout.write(result.applied
    ? `Credited ${id} with ${amount} micro-units (reference ${options.reference}); credit now ${result.balanceUnits} units.\n`
    : `Reference ${options.reference} was credited to ${id} before; nothing booked. Credit is ${result.balanceUnits} units.\n`)
}

/** Options of `peergrid ledger`. */
export interface LedgerOptions extends ApiTargetOptions {
  check?: boolean
  journal?: boolean
  csv?: boolean
  json?: boolean
  after?: string
  limit?: string
}

/** `peergrid ledger`: balances, `--journal` the transactions, `--check` the proof that the books add up. */
export async function showLedger (options: LedgerOptions): Promise<void> {
  const target = await resolveNodeApi('rendezvous', options)
  if (options.check === true) {
    const check = await getJson<LedgerCheck>(target, '/api/ledger/check')
    if (options.json === true) process.stdout.write(JSON.stringify(check) + '\n')
    else {
      process.stdout.write(check.ok
        ? `The books add up: ${check.transactions} transactions over ${check.accounts} accounts, balances sum to 0.\n`
        : `The books do NOT add up (${check.problems.length} problems):\n${check.problems.map(p => `  ${p}`).join('\n')}\n`)
    }
    if (!check.ok) process.exitCode = 1
    return
  }
  if (options.journal === true) {
    const query = new URLSearchParams()
    if (options.after != null) query.set('after', options.after)
    if (options.limit != null) query.set('limit', options.limit)
    const { transactions } = await getJson<{ transactions: BookedTransaction[] }>(target, `/api/ledger/journal?${query.toString()}`)
    const rows = transactions.flatMap(tx => tx.entries.map(e => [String(tx.seq), new Date(tx.atMs).toISOString(), tx.kind, tx.id, e.account, String(e.amount)]))
    writeRows(['SEQ', 'TIME', 'KIND', 'TRANSACTION', 'ACCOUNT', 'MICRO_UNITS'], rows, options, transactions)
    return
  }
  const { balances } = await getJson<{ balances: Array<Balance & { balanceUnits: string }> }>(target, '/api/ledger')
  writeRows(['ACCOUNT', 'MICRO_UNITS', 'UNITS'], balances.map(b => [b.account, String(b.balance), b.balanceUnits]), options, balances)
}

function writeRows (header: string[], rows: string[][], options: LedgerOptions, json: unknown): void {
  if (options.json === true) process.stdout.write(JSON.stringify(json) + '\n')
  else if (options.csv === true) process.stdout.write([header, ...rows].map(r => r.map(csvCell).join(',')).join('\n') + '\n')
  else if (rows.length === 0) process.stdout.write('The ledger is empty: credit a customer with `peergrid account credit <account> <micro-units> --reference <ref>`.\n')
  else process.stdout.write(table(header, rows) + '\n')
}

function csvCell (value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}
