/** How often a node asks a rendezvous again whether it is reachable (and what its NAT does). */
export const REACH_RECHECK_INTERVAL_MS = 10 * 60 * 1000

/** How often a node behind a NAT checks that it still holds its relay reservations. */
export const RELAY_CHECK_INTERVAL_MS = 2_000

/** Relays (rendezvous servers) a node behind a NAT keeps a reservation on. */
export const RELAY_RESERVATIONS = 2

/** One reservation (dial the relay, reserve) must finish within this time. */
export const RELAY_RESERVE_TIMEOUT_MS = 10_000

/** After a failed check, the next one comes this much later (doubling to REACH_RECHECK_INTERVAL_MS). */
export const REACH_RETRY_MS = 2_000

/** The dial to the rendezvous that a check opens from a port of its own must connect within this time. */
export const REACH_DIAL_TIMEOUT_MS = 10_000

/** A node behind a NAT pings each relay it holds a reservation on this often (it also keeps the NAT's mapping fresh). */
export const RELAY_PING_INTERVAL_MS = 10_000

/** A relay must answer a ping within this time, or its connection is taken for dead and made again. */
export const RELAY_PING_TIMEOUT_MS = 5_000
