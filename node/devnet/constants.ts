/** Countries given to devnet providers in turn. */
export const DEVNET_COUNTRIES = ['DE', 'US', 'JP', 'GB', 'FR', 'BR', 'IN', 'AU', 'CA', 'NL', 'SG', 'SE', 'ES', 'IT', 'PL', 'KR', 'ZA', 'MX', 'CH', 'NO']

/** Most providers a devnet runs (one OS process each). */
export const MAX_DEVNET_PROVIDERS = DEVNET_COUNTRIES.length

/** A child must print its ready line within this time. */
export const CHILD_READY_TIMEOUT_MS = 30_000

/** A child that has not exited this long after SIGTERM is killed. */
export const CHILD_STOP_TIMEOUT_MS = 8_000

/** How long the devnet waits for the gateway to know every provider before it reports ready anyway. */
export const DISCOVERY_TIMEOUT_MS = 30_000

/** Longest ready line read from a child, in bytes. */
export const MAX_READY_LINE_BYTES = 64 * 1024

/** The devnet customer's prepaid credit: 1,000 units. */
export const DEVNET_CREDIT_MICRO_UNITS = 1_000_000_000

/** The devnet rendezvous pays a provider once it earned this (0.001 units, about 2 MiB at the default price). */
export const DEVNET_PAYOUT_THRESHOLD_MICROS = 1_000

/** The devnet rendezvous runs payouts (to signed files in its data dir) this often. */
export const DEVNET_PAYOUT_EVERY_SECONDS = 60
