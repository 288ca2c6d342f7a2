import { MAX_SIGNED_RECEIPT_BYTES } from '../receipts/index.js'

/** Protocol id of counter-signing a metered session's receipts at the exit. */
export const METER_PROTOCOL = '/peergrid/meter/1.0.0'

/** Hard limit on an encoded MeterRequest. */
export const MAX_METER_REQUEST_BYTES = MAX_SIGNED_RECEIPT_BYTES + 16

/** Longest reason an exit gives for a refusal. */
export const MAX_METER_REASON_LENGTH = 160

/** Hard limit on an encoded MeterResponse. */
export const MAX_METER_RESPONSE_BYTES = MAX_SIGNED_RECEIPT_BYTES + MAX_METER_REASON_LENGTH + 32

/** A counter-signature must be answered within this time. */
export const DEFAULT_METER_TIMEOUT_MS = 10_000

/** Concurrent meter exchanges one connection may have (one per metered session in flight). */
export const MAX_METER_STREAMS_PER_CONNECTION = 256
