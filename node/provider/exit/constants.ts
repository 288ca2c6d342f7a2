/** Longest destination host name, in characters (RFC 1035: 253 in presentation form). */
export const MAX_HOST_LENGTH = 253

/** A destination name must resolve within this time. */
export const DNS_TIMEOUT_MS = 5_000

/** Most addresses a name may resolve to; every one is checked, so more is refused rather than cut. */
export const MAX_RESOLVED_ADDRESSES = 64
