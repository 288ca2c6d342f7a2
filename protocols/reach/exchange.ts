import { MAX_REACH_REQUEST_BYTES, MAX_REACH_RESPONSE_BYTES, REACH_PROTOCOL } from './constants.js'
import { ReachRefusedError } from './errors.js'
import { ReachRequest, ReachResponse } from './pb/reach.js'
import type { RequestResponseProtocol } from '../common/request-response.js'

/**
 * `/peergrid/reach/1.0.0` as data: a node asks the rendezvous how it sees
 * it and to dial back some ports; the rendezvous answers OK with the
 * observed address, each dial-back's result and its relay policy, or
 * BAD_REQUEST.
 */
export const REACH_EXCHANGE: RequestResponseProtocol<ReachRequest, ReachResponse> = {
  id: REACH_PROTOCOL,
  name: 'reach',
  request: ReachRequest,
  response: ReachResponse,
  maxRequestBytes: MAX_REACH_REQUEST_BYTES,
  maxResponseBytes: MAX_REACH_RESPONSE_BYTES,
  statuses: {
    OK: 'answer',
    BAD_REQUEST: () => new ReachRefusedError('the rendezvous refused the reach request as malformed')
  }
}
