import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { formatUnits } from '../ledger/money.js'
import { PAYOUT_FORMAT } from './constants.js'
import { writeSignedFile } from './signed-file.js'
import type { DeliveryOutcome, Payout, PayoutAdapter, PayoutRun } from './payout.js'
import type { AbortOptions, PrivateKey } from '@libp2p/interface'

/** What the payout file adapter is built from. */
export interface FilePayoutAdapterInit {
  /** where the files go (created if missing) */
  dir: string
  /** the rendezvous's credential key, which signs the files, and its id */
  signingKey(): PrivateKey
  keyId(): string
}

/** One line of a payout file. */
export interface PayoutFileLine {
  id: string
  account: string
  amount: number
  amountUnits: string
}

/** The JSON payout file of one run. */
export interface PayoutFile {
  format: typeof PAYOUT_FORMAT
  run: string
  createdAt: string
  total: number
  payouts: PayoutFileLine[]
}

/** The file names of a run's payout files, in `dir`. */
export function payoutFileNames (run: string): { json: string, csv: string } {
  return { json: `payouts-${run}.json`, csv: `payouts-${run}.csv` }
}

/** The CSV of a run: one line per payout, with a header. Ids and accounts hold no comma or quote. */
export function payoutCsv (file: PayoutFile): string {
  const lines = ['payout_id,account,amount_micro_units,amount_units,run,created_at']
  for (const p of file.payouts) lines.push([p.id, p.account, String(p.amount), p.amountUnits, file.run, file.createdAt].join(','))
  return lines.join('\n') + '\n'
}

/** The content of a run's payout file: the same bytes every time it is written. */
export function payoutFile (run: PayoutRun, payouts: Payout[]): PayoutFile {
  const byId = new Map(payouts.map(p => [p.id, p]))
  const lines = run.payouts.flatMap(id => {
    const p = byId.get(id)
    return p == null ? [] : [{ id: p.id, account: p.account, amount: p.amount, amountUnits: formatUnits(p.amount) }]
  })
  return { format: PAYOUT_FORMAT, run: run.id, createdAt: new Date(run.startedAtMs).toISOString(), total: lines.reduce((sum, l) => sum + l.amount, 0), payouts: lines }
}

/**
 * Writes each run's payouts to `payouts-<run>.json` and `payouts-<run>.csv`
 * in a directory, each with a detached signature (`.sig`) by the
 * rendezvous's credential key, for the operator's bank or payment tool to
 * pick up. Writing a run again writes the same bytes (the run's payouts are
 * fixed when it is created; Ed25519 signatures are deterministic), so a
 * crash between writing and booking the payouts as settled cannot produce a
 * second, different file for the same payouts.
 */
export class FilePayoutAdapter implements PayoutAdapter {
  readonly name = 'file'
  private readonly init: FilePayoutAdapterInit

  constructor (init: FilePayoutAdapterInit) {
    this.init = init
  }

  async deliver (run: PayoutRun, payouts: Payout[], options: AbortOptions = {}): Promise<Map<string, DeliveryOutcome>> {
    options.signal?.throwIfAborted()
    const file = payoutFile(run, payouts)
    const names = payoutFileNames(run.id)
    const outcomes = new Map<string, DeliveryOutcome>()
    try {
      await mkdir(this.init.dir, { recursive: true, mode: 0o700 })
      const key = this.init.signingKey()
      const keyId = this.init.keyId()
      await writeSignedFile(join(this.init.dir, names.json), new TextEncoder().encode(JSON.stringify(file, null, 2) + '\n'), key, keyId)
      await writeSignedFile(join(this.init.dir, names.csv), new TextEncoder().encode(payoutCsv(file)), key, keyId)
    } catch (err: any) {
      for (const p of payouts) if (p.state === 'in-transit') outcomes.set(p.id, { outcome: 'failed', reason: `cannot write ${names.json}: ${err.message}`, attempts: 1 })
      return outcomes
    }
    for (const p of payouts) if (p.state === 'in-transit') outcomes.set(p.id, { outcome: 'delivered', reference: names.json })
    return outcomes
  }
}
