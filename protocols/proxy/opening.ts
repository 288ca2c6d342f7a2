import { checkProposalAnswer } from '../common/optimistic-stream.js'
import { MAX_PROXY_RESULT_BYTES } from './constants.js'
import { ProxyProtocolError } from './errors.js'
import { ProxyOpenResult } from './pb/proxy.js'
import type { Uint8ArrayList } from 'uint8arraylist'

/**
 * Reads what comes before a tunnel's data, one length-prefixed frame at a
 * time: the provider's two answers to the protocol proposal, when the open
 * went with it (`protocol`), then its ProxyOpenResult. Read by the tunnel's
 * own frame decoder rather than a reader that is unwrapped afterwards:
 * libp2p refuses to hand unread bytes back to a stream the provider has
 * already closed, and a quick provider sends its result, its data and its
 * close together.
 */
export class OpeningReader {
  private readonly protocol?: string
  private answers: number

  constructor (protocol?: string) {
    this.protocol = protocol
    this.answers = protocol != null ? 0 : 2
  }

  /** Takes the next frame: the open result once it is read, undefined while answers come first; throws on anything else. */
  take (frame: Uint8ArrayList): ProxyOpenResult | undefined {
    if (this.answers < 2) {
      checkProposalAnswer(frame.subarray(), this.answers as 0 | 1, this.protocol as string)
      this.answers++
      return undefined
    }
    if (frame.byteLength > MAX_PROXY_RESULT_BYTES) throw new ProxyProtocolError('The open result is over its size limit')
    try {
      return ProxyOpenResult.decode(frame)
    } catch {
      // protons throws for an enum value it does not know, too
      throw new ProxyProtocolError('The open result does not decode')
    }
  }
}
