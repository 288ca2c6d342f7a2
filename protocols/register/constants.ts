import { MAX_SIGNED_CREDENTIAL_BYTES } from '../credential/constants.js'

/** Protocol id of registration: a node asks the rendezvous for a credential. */
export const REGISTER_PROTOCOL = '/peergrid/register/1.0.0'

/** Hard limit on an encoded RegisterRequest. */
export const MAX_REGISTER_REQUEST_BYTES = 256

/** Hard limit on an encoded RegisterResponse (a credential and a status). */
export const MAX_REGISTER_RESPONSE_BYTES = MAX_SIGNED_CREDENTIAL_BYTES + 16

/** The whole registration exchange must finish within this time, on both sides. */
export const DEFAULT_REGISTER_TIMEOUT_MS = 10_000

/** Concurrent registration streams one connection may open. */
export const MAX_REGISTER_STREAMS_PER_CONNECTION = 2

/** One peer gets at most one credential in this time (renewals come after two thirds of a day). */
export const DEFAULT_REGISTER_INTERVAL_MS = 10_000

/** Peers remembered for the registration rate limit; the least recently seen is forgotten first. */
export const MAX_TRACKED_REGISTRANTS = 100_000

/** A credential is renewed when this fraction of its lifetime has passed. */
export const CREDENTIAL_RENEW_FRACTION = 2 / 3

/** First retry after a failed registration; doubles up to MAX_REGISTER_RETRY_MS. */
export const DEFAULT_REGISTER_RETRY_MS = 1_000

/** Longest wait between registration attempts that failed for a passing reason. */
export const MAX_REGISTER_RETRY_MS = 60_000

/** Wait after the rendezvous refused the enrollment key (unknown or disabled): the operator must act first. */
export const REGISTER_REFUSED_RETRY_MS = 5 * 60_000
