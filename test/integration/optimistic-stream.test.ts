import { generateKeyPair } from '@libp2p/crypto/keys'
import { lpStream } from '@libp2p/utils'
import { fromString, toString } from 'uint8arrays'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkProposalAnswer, openOptimisticStream } from '../../protocols/common/index.js'
import { createPeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import { waitFor } from '../helpers.js'
import type { PeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import type { Connection } from '@libp2p/interface'

const SHOUT = '/peergrid-test/shout/1.0.0'
const UNKNOWN = '/peergrid-test/unknown/1.0.0'

describe('a stream opened without waiting for the listener to agree to its protocol (about 1 s)', () => {
  let a: PeergridLibp2p
  let b: PeergridLibp2p
  let connection: Connection
  const heard: string[] = []
  let handled = 0
  beforeAll(async () => {
    const make = async (): Promise<PeergridLibp2p> => createPeergridLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], dhtServer: false, privateNetwork: true, gossip: false })
    a = await make()
    b = await make()
    // answers each message in capitals; libp2p's own listener side, unchanged
    await b.handle(SHOUT, async (stream) => {
      handled++
      const lp = lpStream(stream)
      const said = toString((await lp.read()).subarray())
      heard.push(said)
      await lp.write(fromString(said.toUpperCase()))
      await stream.close()
    })
    connection = await a.dial(b.getMultiaddrs()[0]!)
  })
  afterAll(async () => { await Promise.all([a?.stop(), b?.stop()]) })

  it('delivers the first message before anything was read from the listener, then reads its answer after the confirmation', async () => {
    const before = handled
    const { stream, pending } = await openOptimisticStream(connection, SHOUT, { maxOutboundStreams: 8 })
    // open without a round trip: the listener has not even handed the stream to its handler yet
    // (libp2p's newStream returns only after the listener agreed, and its handler runs as it agrees)
    expect(handled).toBe(before)
    expect(stream.protocol).toBe(SHOUT)
    expect(pending).toBe(true)
    const lp = lpStream(stream)
    lp.write(fromString('hello')).catch(() => {})
    // nothing has read the listener's answer yet: the message went with the proposal
    await waitFor(() => heard.includes('hello'), 'the handler to hear the message', 5_000, 5)
    // the two answers to the proposal, then the handler's
    for (const index of [0, 1] as const) checkProposalAnswer((await lp.read()).subarray(), index, SHOUT)
    expect(toString((await lp.read()).subarray())).toBe('HELLO')
  })

  it('says the listener does not speak the protocol, and no handler hears the message', async () => {
    const before = heard.length
    const { stream } = await openOptimisticStream(connection, UNKNOWN, { maxOutboundStreams: 8 })
    stream.send(fromString('\u0006hello?'))
    const lp = lpStream(stream)
    checkProposalAnswer((await lp.read()).subarray(), 0, UNKNOWN)
    const answer = (await lp.read()).subarray()
    expect(() => { checkProposalAnswer(answer, 1, UNKNOWN) }).toThrow(expect.objectContaining({ name: 'UnsupportedProtocolError' }))
    stream.abort(new Error('unsupported'))
    expect(heard.length).toBe(before)
  })

  it('refuses a stream past the limit of open ones for the protocol on the connection', async () => {
    const open = await Promise.all([1, 2].map(async () => openOptimisticStream(connection, UNKNOWN, { maxOutboundStreams: 2 })))
    await expect(openOptimisticStream(connection, UNKNOWN, { maxOutboundStreams: 2 })).rejects.toThrow(expect.objectContaining({ name: 'TooManyOutboundProtocolStreamsError' }))
    for (const { stream } of open) stream.abort(new Error('done'))
  })
})
