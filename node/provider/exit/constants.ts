/** Longest destination host name, in characters (RFC 1035: 253 in presentation form). */
export const MAX_HOST_LENGTH = 253

/** Most addresses a name may resolve to; every one is checked, so more is refused rather than cut. */
export const MAX_RESOLVED_ADDRESSES = 64

/** Default cap on one customer's concurrent proxy streams, so one customer cannot take every slot. */
export const DEFAULT_MAX_PROXY_STREAMS_PER_CUSTOMER = 256

/** Customers whose verified credential the exit remembers (the oldest is forgotten first). */
export const MAX_CACHED_CREDENTIALS = 10_000

/** Customers (or customer and destination pairs) whose open rate the exit tracks at once. */
export const MAX_RATE_LIMITED_KEYS = 100_000

/** How often the exit reads its own addresses again (interfaces change without an event; libp2p's address changes are heard at once). */
export const OWN_ADDRESS_REFRESH_INTERVAL_MS = 30_000

/** Addresses peers reported seeing the exit at that it keeps as its own (the most recently reported). */
export const MAX_OBSERVED_OWN_ADDRESSES = 64

/** Default bound on a customer's traffic not yet covered by a counter-signed receipt (beyond what its open sessions may have in flight): past it the exit stops relaying for the customer. */
export const DEFAULT_MAX_UNRECEIPTED_BYTES = 16 * 1024 * 1024

/**
 * What one open session may owe beyond the bound: bytes the exit has counted
 * that the gateway cannot have receipted yet (the exit's write buffer, the
 * yamux window, the gateway's read buffer) plus its receipt cadence. A slow
 * reader with many sessions keeps this much in flight in each.
 */
export const IN_FLIGHT_ALLOWANCE_PER_SESSION_BYTES = 6 * 1024 * 1024

/** Bytes a receipt may count upstream beyond what the exit has received: the gateway counts them when sent, the exit when they arrive. */
export const RECEIPT_UPSTREAM_ALLOWANCE_BYTES = 4 * 1024 * 1024

/** A closed metered session is kept this long for its final receipt. */
export const CLOSED_SESSION_GRACE_MS = 60_000

/** Metered sessions the exit tracks at once, open and recently closed. */
export const MAX_METERED_SESSIONS = 100_000

/**
 * Past this share of its bound, a customer's relays hold (neither side is
 * read) until a receipt brings what it owes back under: a gateway that signs
 * slowly — a busy event loop, a slow link to the exit — is slowed, not cut.
 */
export const RECEIPT_WAIT_SHARE = 0.5

/** A hold lasts at most this long; one that ends without a receipt is not held again until one comes (the bound then cuts a customer who does not pay). */
export const DEFAULT_RECEIPT_WAIT_MS = 5_000
