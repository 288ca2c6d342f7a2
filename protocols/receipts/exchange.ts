import { MAX_SUBMIT_REQUEST_BYTES, MAX_SUBMIT_RESPONSE_BYTES, RECEIPTS_PROTOCOL } from './constants.js'
import { SubmitRefusedError, SubmitRetryError } from './errors.js'
import { SubmitReceipts, SubmitReceiptsResult } from './pb/submit.js'
import type { RequestResponseProtocol } from '../common/request-response.js'

/**
 * `/peergrid/receipts/1.0.0` as data: an exit sends a batch of
 * counter-signed receipts; the rendezvous answers one outcome per receipt
 * (OK), or BUSY / FAILURE (retry later) or BAD_REQUEST.
 */
export const RECEIPTS_EXCHANGE: RequestResponseProtocol<SubmitReceipts, SubmitReceiptsResult> = {
  id: RECEIPTS_PROTOCOL,
  name: 'receipts',
  request: SubmitReceipts,
  response: SubmitReceiptsResult,
  maxRequestBytes: MAX_SUBMIT_REQUEST_BYTES,
  maxResponseBytes: MAX_SUBMIT_RESPONSE_BYTES,
  statuses: {
    OK: 'answer',
    BUSY: () => new SubmitRetryError('The rendezvous is busy settling other batches'),
    FAILURE: () => new SubmitRetryError('The rendezvous failed to settle the batch'),
    BAD_REQUEST: () => new SubmitRefusedError('The rendezvous refused the batch as malformed')
  }
}
