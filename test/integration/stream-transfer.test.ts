import { createHash, randomBytes } from 'node:crypto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pauseStream, resumeStream } from '../../protocols/common/index.js'
import { createPeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import { waitFor } from '../helpers.js'
import type { PeergridLibp2p } from '../../node/libp2p/create-libp2p.js'

const PROTOCOL = '/peergrid-test/bulk/1.0.0'
const PROTOCOL_CLOSE = '/peergrid-test/close/1.0.0'
const TOTAL = 32 * 1024 * 1024
const CHUNK = 64 * 1024

describe('streams over the assembled node (about 1 s)', () => {
  let a: PeergridLibp2p
  let b: PeergridLibp2p
  beforeAll(async () => {
    const make = async (): Promise<PeergridLibp2p> => createPeergridLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], dhtServer: false, privateNetwork: true, gossip: false })
    a = await make()
    b = await make()
  })
  afterAll(async () => { await Promise.all([a?.stop(), b?.stop()]) })

  // regression: with a write-buffer cap, a writer that waits on onDrain() when
  // send() returns false was still reset (send() returns true while a send is in flight)
  it('a fast writer that honours send()/onDrain() delivers 32 MiB byte for byte', async () => {
    const payload = randomBytes(TOTAL)
    await b.handle(PROTOCOL, async (stream) => {
      for (let offset = 0; offset < TOTAL; offset += CHUNK) {
        if (!stream.send(payload.subarray(offset, offset + CHUNK))) await stream.onDrain()
      }
      await stream.close()
    })
    const stream = await a.dialProtocol(b.getMultiaddrs()[0]!, PROTOCOL)
    const hash = createHash('sha256')
    let received = 0
    const error = await new Promise<Error | undefined>(resolve => {
      stream.addEventListener('message', (event) => {
        const bytes = event.data.subarray()
        received += bytes.byteLength
        hash.update(bytes)
      })
      stream.addEventListener('remoteCloseWrite', () => { resolve(undefined) })
      stream.addEventListener('close', (event) => { resolve(event.error) })
    })
    expect(error?.name).toBeUndefined()
    expect(received).toBe(TOTAL)
    expect(hash.digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'))
  })

  // regression, found running the suite under load: a pause deferred to a microtask reached a
  // stream the remote had closed meanwhile, and libp2p's StreamStateError was uncaught
  it('pausing or resuming a stream the remote has closed is a no-op, not an exception', async () => {
    await b.handle(PROTOCOL_CLOSE, async (stream) => { await stream.close() })
    const stream = await a.dialProtocol(b.getMultiaddrs()[0]!, PROTOCOL_CLOSE)
    stream.addEventListener('message', () => {})
    await stream.close()
    await waitFor(() => stream.readStatus === 'closed', 'the stream to be closed both ways', 5_000, 10)
    expect(() => { stream.pause() }).toThrow(expect.objectContaining({ name: 'StreamStateError' }))
    expect(() => { pauseStream(stream) }).not.toThrow()
    expect(() => { resumeStream(stream) }).not.toThrow()
  })
})
