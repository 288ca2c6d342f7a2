import { openCapabilityRecord } from './record.js'
import { WrongRecordSenderError } from './errors.js'
import type { OpenCapabilityOptions, VerifiedCapability } from './record.js'
import type { PeerId } from '@libp2p/interface'

/** The parts of a gossipsub message the check reads. */
export interface CapabilityGossipMessage {
  type: 'signed' | 'unsigned'
  data: Uint8Array
  from?: PeerId
}

/**
 * Opens a record that arrived on CAPABILITY_TOPIC. Besides the record's own
 * checks, the gossip message must be signed by the provider itself, so a peer
 * cannot replay someone else's record under its name.
 */
export async function openCapabilityGossip (message: CapabilityGossipMessage, options: OpenCapabilityOptions = {}): Promise<VerifiedCapability> {
  const verified = await openCapabilityRecord(message.data, options)
  if (message.type !== 'signed' || message.from == null || !message.from.equals(verified.peerId)) {
    throw new WrongRecordSenderError()
  }
  return verified
}

/**
 * Why a record was dropped, as a metric label. Malformed, forged and
 * misattributed records are the sender's fault (gossipsub: reject); expired
 * ones may be honest delays (gossipsub: ignore).
 */
export function capabilityDropReason (err: unknown): 'malformed' | 'oversized' | 'invalid_signature' | 'expired' | 'validity' | 'wrong_sender' | 'error' {
  switch ((err as Error | undefined)?.name) {
    case 'InvalidCapabilityRecordError': return 'malformed'
    case 'CapabilityRecordTooLargeError': return 'oversized'
    case 'InvalidRecordSignatureError': return 'invalid_signature'
    case 'ExpiredRecordError': return 'expired'
    case 'RecordValidityError': return 'validity'
    case 'WrongRecordSenderError': return 'wrong_sender'
    default: return 'error'
  }
}
