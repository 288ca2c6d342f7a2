import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { Server } from 'node:http'

/** One POST the receiver got. */
export interface Delivery {
  idempotencyKey: string
  signatureOk: boolean
  body: { id: string, account: string, amount: number, run: string }
  status: number
}

/** A payout webhook receiver on 127.0.0.1:0, the way a payment service would run one. */
export interface WebhookReceiver {
  url: string
  /** every POST, in order */
  deliveries: Delivery[]
  /** payouts paid, by idempotency key: paid once, whatever the retries */
  paid: Map<string, { account: string, amount: number }>
  /** what it noticed that a payer must never do: a key reused for another amount, a bad signature */
  problems: string[]
  /** the answer to the next POSTs of a key not yet answered for good (default 200) */
  answer(status: (delivery: Omit<Delivery, 'status'>) => number): void
  /** how long to wait before answering (default 0 ms) */
  delay(ms: () => number): void
  close(): Promise<void>
}

/** Most of a body the receiver reads. */
const MAX_BODY_BYTES = 64 * 1024

/**
 * Starts a receiver that checks each POST's HMAC-SHA256 signature with
 * `secret` and pays each idempotency key once: like a payment API, it
 * answers a key it answered for good (2xx or 4xx) the same way again (a
 * repeat of a paid key pays nothing; one with another amount is a 409 and a
 * problem), and records everything.
 */
export async function startWebhookReceiver (secret: string): Promise<WebhookReceiver> {
  let decide: (delivery: Omit<Delivery, 'status'>) => number = () => 200
  let delay: () => number = () => 0
  const finalAnswers = new Map<string, number>()
  const deliveries: Delivery[] = []
  const paid = new Map<string, { account: string, amount: number }>()
  const problems: string[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > MAX_BODY_BYTES) request.destroy()
      else chunks.push(chunk)
    })
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const timestamp = String(request.headers['x-peergrid-timestamp'] ?? '')
      const given = Buffer.from(String(request.headers['x-peergrid-signature'] ?? ''))
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${text}`).digest('hex')}`)
      const signatureOk = given.length === expected.length && timingSafeEqual(given, expected)
      const idempotencyKey = String(request.headers['idempotency-key'] ?? '')
      let body: Delivery['body']
      try {
        body = JSON.parse(text)
      } catch {
        response.writeHead(400).end('not JSON')
        return
      }
      const seen = { idempotencyKey, signatureOk, body }
      if (!signatureOk) problems.push(`bad signature on ${idempotencyKey}`)
      if (idempotencyKey !== body.id) problems.push(`idempotency key ${idempotencyKey} is not the payout id ${body.id}`)
      // a key answered for good is answered the same again: paid stays paid, refused stays refused
      const before = paid.get(idempotencyKey)
      let status = !signatureOk ? 401 : finalAnswers.get(idempotencyKey) ?? decide(seen)
      if (before != null && (before.amount !== body.amount || before.account !== body.account)) {
        problems.push(`${idempotencyKey} came again for ${body.account} ${body.amount}, was ${before.account} ${before.amount}`)
        status = 409
      } else if (status >= 200 && status < 300 && before == null) {
        paid.set(idempotencyKey, { account: body.account, amount: body.amount })
      }
      if (signatureOk && status < 500 && status !== 408 && status !== 429) finalAnswers.set(idempotencyKey, status)
      deliveries.push({ ...seen, status })
      const delayMs = delay()
      const answer = (): void => { response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 })) }
      if (delayMs > 0) setTimeout(answer, delayMs)
      else answer()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address == null || typeof address === 'string') throw new Error('the receiver has no port')
  return {
    url: `http://127.0.0.1:${address.port}/payouts`,
    deliveries,
    paid,
    problems,
    answer (status) { decide = status },
    delay (ms) { delay = ms },
    async close () {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => { resolve() }))
    }
  }
}
