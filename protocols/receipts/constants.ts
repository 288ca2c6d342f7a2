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

/** Highest price per CPU-second a receipt may carry, micro-units. */
export const MAX_PRICE_PER_CPU_SECOND = 1_000_000_000_000

/** Highest CPU time one receipt may count (about 35 CPU-years). */
export const MAX_RECEIPT_CPU_MS = 2 ** 40

/** Milliseconds in a CPU-second: job prices are per CPU-second. */
export const MS_PER_CPU_SECOND = 1000

/** Highest cumulative byte count in one direction of one session (1 PiB). */
export const MAX_SESSION_BYTES = 2 ** 50

/** How far a receipt's time may be ahead of the verifier's clock. */
export const MAX_RECEIPT_CLOCK_SKEW_MS = 60_000

/** Protocol id of handing counter-signed receipts to the rendezvous. */
export const RECEIPTS_PROTOCOL = '/peergrid/receipts/1.0.0'

/** Most receipts in one submission. */
export const MAX_RECEIPTS_PER_BATCH = 256

/** Hard limit on an encoded SubmitReceipts: a full batch of the largest receipts. */
export const MAX_SUBMIT_REQUEST_BYTES = MAX_RECEIPTS_PER_BATCH * (3 * 1024 + 8) + 64

/** Longest reason the rendezvous gives for one receipt. */
export const MAX_RECEIPT_REASON_LENGTH = 160

/** Hard limit on an encoded SubmitReceiptsResult. */
export const MAX_SUBMIT_RESPONSE_BYTES = MAX_RECEIPTS_PER_BATCH * (MAX_RECEIPT_REASON_LENGTH + 8) + 64

/** A submission must be answered within this time (verifying a full batch takes well under a second). */
export const DEFAULT_SUBMIT_TIMEOUT_MS = 30_000

/** Concurrent submissions one connection may have at the rendezvous. */
export const MAX_SUBMIT_STREAMS_PER_CONNECTION = 2

/** Batches the rendezvous settles at once; more are answered BUSY. */
export const DEFAULT_MAX_CONCURRENT_SETTLEMENTS = 8

/** An exit submits what it holds this often (and sooner when a full batch is waiting). */
export const DEFAULT_SUBMIT_INTERVAL_MS = 10_000

/** After a failed submission the exit waits this long, doubling up to DEFAULT_MAX_SUBMIT_BACKOFF_MS (with jitter). */
export const DEFAULT_MIN_SUBMIT_BACKOFF_MS = 1_000

/** The longest wait between failed submissions. */
export const DEFAULT_MAX_SUBMIT_BACKOFF_MS = 5 * 60_000
