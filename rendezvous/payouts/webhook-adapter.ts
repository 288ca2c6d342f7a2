import { createHmac } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { formatUnits } from '../ledger/money.js'
import { DEFAULT_WEBHOOK_ATTEMPTS, DEFAULT_WEBHOOK_BACKOFF_MS, DEFAULT_WEBHOOK_TIMEOUT_MS, MAX_WEBHOOK_BACKOFF_MS, MAX_WEBHOOK_RESPONSE_BYTES, PAYOUT_FORMAT, WEBHOOK_HEADERS } from './constants.js'
import type { DeliveryOutcome, Payout, PayoutAdapter, PayoutRun } from './payout.js'
import type { AbortOptions } from '@libp2p/interface'

/** What the webhook payout adapter is built from. */
export interface WebhookPayoutAdapterInit {
  /** the receiver: http(s) URL */
  url: string
  /** the shared HMAC-SHA256 secret */
  secret: Uint8Array | string
  /** tries per payout and run (default DEFAULT_WEBHOOK_ATTEMPTS) */
  attempts?: number
  /** the first wait between tries (default DEFAULT_WEBHOOK_BACKOFF_MS), doubling up to MAX_WEBHOOK_BACKOFF_MS */
  backoffMs?: number
  /** one request's time limit (default DEFAULT_WEBHOOK_TIMEOUT_MS) */
  timeoutMs?: number
  /** the clock of the signature timestamp (default Date.now) */
  clock?(): number
}

/** The JSON body of a webhook delivery. */
export interface PayoutWebhookBody {
  format: typeof PAYOUT_FORMAT
  id: string
  run: string
  account: string
  amount: number
  amountUnits: string
  createdAt: string
}

/** The signature header's value for a body sent at `timestampMs`: what a receiver recomputes. */
export function webhookSignature (secret: Uint8Array | string, timestampMs: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampMs}.${body}`).digest('hex')}`
}

/** The body of a payout's delivery: the same for every try. */
export function webhookBody (payout: Payout): string {
  const body: PayoutWebhookBody = { format: PAYOUT_FORMAT, id: payout.id, run: payout.run, account: payout.account, amount: payout.amount, amountUnits: formatUnits(payout.amount), createdAt: new Date(payout.createdAtMs).toISOString() }
  return JSON.stringify(body)
}

type Attempt = { outcome: 'delivered' } | { outcome: 'refused', reason: string } | { outcome: 'retry', reason: string }

/**
 * Posts each payout to a receiver as JSON, signed with HMAC-SHA256
 * (`X-Peergrid-Signature: sha256=<hex>` over "<X-Peergrid-Timestamp>.<body>")
 * and keyed by `Idempotency-Key: <payout id>`: the receiver must pay each key
 * once, as a crash or a lost answer makes the rendezvous send a payout again.
 * A 2xx answer delivers it; any other 4xx but 408 and 429 refuses it (the
 * amount goes back to the provider's earnings); anything else (5xx, 408,
 * 429, a timeout, no connection) is tried again with backoff, and after the
 * last try the payout stays in transit for the next run. When a payout
 * fails every try with the receiver unreachable, the run's other payouts are
 * not tried: they would only wait out the same backoff.
 */
export class WebhookPayoutAdapter implements PayoutAdapter {
  readonly name = 'webhook'
  private readonly init: WebhookPayoutAdapterInit

  constructor (init: WebhookPayoutAdapterInit) {
    this.init = init
  }

  async deliver (_run: PayoutRun, payouts: Payout[], options: AbortOptions = {}): Promise<Map<string, DeliveryOutcome>> {
    const outcomes = new Map<string, DeliveryOutcome>()
    let unreachable: string | undefined
    for (const payout of payouts) {
      if (payout.state !== 'in-transit') continue
      if (unreachable != null) {
        outcomes.set(payout.id, { outcome: 'failed', reason: `not tried: ${unreachable}`, attempts: 0 })
        continue
      }
      const outcome = await this.deliverOne(payout, options)
      outcomes.set(payout.id, outcome)
      if (outcome.outcome === 'failed') unreachable = `the receiver failed the run's payout ${payout.id} (${outcome.reason})`
    }
    return outcomes
  }

  private async deliverOne (payout: Payout, options: AbortOptions): Promise<DeliveryOutcome> {
    const attempts = Math.max(1, this.init.attempts ?? DEFAULT_WEBHOOK_ATTEMPTS)
    let wait = this.init.backoffMs ?? DEFAULT_WEBHOOK_BACKOFF_MS
    let reason = ''
    for (let attempt = 1; attempt <= attempts; attempt++) {
      options.signal?.throwIfAborted()
      const result = await this.post(payout, options)
      if (result.outcome !== 'retry') return result
      reason = result.reason
      if (attempt < attempts) {
        await sleep(wait * (1 + Math.random() / 4), undefined, { signal: options.signal })
        wait = Math.min(wait * 2, MAX_WEBHOOK_BACKOFF_MS)
      }
    }
    return { outcome: 'failed', reason, attempts }
  }

  private async post (payout: Payout, options: AbortOptions): Promise<Attempt> {
    const body = webhookBody(payout)
    const timestamp = String((this.init.clock ?? Date.now)())
    const timeout = AbortSignal.timeout(this.init.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS)
    let response: Response
    try {
      response = await fetch(this.init.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_HEADERS.idempotencyKey]: payout.id,
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.signature]: webhookSignature(this.init.secret, timestamp, body)
        },
        body,
        signal: options.signal == null ? timeout : AbortSignal.any([options.signal, timeout])
      })
    } catch (err: any) {
      options.signal?.throwIfAborted()
      return { outcome: 'retry', reason: timeout.aborted ? 'no answer in time' : `cannot reach the receiver: ${err.cause?.code ?? err.message}` }
    }
    const text = await readLimited(response)
    if (response.status >= 200 && response.status < 300) return { outcome: 'delivered' }
    const said = text.length === 0 ? '' : `: ${text.slice(0, 200)}`
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      return { outcome: 'refused', reason: `the receiver answered ${response.status}${said}` }
    }
    return { outcome: 'retry', reason: `the receiver answered ${response.status}${said}` }
  }
}

/** The start of an answer's body as text, at most MAX_WEBHOOK_RESPONSE_BYTES (the rest is dropped, the connection freed). */
async function readLimited (response: Response): Promise<string> {
  if (response.body == null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < MAX_WEBHOOK_RESPONSE_BYTES) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
  } catch {
    // a body cut short says no more than its status
  } finally {
    await reader.cancel().catch(() => {})
  }
  return Buffer.concat(chunks).toString('utf8', 0, Math.min(size, MAX_WEBHOOK_RESPONSE_BYTES)).replace(/[^\x20-\x7e]/g, ' ').trim()
}
