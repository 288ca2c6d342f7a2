import { createHash } from 'node:crypto'
import { pbStream } from '@libp2p/utils'
import {
  API_KEY_PROTOCOL,
  API_KEY_TIMEOUT_MS,
  ApiKeyRequest,
  ApiKeyResponse,
  MAX_API_KEY_RESPONSE_BYTES
} from '../../../protocols/identity/index.js'
import { withTimeout } from '../../utils/abort.js'
import { API_KEY_CACHE_MS, API_KEY_NEGATIVE_CACHE_MS, MAX_API_KEY_LENGTH, MAX_CACHED_API_KEYS } from './constants.js'
import type { Logger } from '../../logger.js'
import type { Libp2p, PeerId } from '@libp2p/interface'

/** What the verifier runs on. */
export interface ApiKeyVerifierComponents {
  libp2p: Libp2p
  logger: Logger
  /** rendezvous peers to ask */
  issuers(): PeerId[]
  /** the clock, unix ms (default Date.now) */
  now?(): number
}

interface Answer {
  account?: string
  untilMs: number
}

/**
 * Checks the API keys customers of a hosted gateway log in with: asks the
 * rendezvous (`/peergrid/apikey/1.0.0`, the key's sha-256 only) and
 * remembers the answer for a while (API_KEY_CACHE_MS when good,
 * API_KEY_NEGATIVE_CACHE_MS when not), so a login costs a round trip once.
 */
export class ApiKeyVerifier {
  private readonly components: ApiKeyVerifierComponents
  private readonly answers = new Map<string, Answer>()
  private readonly pending = new Map<string, Promise<string | undefined>>()

  constructor (components: ApiKeyVerifierComponents) {
    this.components = components
  }

  /** The account the key belongs to, or undefined when it is unknown, disabled or cannot be checked now. */
  async verify (key: string): Promise<string | undefined> {
    if (key.length === 0 || key.length > MAX_API_KEY_LENGTH) return undefined
    const hash = createHash('sha256').update(key).digest('hex')
    const now = (this.components.now ?? Date.now)()
    const known = this.answers.get(hash)
    if (known != null && known.untilMs > now) return known.account
    let asking = this.pending.get(hash)
    if (asking == null) {
      asking = this.ask(hash).finally(() => { this.pending.delete(hash) })
      this.pending.set(hash, asking)
    }
    return asking
  }

  private async ask (hash: string): Promise<string | undefined> {
    const now = (this.components.now ?? Date.now)()
    for (const issuer of this.components.issuers()) {
      try {
        const signal = withTimeout(API_KEY_TIMEOUT_MS)
        const stream = await this.components.libp2p.dialProtocol(issuer, API_KEY_PROTOCOL, { signal })
        const pb = pbStream(stream, { maxDataLength: MAX_API_KEY_RESPONSE_BYTES })
        await pb.write({ keyHash: hash }, ApiKeyRequest, { signal })
        const response = await pb.read(ApiKeyResponse, { signal })
        await stream.close({ signal }).catch(() => {})
        const account = response.status === ApiKeyResponse.Status.OK ? response.account : undefined
        this.remember(hash, { account, untilMs: now + (account != null ? API_KEY_CACHE_MS : API_KEY_NEGATIVE_CACHE_MS) })
        return account
      } catch (err: any) {
        this.components.logger.debug({ err: err.message }, 'API key check failed')
      }
    }
    // no rendezvous answered: refuse now, without remembering it
    return undefined
  }

  private remember (hash: string, answer: Answer): void {
    this.answers.delete(hash)
    this.answers.set(hash, answer)
    if (this.answers.size > MAX_CACHED_API_KEYS) this.answers.delete(this.answers.keys().next().value as string)
  }
}
