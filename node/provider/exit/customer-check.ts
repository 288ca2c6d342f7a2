import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { boundedMap } from '../../../protocols/common/index.js'
import { verifyCredential } from '../../../protocols/credential/index.js'
import { UnfundedAccountError, checkFunded, checkNotRevoked } from '../../../protocols/revocations/index.js'
import { MAX_CACHED_CREDENTIALS } from './constants.js'
import { MissingCredentialError, PayingAccountError } from './errors.js'
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
const ACCOUNT_ID = /^[A-Za-z0-9_.-]{1,64}$/

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

  /**
   * Who pays for an open or a job: the credential's account, or the account
   * named when the credential is a hosted gateway's (the customer whose API
   * key opened it). Throws PayingAccountError when another account is named
   * by a credential that may not, UnfundedAccountError when the paying
   * account is out of credit.
   */
  payingAccount (credential: VerifiedCredential, named: string | undefined): string {
    const paying = named ?? credential.account
    if (paying !== credential.account && !credential.hosted) throw new PayingAccountError(`The credential of ${credential.account} may not name another account to pay`)
    if (paying !== credential.account && !ACCOUNT_ID.test(paying)) throw new PayingAccountError('The paying account is malformed')
    if (this.revocations()?.unfunded.has(paying) === true) throw new UnfundedAccountError(`Account ${paying} is out of credit`, paying)
    return paying
  }
}
