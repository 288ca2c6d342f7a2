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
