import { MAX_METER_REQUEST_BYTES, MAX_METER_RESPONSE_BYTES, METER_PROTOCOL } from './constants.js'
import { MeterRefusedError } from './errors.js'
import { MeterRequest, MeterResponse } from './pb/meter.js'
import type { RequestResponseProtocol } from '../common/request-response.js'

/**
 * `/peergrid/meter/1.0.0` as data: the gateway sends a receipt it signed;
 * the exit answers it counter-signed (OK), or REFUSED / UNKNOWN_SESSION,
 * which the asker gets as a MeterRefusedError.
 */
export const METER_EXCHANGE: RequestResponseProtocol<MeterRequest, MeterResponse> = {
  id: METER_PROTOCOL,
  name: 'meter',
  request: MeterRequest,
  response: MeterResponse,
  maxRequestBytes: MAX_METER_REQUEST_BYTES,
  maxResponseBytes: MAX_METER_RESPONSE_BYTES,
  statuses: {
    OK: 'answer',
    REFUSED: (response) => new MeterRefusedError('REFUSED', `The exit refused the receipt: ${response.reason ?? 'no reason given'}`),
    UNKNOWN_SESSION: () => new MeterRefusedError('UNKNOWN_SESSION', 'The exit knows no such session')
  }
}
