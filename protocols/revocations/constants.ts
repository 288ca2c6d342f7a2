/** Gossipsub topic on which the rendezvous publishes each new revocation list. */
export const REVOCATION_TOPIC = '/peergrid/revocations/1'

/** Protocol id of fetching the current revocation list from a rendezvous (a documents/ exchange). */
export const REVOCATION_PROTOCOL = '/peergrid/revocations/1.0.0'

/** Domain separation prefix of revocation list signatures. */
export const REVOCATION_SIGNATURE_DOMAIN = 'peergrid-revocations/1'

/** Hard limit on an encoded SignedRevocationList (about 5,000 entries). */
export const MAX_SIGNED_REVOCATION_BYTES = 256 * 1024

/** Most entries (accounts plus peers) a revocation list may hold. */
export const MAX_REVOCATION_ENTRIES = 5_000
