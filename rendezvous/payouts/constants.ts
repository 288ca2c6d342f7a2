/** A provider is paid once its payable earnings reach this: 10 units (the --payout-threshold setting). */
export const DEFAULT_PAYOUT_THRESHOLD_MICROS = 10_000_000

/** Earnings are held this long after they are booked before a payout may include them: 7 days (--payout-hold). */
export const DEFAULT_PAYOUT_HOLD_SECONDS = 7 * 86_400

/** A payout run every day (--payout-every; 0 runs only on `peergrid payouts run`). */
export const DEFAULT_PAYOUT_EVERY_SECONDS = 86_400

/** One webhook request may take this long before it counts as failed. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000

/** Tries per payout and run before it is left in transit for the next run. */
export const DEFAULT_WEBHOOK_ATTEMPTS = 5

/** The wait before the second try; it doubles after each failure up to MAX_WEBHOOK_BACKOFF_MS (with up to 25% jitter). */
export const DEFAULT_WEBHOOK_BACKOFF_MS = 1_000

/** Longest wait between two tries of one payout. */
export const MAX_WEBHOOK_BACKOFF_MS = 30_000

/** Most of a webhook receiver's answer that is read (the rest is dropped). */
export const MAX_WEBHOOK_RESPONSE_BYTES = 64 * 1024

/** Most payouts one run creates (the rest wait for the next run). */
export const MAX_PAYOUTS_PER_RUN = 10_000

/** Most payouts `list()` answers. */
export const MAX_PAYOUT_PAGE = 1_000

/** Longest delivery error kept on a payout. */
export const MAX_PAYOUT_ERROR_LENGTH = 300

/** The HTTP headers of a webhook delivery. */
export const WEBHOOK_HEADERS = {
  /** the payout id: the receiver pays each key once */
  idempotencyKey: 'Idempotency-Key',
  /** unix ms when this attempt was signed */
  timestamp: 'X-Peergrid-Timestamp',
  /** "sha256=" + hex HMAC-SHA256 of "<timestamp>.<body>" with the shared secret */
  signature: 'X-Peergrid-Signature'
} as const

/** The format name in payout files and webhook bodies. */
export const PAYOUT_FORMAT = 'peergrid-payout/1'
