import { openReceipt } from '../../protocols/receipts/index.js'
import type { ProviderMetrics } from './metrics.js'
import type { VerifiedCredential } from '../../protocols/credential/index.js'
import type { VerifiedReceipt } from '../../protocols/receipts/index.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

/**
 * What a provider's metering works with, for proxy sessions (exit/meter.ts)
 * and jobs (jobs/payment.ts) alike: its key and credential to counter-sign
 * with, the keys customers' credentials must be signed by, and the outbox
 * counter-signed receipts wait in for the rendezvous.
 */
export interface MeteringComponents {
  peerId: PeerId
  privateKey: PrivateKey
  /** the provider's own credential (absent until it has registered) */
  credential(): Uint8Array | undefined
  /** rendezvous keys whose customer credentials count */
  trustedKeys: ReadonlySet<string>
  /** true when the customer's credential is on the newest revocation list */
  isRevoked?(credential: VerifiedCredential): boolean
  /** where counter-signed receipts wait for the rendezvous */
  outbox: { put(receipt: Uint8Array): Promise<void> }
  /** receipts by result (absent: none) */
  metrics?: Pick<ProviderMetrics, 'receipts'>
  clock?(): number
}

/**
 * Opens a receipt a customer signed (not yet counter-signed) as a provider
 * checks it: the customer's signature and credential against the trusted
 * keys and the revocation list, at the provider's clock; `credentials`
 * keeps verified credentials across receipts. Throws openReceipt's errors.
 */
export async function openCustomerReceipt (components: MeteringComponents, credentials: { get(key: string): VerifiedCredential | undefined, set(key: string, credential: VerifiedCredential): void }, bytes: Uint8Array): Promise<VerifiedReceipt> {
  return openReceipt(bytes, {
    trustedKeys: components.trustedKeys,
    countersigned: false,
    nowMs: (components.clock ?? Date.now)(),
    isRevoked: (credential) => components.isRevoked?.(credential) === true,
    credentialCache: credentials
  })
}
