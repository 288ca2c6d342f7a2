/**
 * @packageDocumentation
 *
 * Credentials: the rendezvous's signed statement `{peer id, account, role,
 * issued, expiry, key id}`, which peers verify offline with the rendezvous
 * signing keys they trust. A format, not a protocol: `register/` hands
 * credentials out, `proxy/` carries them, `revocations/` withdraws them.
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
export { Credential, SignedCredential } from './pb/credential.js'
