/** Domain separation prefix of the customer's signature on a receipt. */
export const RECEIPT_SIGNATURE_DOMAIN = 'peergrid-receipt/1'

/** Domain separation prefix of the provider's counter-signature. */
export const RECEIPT_COUNTERSIGNATURE_DOMAIN = 'peergrid-receipt-countersign/1'

/** Hard limit on an encoded SignedReceipt (two credentials of ≤ 1 KiB, two signatures, the receipt). */
export const MAX_SIGNED_RECEIPT_BYTES = 3 * 1024

/** Longest session id, in characters. */
export const MAX_SESSION_ID_LENGTH = 64

/** Bytes in a GiB: prices are per GiB. */
export const BYTES_PER_GIB = 1024 ** 3

/** Highest price per GiB a receipt may carry, micro-units (10^6 units). */
export const MAX_PRICE_PER_GIB = 1_000_000_000_000

/** Highest cumulative byte count in one direction of one session (1 PiB). */
export const MAX_SESSION_BYTES = 2 ** 50

/** How far a receipt's time may be ahead of the verifier's clock. */
export const MAX_RECEIPT_CLOCK_SKEW_MS = 60_000
