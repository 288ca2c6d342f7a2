/** Longest request body the local API reads, in bytes. */
export const MAX_API_BODY_BYTES = 64 * 1024

/** A request must arrive whole within this time. */
export const API_REQUEST_TIMEOUT_MS = 10_000
