import { MAX_REGISTER_REQUEST_BYTES, MAX_REGISTER_RESPONSE_BYTES, REGISTER_PROTOCOL } from './constants.js'
import { RegistrationRefusedError } from './errors.js'
import { RegisterRequest, RegisterResponse } from './pb/register.js'
import type { RequestResponseProtocol } from '../common/request-response.js'

const refused = (response: RegisterResponse): Error => new RegistrationRefusedError(response.status)

/**
 * `/peergrid/register/1.0.0` as data: a node names its account by the
 * enrollment key; the rendezvous answers with a credential issued to the
 * connection's noise-authenticated peer, or says why not.
 */
export const REGISTER_EXCHANGE: RequestResponseProtocol<RegisterRequest, RegisterResponse> = {
  id: REGISTER_PROTOCOL,
  name: 'register',
  request: RegisterRequest,
  response: RegisterResponse,
  maxRequestBytes: MAX_REGISTER_REQUEST_BYTES,
  maxResponseBytes: MAX_REGISTER_RESPONSE_BYTES,
  statuses: {
    OK: 'answer',
    UNKNOWN_KEY: refused,
    DISABLED: refused,
    RATE_LIMITED: refused,
    FAILURE: refused
  }
}
