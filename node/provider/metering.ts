import type { ProviderMetrics } from './metrics.js'
import type { VerifiedCredential } from '../../protocols/credential/index.js'
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
