/**
 * @packageDocumentation
 *
 * The rendezvous's signed, versioned list of revoked accounts and peers: its
 * format, signing and checks, and its document kind (gossiped on
 * REVOCATION_TOPIC, fetched on REVOCATION_PROTOCOL through `documents/`).
 * An exit refuses a credential whose account or holder is listed.
 *
 * @example
 *
 * ```TypeScript
 * const bytes = await signRevocationList(key, { version: 2, issuedAtMs: Date.now(), accounts: ['acct-1'], peers: [] })
 * const list = await openRevocationList(bytes, trustedKeys)
 * checkNotRevoked(credential, list) // throws RevokedCredentialError
 * ```
 */

export * from './constants.js'
export * from './document.js'
export * from './errors.js'
export * from './revocation-list.js'
export { RevocationList, SignedRevocationList } from './pb/revocations.js'
