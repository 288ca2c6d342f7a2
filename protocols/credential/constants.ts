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

/** The roles a credential can grant. */
export const CREDENTIAL_ROLES = ['provider', 'customer'] as const

/** A role a credential can grant. */
export type CredentialRole = (typeof CREDENTIAL_ROLES)[number]
