import { silentLogger } from '../common/logger.js'
import { Responder } from '../common/responder.js'
import { DEFAULT_MAX_CONCURRENT_SETTLEMENTS, DEFAULT_SUBMIT_TIMEOUT_MS, MAX_RECEIPT_REASON_LENGTH, MAX_RECEIPTS_PER_BATCH, MAX_SIGNED_RECEIPT_BYTES, MAX_SUBMIT_STREAMS_PER_CONNECTION } from './constants.js'
import { RECEIPTS_EXCHANGE } from './exchange.js'
import { ReceiptAnswer, SubmitReceiptsResult } from './pb/submit.js'
import type { SubmitReceipts } from './pb/submit.js'
import type { Logger } from '../common/logger.js'
import type { ResponderComponents } from '../common/responder.js'
import type { PeerId, Startable } from '@libp2p/interface'

/** The outcome names a settlement hook answers with (the rendezvous's receipt book's). */
export type ReceiptOutcomeName = 'booked' | 'duplicate' | 'superseded' | 'invalid' | 'bad-signature' | 'bad-credential' | 'unknown-account' | 'inconsistent'

/** Role hook: the rendezvous's books, which settle a batch and answer one outcome per receipt, in order. */
export interface ReceiptSettlement {
  settle(receipts: Uint8Array[], from: PeerId): Promise<Array<{ outcome: ReceiptOutcomeName, reason?: string }>>
}

/** What the receipts server runs on. */
export interface ReceiptServerComponents extends ResponderComponents {
  receipts: ReceiptSettlement
  logger?: Logger
}

/** Options of the receipts server. */
export interface ReceiptServerInit {
  /** an exchange must finish within this time (default DEFAULT_SUBMIT_TIMEOUT_MS) */
  timeoutMs?: number
  /** batches settled at once; more are answered BUSY (default DEFAULT_MAX_CONCURRENT_SETTLEMENTS) */
  maxConcurrent?: number
}

const OUTCOMES: Record<ReceiptOutcomeName, ReceiptAnswer.Outcome> = {
  booked: ReceiptAnswer.Outcome.BOOKED,
  duplicate: ReceiptAnswer.Outcome.DUPLICATE,
  superseded: ReceiptAnswer.Outcome.SUPERSEDED,
  invalid: ReceiptAnswer.Outcome.INVALID,
  'bad-signature': ReceiptAnswer.Outcome.BAD_SIGNATURE,
  'bad-credential': ReceiptAnswer.Outcome.BAD_CREDENTIAL,
  'unknown-account': ReceiptAnswer.Outcome.UNKNOWN_ACCOUNT,
  inconsistent: ReceiptAnswer.Outcome.INCONSISTENT
}

/**
 * Answers `/peergrid/receipts/1.0.0` on a rendezvous: checks the batch's
 * shape (at most MAX_RECEIPTS_PER_BATCH receipts of at most
 * MAX_SIGNED_RECEIPT_BYTES each) and hands it to the role's books.
 */
export class ReceiptServer implements Startable {
  readonly [Symbol.toStringTag] = '@peergrid/receipt-server'
  private readonly responder: Responder<SubmitReceipts, SubmitReceiptsResult>
  private settling = 0

  constructor (components: ReceiptServerComponents, init: ReceiptServerInit = {}) {
    const maxConcurrent = init.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_SETTLEMENTS
    const logger = components.logger ?? silentLogger()
    this.responder = new Responder(components, {
      protocol: RECEIPTS_EXCHANGE,
      timeoutMs: init.timeoutMs ?? DEFAULT_SUBMIT_TIMEOUT_MS,
      maxInboundStreams: MAX_SUBMIT_STREAMS_PER_CONNECTION,
      answer: async (request, connection) => {
        const { receipts } = request
        if (receipts.length === 0 || receipts.length > MAX_RECEIPTS_PER_BATCH || receipts.some(r => r.byteLength > MAX_SIGNED_RECEIPT_BYTES)) {
          return { status: SubmitReceiptsResult.Status.BAD_REQUEST, answers: [] }
        }
        if (this.settling >= maxConcurrent) return { status: SubmitReceiptsResult.Status.BUSY, answers: [] }
        this.settling++
        try {
          const results = await components.receipts.settle(receipts, connection.remotePeer)
          return {
            status: SubmitReceiptsResult.Status.OK,
            answers: results.map(r => ({ outcome: OUTCOMES[r.outcome], ...(r.reason != null ? { reason: r.reason.slice(0, MAX_RECEIPT_REASON_LENGTH) } : {}) }))
          }
        } catch (err: any) {
          logger.error({ err: err.message, from: connection.remotePeer.toString() }, 'cannot settle a batch of receipts')
          return { status: SubmitReceiptsResult.Status.FAILURE, answers: [] }
        } finally {
          this.settling--
        }
      }
    })
  }

  async start (): Promise<void> {
    await this.responder.start()
  }

  async stop (): Promise<void> {
    await this.responder.stop()
  }
}

/** The receipts server as a libp2p service. */
export function receiptServer (init: ReceiptServerInit = {}): (components: ReceiptServerComponents) => ReceiptServer {
  return (components) => new ReceiptServer(components, init)
}
