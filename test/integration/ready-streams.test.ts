import { generateKeyPair } from '@libp2p/crypto/keys'
import { raceSignal } from 'race-signal'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openOptimisticStream } from '../../protocols/common/index.js'
import { PROXY_PROTOCOL, ProxyOpenResult, encodeFrame } from '../../protocols/proxy/index.js'
import { ReadyStreams } from '../../protocols/proxy/ready-streams.js'
import { createPeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import { waitFor } from '../helpers.js'
import type { PeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import type { Connection } from '@libp2p/interface'

describe('ready streams against a provider that keeps to the protocol and one that does not (about 1 s)', () => {
  let gateway: PeergridLibp2p
  let provider: PeergridLibp2p
  let connection: Connection
  let answerEarly = false
  const controller = new AbortController()
  let streams: ReadyStreams
  beforeAll(async () => {
    const make = async (): Promise<PeergridLibp2p> => createPeergridLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], dhtServer: false, privateNetwork: true, gossip: false })
    gateway = await make()
    provider = await make()
    // an honest exit waits for the open; a broken one answers OK before it was asked anything
    await provider.handle(PROXY_PROTOCOL, (stream) => {
      if (answerEarly) stream.send(encodeFrame(ProxyOpenResult.encode({ status: ProxyOpenResult.Status.OK, dialled: '1.2.3.4:80' })))
    })
    connection = await gateway.dial(provider.getMultiaddrs()[0]!)
    streams = new ReadyStreams({ connectionManager: { openOptimisticStream: async (_peer, protocol, options) => openOptimisticStream(connection, protocol, options) } }, { maxAgeMs: 10_000, maxOutboundStreams: 64, signal: controller.signal })
  })
  afterAll(async () => {
    controller.abort()
    streams?.clear()
    await Promise.all([gateway?.stop(), provider?.stop()])
  })

  it('hands over a ready stream once the provider has agreed to the protocol and said nothing else', async () => {
    answerEarly = false
    streams.prepare(provider.peerId)
    await waitFor(() => streams.size === 1 ? true : undefined, 'a ready stream', 5_000, 5)
    const taken = streams.take(provider.peerId)
    expect(taken?.opened.stream.status).toBe('open')
    expect(streams.size).toBe(0)
    expect(streams.take(provider.peerId)).toBeUndefined()
    taken?.tunnel.destroy()
  })

  it('refuses a ready stream on which the provider answered an open it was never sent, and closes it', async () => {
    answerEarly = true
    streams.prepare(provider.peerId)
    await waitFor(() => streams.size === 1 ? true : undefined, 'a ready stream', 5_000, 5)
    const held = connection.streams.filter(s => s.protocol === PROXY_PROTOCOL && s.status === 'open')
    // the provider's unasked-for answer reaches the held stream's tunnel
    const answer = await raceSignal(streams.peek(provider.peerId)!.answered, AbortSignal.timeout(5_000))
    expect(answer.status).toBe(ProxyOpenResult.Status.OK)
    expect(streams.take(provider.peerId)).toBeUndefined()
    await waitFor(() => held.every(s => s.status !== 'open') ? true : undefined, 'the stream to be closed', 5_000, 5)
  })
})
