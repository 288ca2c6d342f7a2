import { MAX_STATEMENT_REQUEST_BYTES, MAX_STATEMENT_RESPONSE_BYTES, STATEMENT_PROTOCOL } from './constants.js'
import { StatementRefusedError, StatementUnavailableError } from './errors.js'
import { StatementRequest, StatementResponse } from './pb/statement.js'
import type { RequestResponseProtocol } from '../common/request-response.js'

/**
 * `/peergrid/statement/1.0.0` as data: an exit asks for a page of what the
 * rendezvous booked for its sessions; the rendezvous answers OK with the
 * page, BAD_REQUEST, or FAILURE (ask again later).
 */
export const STATEMENT_EXCHANGE: RequestResponseProtocol<StatementRequest, StatementResponse> = {
  id: STATEMENT_PROTOCOL,
  name: 'statement',
  request: StatementRequest,
  response: StatementResponse,
  maxRequestBytes: MAX_STATEMENT_REQUEST_BYTES,
  maxResponseBytes: MAX_STATEMENT_RESPONSE_BYTES,
  statuses: {
    OK: 'answer',
    BAD_REQUEST: () => new StatementRefusedError('the rendezvous refused the statement request as malformed'),
    FAILURE: () => new StatementUnavailableError('the rendezvous could not read its books now')
  }
}
