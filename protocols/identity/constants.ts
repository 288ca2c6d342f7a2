/** Protocol id of registration: a node asks the rendezvous for a credential. */
export const REGISTER_PROTOCOL = '/peergrid/register/1.0.0'

/** Domain separation prefix of credential signatures. */
export const CREDENTIAL_SIGNATURE_DOMAIN = 'peergrid-credential/1'

/** Hard limit on an encoded SignedCredential, in bytes. */
export const MAX_SIGNED_CREDENTIAL_BYTES = 1024

/** A credential may claim to live at most this long. */
export const MAX_CREDENTIAL_TTL_MS = 30 * 24 * 60 * 60_000

/** A credential the rendezvous issues lives this long by default. */
export const DEFAULT_CREDENTIAL_TTL_MS = 24 * 60 * 60_000

/** How far the issuer's clock may be ahead of ours, and how long after expiry a credential still counts. */
export const MAX_CREDENTIAL_CLOCK_SKEW_MS = 60_000

/** Longest account id, in characters. */
export const MAX_ACCOUNT_LENGTH = 64

/** Hard limit on an encoded RegisterRequest. */
export const MAX_REGISTER_REQUEST_BYTES = 256

/** Hard limit on an encoded RegisterResponse (a credential and a status). */
export const MAX_REGISTER_RESPONSE_BYTES = MAX_SIGNED_CREDENTIAL_BYTES + 16

/** The whole registration exchange must finish within this time. */
export const REGISTER_TIMEOUT_MS = 10_000

/** The roles a credential can grant. */
export const CREDENTIAL_ROLES = ['provider', 'customer'] as const

/** A role a credential can grant. */
export type CredentialRole = (typeof CREDENTIAL_ROLES)[number]

/** Gossipsub topic on which the rendezvous publishes each new revocation list. */
export const REVOCATION_TOPIC = '/peergrid/revocations/1'

/** Protocol id of fetching the current revocation list from a rendezvous. */
export const REVOCATION_PROTOCOL = '/peergrid/revocations/1.0.0'

/** Domain separation prefix of revocation list signatures. */
export const REVOCATION_SIGNATURE_DOMAIN = 'peergrid-revocations/1'

/** Hard limit on an encoded SignedRevocationList (about 5,000 entries). */
export const MAX_SIGNED_REVOCATION_BYTES = 256 * 1024

/** Most entries (accounts plus peers) a revocation list may hold. */
export const MAX_REVOCATION_ENTRIES = 5_000

/** Hard limit on an encoded DocumentRequest. */
export const MAX_DOCUMENT_REQUEST_BYTES = 16

/** A whole document fetch (revocation list, rule set) must finish within this time. */
export const DOCUMENT_FETCH_TIMEOUT_MS = 10_000

/** Protocol id of checking a hosted customer's API key at the rendezvous. */
export const API_KEY_PROTOCOL = '/peergrid/apikey/1.0.0'

/** Hard limit on an encoded ApiKeyRequest (a 64-character hash). */
export const MAX_API_KEY_REQUEST_BYTES = 128

/** Hard limit on an encoded ApiKeyResponse. */
export const MAX_API_KEY_RESPONSE_BYTES = 128

/** An API key check must finish within this time. */
export const API_KEY_TIMEOUT_MS = 5_000
