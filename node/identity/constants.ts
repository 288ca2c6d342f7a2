/** A credential is renewed when this fraction of its lifetime has passed. */
export const CREDENTIAL_RENEW_FRACTION = 2 / 3

/** First retry after a failed registration; doubles up to REGISTER_MAX_RETRY_MS. */
export const REGISTER_RETRY_MS = 1_000

/** Longest wait between registration attempts that failed for a passing reason. */
export const REGISTER_MAX_RETRY_MS = 60_000

/** Wait after the rendezvous refused the enrollment key (unknown or disabled): the operator must act first. */
export const REGISTER_REFUSED_RETRY_MS = 5 * 60_000

/** Name of the file in the data dir holding the node's current credential. */
export const CREDENTIAL_FILE_NAME = 'credential'

/** How often a provider asks its rendezvous for a newer revocation list or rule set (gossip brings most of them sooner). */
export const DOCUMENT_REFRESH_INTERVAL_MS = 10 * 60_000

/** Name of the file in the data dir holding the newest revocation list. */
export const REVOCATION_FILE_NAME = 'revocations'

/** Name of the file in the data dir holding the newest rule set. */
export const RULES_FILE_NAME = 'rules'
