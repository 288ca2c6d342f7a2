/** How often a provider re-signs and re-announces its record on gossipsub. */
export const DEFAULT_ANNOUNCE_INTERVAL_MS = 60_000

/** Announcements are spread by up to this fraction of the interval, so a fleet started together does not publish together. */
export const ANNOUNCE_JITTER = 0.1

/** After a peer subscribes to the capability topic, announce within this delay (one announcement for a burst of subscribers). */
export const SUBSCRIBER_ANNOUNCE_DELAY_MS = 250

/** After our addresses change, re-sign the record after this delay (one record for a burst of changes). */
export const ADDRESS_CHANGE_DELAY_MS = 1_000

/** How often a provider provides its capability keys on the DHT again. */
export const DEFAULT_PROVIDE_INTERVAL_MS = 10 * 60_000

/** When no DHT peer took our provider records, try again after this delay, doubling up to the provide interval. */
export const PROVIDE_RETRY_MS = 2_000

/** One provide round (all keys) must finish within this time. */
export const PROVIDE_TIMEOUT_MS = 60_000

/** Most addresses listed in a record (the wire limit is 16). */
export const MAX_RECORD_ADDRS = 16

/** Default price of proxied traffic: 0.50 units per GiB, in micro-units. */
export const DEFAULT_PRICE_MICROS_PER_GIB = 500_000

/** Default price of compute: 0.00002 units per CPU-second, in micro-units. */
export const DEFAULT_PRICE_MICROS_PER_CPU_SECOND = 20

/** Default cap on concurrent proxy streams a provider accepts. */
export const DEFAULT_MAX_PROXY_STREAMS = 1_024

/** The transparency log keeps each connection this long. */
export const DEFAULT_TRANSPARENCY_RETENTION_MS = 30 * 24 * 60 * 60_000

/** How often old transparency log entries are deleted. */
export const TRANSPARENCY_PRUNE_INTERVAL_MS = 60 * 60_000

/** Denied domains listed in the capability record (the wire limit is 16); the exit enforces them all. */
export const MAX_SUMMARISED_DENIED_DOMAINS = 16
