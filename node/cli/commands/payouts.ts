import { getJson, postJson, resolveNodeApi } from '../api-client.js'
import { CommandError } from '../errors.js'
import { formatUnits, table } from '../format.js'
import type { Payout, PayoutDue, PayoutFile, PayoutRunReport } from '../../../rendezvous/index.js'
import type { ApiTargetOptions } from '../api-client.js'

/** `peergrid payouts run` waits this long for the run (webhook retries can take minutes). */
export const PAYOUT_RUN_CLIENT_TIMEOUT_MS = 15 * 60_000

/** Options of the `peergrid payouts` commands. */
export interface PayoutsOptions extends ApiTargetOptions {
  json?: boolean
  account?: string
  state?: string
  limit?: string
}

/** `peergrid payouts`: payouts, newest first. */
export async function listPayouts (options: PayoutsOptions): Promise<void> {
  const target = await resolveNodeApi('rendezvous', options)
  const query = new URLSearchParams()
  if (options.account != null) query.set('account', options.account)
  if (options.state != null) query.set('state', options.state)
  if (options.limit != null) query.set('limit', options.limit)
  const answer = await getJson<{ rules: { thresholdMicros: number, holdMs: number }, payouts: Payout[] }>(target, `/api/payouts?${query.toString()}`)
  if (options.json === true) {
    process.stdout.write(JSON.stringify(answer) + '\n')
    return
  }
  const rules = `Providers are paid once ${formatUnits(answer.rules.thresholdMicros)} units are payable; ${holdPhrase(answer.rules.holdMs)}.`
  if (answer.payouts.length === 0) {
    process.stdout.write(`No payouts yet. ${rules} \`peergrid payouts due\` shows who is due.\n`)
    return
  }
  process.stdout.write(table(['PAYOUT', 'ACCOUNT', 'UNITS', 'STATE', 'CREATED', 'TRIES', 'NOTE'], answer.payouts.map(payoutRow)) + '\n' + rules + '\n')
}

/** `peergrid payouts due`: each provider's earnings, what is held back and what a run would pay now. */
export async function showDue (options: PayoutsOptions): Promise<void> {
  const target = await resolveNodeApi('rendezvous', options)
  const answer = await getJson<{ rules: { thresholdMicros: number, holdMs: number }, due: PayoutDue[] }>(target, '/api/payouts/due')
  if (options.json === true) {
    process.stdout.write(JSON.stringify(answer) + '\n')
    return
  }
  if (answer.due.length === 0) {
    process.stdout.write('No provider has earned anything yet.\n')
    return
  }
  process.stdout.write(table(['ACCOUNT', 'EARNINGS', 'HELD', 'PAYABLE NOW', 'NOTE'], answer.due.map(d => [d.account, formatUnits(d.balance), formatUnits(d.held), formatUnits(d.payable), d.disabled ? 'account disabled: not paid' : ''])) +
    `\nA run pays accounts with at least ${formatUnits(answer.rules.thresholdMicros)} units payable; ${holdPhrase(answer.rules.holdMs)}.\n`)
}

/** `peergrid payouts run`: a payout run now. */
export async function runPayouts (options: PayoutsOptions): Promise<void> {
  const target = await resolveNodeApi('rendezvous', options)
  const report = await postJson<PayoutRunReport & { deliveredMicroUnits: number, returnedMicroUnits: number, failedMicroUnits: number }>(target, '/api/payouts/run', {}, PAYOUT_RUN_CLIENT_TIMEOUT_MS)
  if (options.json === true) {
    process.stdout.write(JSON.stringify(report) + '\n')
    return
  }
  const out: string[] = []
  out.push(report.run == null
    ? 'No provider is due a payout.'
    : `Run ${report.run.id}: ${report.run.payouts.length} payout${report.run.payouts.length === 1 ? '' : 's'}, ${formatUnits(report.run.total)} units.`)
  const all = [...report.delivered, ...report.returned, ...report.failed]
  if (all.length > 0) out.push(table(['PAYOUT', 'ACCOUNT', 'UNITS', 'STATE', 'CREATED', 'TRIES', 'NOTE'], all.map(payoutRow)))
  out.push(`Delivered ${report.delivered.length} (${formatUnits(report.deliveredMicroUnits)} units), refused ${report.returned.length} (back in the providers' earnings), ${report.failed.length} still in transit (tried again on the next run).`)
  process.stdout.write(out.join('\n') + '\n')
  if (report.failed.length > 0) process.exitCode = 1
}

/** Options of `peergrid payouts verify`. */
export interface VerifyPayoutFileOptions {
  trust?: string[]
  json?: boolean
}

/** `peergrid payouts verify FILE --trust KEY`: checks a payout file's signature and shows what it pays. */
export async function verifyFile (path: string, options: VerifyPayoutFileOptions): Promise<void> {
  const trusted = options.trust ?? []
  if (trusted.length === 0) throw new CommandError('--trust <key id> is required: the rendezvous credential key id the file must be signed by (`peergrid rendezvous` prints it)')
  const { verifyPayoutFile, InvalidPayoutFileError } = await import('../../../rendezvous/index.js')
  let verified
  try {
    verified = await verifyPayoutFile(path, trusted)
  } catch (err: any) {
    if (err instanceof InvalidPayoutFileError) throw new CommandError(err.message)
    throw err
  }
  const text = Buffer.from(verified.bytes).toString('utf8')
  let summary: { run?: string, payouts: number, total: number }
  if (path.endsWith('.json')) {
    const file = JSON.parse(text) as PayoutFile
    summary = { run: file.run, payouts: file.payouts.length, total: file.total }
  } else {
    const lines = text.trim().split('\n').slice(1).map(line => line.split(','))
    summary = { run: lines[0]?.[4], payouts: lines.length, total: lines.reduce((sum, l) => sum + Number(l[2]), 0) }
  }
  if (options.json === true) process.stdout.write(JSON.stringify({ ok: true, keyId: verified.keyId, ...summary }) + '\n')
  else process.stdout.write(`${path}: signed by ${verified.keyId}; run ${summary.run ?? '-'}, ${summary.payouts} payout${summary.payouts === 1 ? '' : 's'}, ${formatUnits(summary.total)} units.\n`)
}

function payoutRow (p: Payout): string[] {
  return [p.id, p.account, formatUnits(p.amount), p.state, new Date(p.createdAtMs).toISOString(), String(p.attempts), p.lastError ?? p.reference ?? '']
}

function holdPhrase (holdMs: number): string {
  if (holdMs === 0) return 'earnings are not held'
  const hours = Math.ceil(holdMs / 3_600_000)
  return `earnings are held ${hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hour${hours === 1 ? '' : 's'}`} after they are booked`
}
