import { API_KEY_PROTOCOL, MAX_API_KEY_REQUEST_BYTES, MAX_API_KEY_RESPONSE_BYTES } from './constants.js'
import { ApiKeyRequest, ApiKeyResponse } from './pb/apikey.js'
import type { RequestResponseProtocol } from '../common/request-response.js'

/**
 * `/peergrid/apikey/1.0.0` as data: a hosted gateway sends the sha-256 of
 * an API key a customer presented; the rendezvous answers with the key's
 * account, UNKNOWN or DISABLED. Each is an answer: a refusal is not an error.
 */
export const API_KEY_EXCHANGE: RequestResponseProtocol<ApiKeyRequest, ApiKeyResponse> = {
  id: API_KEY_PROTOCOL,
  name: 'apikey',
  request: ApiKeyRequest,
  response: ApiKeyResponse,
  maxRequestBytes: MAX_API_KEY_REQUEST_BYTES,
  maxResponseBytes: MAX_API_KEY_RESPONSE_BYTES,
  statuses: { OK: 'answer', UNKNOWN: 'answer', DISABLED: 'answer' }
}
