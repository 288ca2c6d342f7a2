/** Concurrent registration streams one connection may open. */
export const MAX_REGISTER_STREAMS_PER_CONNECTION = 2

/** One peer gets at most one credential in this time (renewals come after two thirds of a day). */
export const REGISTER_INTERVAL_MS = 10_000

/** Peers remembered for the registration rate limit; the oldest is forgotten first. */
export const MAX_TRACKED_REGISTRANTS = 100_000
