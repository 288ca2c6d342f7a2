/**
 * @packageDocumentation
 *
 * Identity: credentials the rendezvous signs (`{peer id, account, role,
 * issued, expiry, key id}`) and peers verify offline with the rendezvous
 * signing keys they trust, and the registration protocol
 * `/peergrid/register/1.0.0` that hands them out.
 *
 * @example
 *
 * ```TypeScript
 * const bytes = await signCredential(signingKey, { peerId, account: 'acme', role: 'customer', issuedAtMs, expiresAtMs })
 * const verified = await verifyCredential(bytes, { trustedKeys: new Set([credentialKeyId(signingKey)]), presenter: peerId, roles: ['customer'] })
 * ```
 */

export * from './constants.js'
export * from './credential.js'
export * from './errors.js'
export * from './revocation.js'
export * from './signing.js'
export { ApiKeyRequest, ApiKeyResponse, Credential, RegisterRequest, RegisterResponse, DocumentRequest, DocumentResponse, RevocationList, SignedCredential, SignedRevocationList } from './pb/identity.js'
