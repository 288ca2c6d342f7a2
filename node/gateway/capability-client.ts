import { lpStream } from '@libp2p/utils'
import {
  CAPABILITY_FETCH_TIMEOUT_MS,
  CAPABILITY_PROTOCOL,
  CapabilityRequest,
  CapabilityResponse,
  MAX_SIGNED_RECORD_BYTES,
  WrongRecordSenderError,
  openCapabilityRecord
} from '../../protocols/capability/index.js'
import { withTimeout } from '../utils/abort.js'
import { InvalidMessageError, NotAProviderError } from './errors.js'
import type { VerifiedCapability } from '../../protocols/capability/index.js'
import type { AbortOptions, Libp2p, PeerId } from '@libp2p/interface'

/** Room for the response's own fields around the signed record. */
const RESPONSE_OVERHEAD_BYTES = 16

/**
 * Asks a provider for its current capability record over
 * `/peergrid/capability/1.0.0`. Returns undefined when the provider's record
 * is not newer than `knownSeq`. The record must be the provider's own.
 */
export async function fetchCapability (libp2p: Libp2p, peerId: PeerId, knownSeq: number, options: AbortOptions = {}): Promise<VerifiedCapability | undefined> {
  const signal = withTimeout(CAPABILITY_FETCH_TIMEOUT_MS, options.signal)
  const stream = await libp2p.dialProtocol(peerId, CAPABILITY_PROTOCOL, { signal, negotiateFully: false })
  try {
    const lp = lpStream(stream, { maxDataLength: MAX_SIGNED_RECORD_BYTES + RESPONSE_OVERHEAD_BYTES })
    await lp.write(CapabilityRequest.encode({ knownSeq }), { signal })
    const response = decodeResponse((await lp.read({ signal })).subarray())
    await stream.close({ signal })
    switch (response.status) {
      case CapabilityResponse.Status.OK: {
        if (response.record == null) throw new InvalidMessageError('Capability response has no record')
        const verified = await openCapabilityRecord(response.record)
        if (!verified.peerId.equals(peerId)) throw new WrongRecordSenderError('Provider answered with another peer\'s record')
        return verified
      }
      case CapabilityResponse.Status.NOT_MODIFIED:
        return undefined
      case CapabilityResponse.Status.NOT_A_PROVIDER:
        throw new NotAProviderError()
      default:
        throw new InvalidMessageError(`Unknown capability response status ${String(response.status)}`)
    }
  } catch (err: any) {
    stream.abort(err)
    throw err
  }
}

function decodeResponse (bytes: Uint8Array): CapabilityResponse {
  try {
    return CapabilityResponse.decode(bytes)
  } catch (err: any) {
    throw new InvalidMessageError(`Capability response does not decode: ${err.message}`)
  }
}
