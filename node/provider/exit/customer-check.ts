import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { boundedMap } from '../../../protocols/common/index.js'
import { verifyCredential } from '../../../protocols/credential/index.js'
import { checkFunded, checkNotRevoked } from '../../../protocols/revocations/index.js'
import { MAX_CACHED_CREDENTIALS } from './constants.js'
import { MissingCredentialError } from './errors.js'
import type { VerifiedCredential } from '../../../protocols/credential/index.js'
import type { VerifiedRevocationList } from '../../../protocols/revocations/index.js'
import type { PeerId } from '@libp2p/interface'

/**
 * Checks the credential a customer presents with a proxy open: signed by a
 * trusted rendezvous key, valid now, role customer, and naming the
 * connection's remote peer. With no trusted keys every open is refused
 * (fail closed). A credential of a revoked account or peer is refused, and
 * so is one of an account the list says is out of credit. A
 * credential verified once is remembered per peer until it expires, so a
 * busy customer costs one signature check, not one per stream.
 */
export class CustomerCheck {
  private readonly trustedKeys: ReadonlySet<string>
  private readonly verified = boundedMap<string, VerifiedCredential>(MAX_CACHED_CREDENTIALS)
  private readonly now: () => number
  private readonly revocations: () => VerifiedRevocationList | undefined

  constructor (trustedKeys: ReadonlySet<string> = new Set(), revocations: () => VerifiedRevocationList | undefined = () => undefined, now: () => number = Date.now) {
    this.trustedKeys = trustedKeys
    this.revocations = revocations
    this.now = now
  }

  /** The customer's verified credential; throws a typed error (its name is logged as the reason) otherwise. */
  async check (bytes: Uint8Array | undefined, presenter: PeerId): Promise<VerifiedCredential> {
    if (this.trustedKeys.size === 0) throw new MissingCredentialError('This exit trusts no rendezvous key (--trust), so it can check no credential')
    if (bytes == null || bytes.byteLength === 0) throw new MissingCredentialError('The open carries no credential')
    const key = presenter.toString()
    const known = this.verified.get(key)
    if (known != null && known.expiresAtMs > this.now() && uint8ArrayEquals(known.bytes, bytes)) {
      checkNotRevoked(known, this.revocations())
      checkFunded(known, this.revocations())
      return known
    }
    const credential = await verifyCredential(bytes, { trustedKeys: this.trustedKeys, presenter, roles: ['customer'], nowMs: this.now() })
    checkNotRevoked(credential, this.revocations())
    this.verified.set(key, credential)
    checkFunded(credential, this.revocations())
    return credential
  }
}
