import { MAX_CAPABILITY_REQUEST_BYTES, MAX_CAPABILITY_RESPONSE_BYTES, CAPABILITY_PROTOCOL } from './constants.js'
import { NotAProviderError } from './errors.js'
import { CapabilityRequest, CapabilityResponse } from './pb/capability.js'
import type { RequestResponseProtocol } from '../common/request-response.js'

/**
 * `/peergrid/capability/1.0.0` as data: the asker sends the seq it holds,
 * the provider answers with its current signed record, NOT_MODIFIED, or
 * NOT_A_PROVIDER.
 */
export const CAPABILITY_EXCHANGE: RequestResponseProtocol<CapabilityRequest, CapabilityResponse> = {
  id: CAPABILITY_PROTOCOL,
  name: 'capability',
  request: CapabilityRequest,
  response: CapabilityResponse,
  maxRequestBytes: MAX_CAPABILITY_REQUEST_BYTES,
  maxResponseBytes: MAX_CAPABILITY_RESPONSE_BYTES,
  statuses: {
    OK: 'answer',
    NOT_MODIFIED: 'answer',
    NOT_A_PROVIDER: () => new NotAProviderError()
  }
}
