import { pbStream } from '@libp2p/utils'
import {
  MAX_PROXY_RESULT_BYTES,
  MAX_PROXY_STREAMS_PER_CONNECTION,
  PROXY_OPEN_RESULT_TIMEOUT_MS,
  PROXY_PROTOCOL,
  ProxyOpen,
  ProxyOpenResult
} from '../../../protocols/proxy/index.js'
import { InvalidMessageError } from '../errors.js'
import { OpenFailedError } from '../open-failure.js'
import type { OpenFailureReason } from '../open-failure.js'
import type { PeergridLibp2p } from '../../libp2p/create-libp2p.js'
import type { AbortOptions, PeerId, Stream } from '@libp2p/interface'

/** Where the customer wants to go. */
export interface ProxyTarget {
  host: string
  port: number
  sessionId?: string
  /** the gateway's credential (an encoded SignedCredential) */
  credential?: Uint8Array
}

/** An open proxy stream, ready for the customer's bytes. */
export interface OpenedStream {
  stream: Stream
  /** the address the exit dialled */
  dialled: string
}

/** The provider could not be reached or broke the protocol: another provider may do better. */
export class ProviderUnavailableError extends OpenFailedError {
  static override name = 'ProviderUnavailableError'
  override name = 'ProviderUnavailableError'

  constructor (message: string) {
    super('failure', message)
  }
}

/**
 * Opens `/peergrid/proxy/1.0.0` to a provider: sends the target, waits for
 * the result. Resolves with the stream (unwrapped, raw) when the exit has
 * connected; otherwise throws OpenFailedError with the reason the customer
 * is told, or ProviderUnavailableError when the provider itself failed.
 */
export async function openProxyStream (libp2p: PeergridLibp2p, provider: PeerId, target: ProxyTarget, options: OpenProxyStreamOptions = {}): Promise<OpenedStream> {
  const timeoutMs = options.resultTimeoutMs ?? PROXY_OPEN_RESULT_TIMEOUT_MS
  const attempt = AbortSignal.timeout(timeoutMs)
  const signal = options.signal == null ? attempt : AbortSignal.any([options.signal, attempt])
  try {
    return await open(libp2p, provider, target, { signal })
  } catch (err: any) {
    if (options.signal?.aborted !== true && attempt.aborted) throw new ProviderUnavailableError(`Provider ${provider} gave no open result within ${timeoutMs} ms`)
    throw err
  }
}

/** Options of one open. */
export interface OpenProxyStreamOptions extends AbortOptions {
  /** the provider must answer within this time (default PROXY_OPEN_RESULT_TIMEOUT_MS) */
  resultTimeoutMs?: number
}

async function open (libp2p: PeergridLibp2p, provider: PeerId, target: ProxyTarget, options: AbortOptions): Promise<OpenedStream> {
  let stream: Stream
  try {
    // libp2p's default of 64 outbound streams per protocol per connection is far too few for a proxy
    stream = await libp2p.dialProtocol(provider, PROXY_PROTOCOL, { signal: options.signal, negotiateFully: false, maxOutboundStreams: MAX_PROXY_STREAMS_PER_CONNECTION })
  } catch (err: any) {
    if (options.signal?.aborted === true) throw err
    throw new ProviderUnavailableError(`Cannot reach provider ${provider}: ${err.message}`)
  }
  try {
    const pb = pbStream(stream, { maxDataLength: MAX_PROXY_RESULT_BYTES })
    await pb.write({
      host: target.host,
      port: target.port,
      ...(target.sessionId != null ? { sessionId: target.sessionId } : {}),
      ...(target.credential != null ? { credential: target.credential as Uint8Array<ArrayBuffer> } : {})
    }, ProxyOpen, options)
    let result: ProxyOpenResult
    try {
      result = await pb.read(ProxyOpenResult, options)
    } catch (err: any) {
      // protons throws a plain Error for an enum value it does not know
      if (err.name === 'Error') throw new InvalidMessageError(`Provider ${provider} sent an open result that does not decode`)
      throw err
    }
    if (result.status === ProxyOpenResult.Status.OK) {
      return { stream: pb.unwrap(), dialled: result.dialled ?? '' }
    }
    stream.abort(new Error('The open was refused'))
    throw new OpenFailedError(reasonOf(result.status, provider), result.rule != null ? `Refused by rule ${result.rule.slice(0, 64)}` : undefined)
  } catch (err: any) {
    stream.abort(err)
    if (err instanceof OpenFailedError || options.signal?.aborted === true) throw err
    throw new ProviderUnavailableError(`Provider ${provider} failed the open: ${err.name}`)
  }
}

/** The one mapping of a remote open status to the customer-facing reason. */
function reasonOf (status: ProxyOpenResult.Status, provider: PeerId): OpenFailureReason {
  switch (status) {
    case ProxyOpenResult.Status.RULES: return 'rules'
    case ProxyOpenResult.Status.POLICY: return 'policy'
    case ProxyOpenResult.Status.DNS: return 'dns'
    case ProxyOpenResult.Status.UNREACHABLE: return 'unreachable'
    case ProxyOpenResult.Status.REFUSED: return 'refused'
    case ProxyOpenResult.Status.TIMEOUT: return 'timeout'
    case ProxyOpenResult.Status.OVER_CAPACITY: return 'over-capacity'
    case ProxyOpenResult.Status.BAD_REQUEST: return 'bad-request'
    case ProxyOpenResult.Status.FAILURE: return 'failure'
    case ProxyOpenResult.Status.UNAUTHORIZED: return 'unauthorized'
    case ProxyOpenResult.Status.OVER_RATE: return 'over-rate'
    default: throw new InvalidMessageError(`Provider ${provider} sent open status ${String(status)}`)
  }
}
