import { generateKeyPair } from '@libp2p/crypto/keys'
import { lpStream, pbStream } from '@libp2p/utils'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CAPABILITY_PROTOCOL,
  CapabilityRequest,
  CapabilityResponse,
  MAX_SIGNED_RECORD_BYTES, CapabilityClient
} from '../../protocols/capability/index.js'
import { createPeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import { clientComponents, metricValue, waitFor } from '../helpers.js'
import { ed25519, signedRecord } from '../fixtures.js'
import { createTestnet } from '../testnet.js'
import type { Testnet } from '../testnet.js'
import type { PeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import type { Stream } from '@libp2p/interface'

async function bareNode (): Promise<PeergridLibp2p> {
  return createPeergridLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], dhtServer: false, privateNetwork: true, gossip: false })
}

// both sides' exchange timeout, shrunk from DEFAULT_CAPABILITY_TIMEOUT_MS so the timeout paths take no real seconds
const TIMEOUT_MS = 400

describe('/peergrid/capability/1.0.0 (about 3 s)', () => {
  let net: Testnet
  let client: PeergridLibp2p
  let fetcher: CapabilityClient
  const served = async (result: string): Promise<number> => metricValue(net.providers[0]!.registry, 'peergrid_protocol_requests_total', { protocol: 'capability', side: 'server', result })
  beforeAll(async () => {
    net = await createTestnet(1, { gateways: 0, gossip: false, protocols: { capabilityServer: { timeoutMs: TIMEOUT_MS } } })
    client = await bareNode()
    fetcher = new CapabilityClient(clientComponents(client), { timeoutMs: TIMEOUT_MS })
  })
  afterAll(async () => {
    await client?.stop()
    await net?.destroy()
  })

  const open = async (): Promise<Stream> => client.dialProtocol(net.providers[0]!.libp2p.getMultiaddrs()[0]!, CAPABILITY_PROTOCOL)

  describe('the provider side, asked by hand', () => {
    it('answers OK with its own signed record', async () => {
      const pb = pbStream(await open())
      await pb.write({ knownSeq: 0 }, CapabilityRequest)
      const response = await pb.read(CapabilityResponse)
      expect(response.status).toBe(CapabilityResponse.Status.OK)
      const current = net.providers[0]!.provider!.advertiser.current()!
      // the same bytes the provider signed (the stream hands back a Buffer, so compare bytes, not classes)
      expect(uint8ArrayEquals(response.record ?? new Uint8Array(0), current.bytes)).toBe(true)
    })

    it('answers NOT_MODIFIED to an asker that holds the current seq', async () => {
      const pb = pbStream(await open())
      await pb.write({ knownSeq: net.providers[0]!.provider!.advertiser.current()!.seq }, CapabilityRequest)
      expect((await pb.read(CapabilityResponse)).status).toBe(CapabilityResponse.Status.NOT_MODIFIED)
    })

    it('resets an oversized request and counts it', async () => {
      const before = await served('InvalidDataLengthLengthError')
      const stream = await open()
      await lpStream(stream).write(new Uint8Array(1024))
      await waitFor(async () => await served('InvalidDataLengthLengthError') > before, 'the error to be counted')
      await waitFor(() => stream.status !== 'open', 'the stream to be closed by the provider')
    })

    it('gives up on a silent asker after the timeout', async () => {
      const before = await served('TimeoutError')
      const stream = await open()
      await waitFor(() => stream.status !== 'open', 'the provider to give up on a silent stream', 8_000)
      await waitFor(async () => await served('TimeoutError') === before + 1, 'the timeout to be counted')
    })
  })

  describe('the gateway side, answered by hand', () => {
    let fake: PeergridLibp2p
    let answer: (stream: Stream) => Promise<void>
    beforeAll(async () => {
      fake = await bareNode()
      await fake.handle(CAPABILITY_PROTOCOL, (stream) => { void answer(stream).catch(() => {}) })
      await client.peerStore.merge(fake.peerId, { multiaddrs: fake.getMultiaddrs() })
    })
    afterAll(async () => { await fake?.stop() })

    const cases: Array<{ name: string, error: string, reply: (stream: Stream) => Promise<void> }> = [
      {
        name: 'another peer\'s record',
        error: 'WrongRecordSenderError',
        reply: async stream => {
          const record = await signedRecord(await ed25519()) as Uint8Array<ArrayBuffer>
          await pbStream(stream).write({ status: CapabilityResponse.Status.OK, record }, CapabilityResponse)
        }
      },
      {
        name: 'OK without a record',
        error: 'InvalidMessageError',
        reply: async stream => { await pbStream(stream).write({ status: CapabilityResponse.Status.OK }, CapabilityResponse) }
      },
      {
        name: 'an unknown status',
        error: 'InvalidMessageError',
        reply: async stream => { await lpStream(stream).write(new Uint8Array([0x08, 0x09])) }
      },
      {
        name: 'NOT_A_PROVIDER',
        error: 'NotAProviderError',
        reply: async stream => { await pbStream(stream).write({ status: CapabilityResponse.Status.NOT_A_PROVIDER }, CapabilityResponse) }
      },
      {
        name: 'an answer just over the size limit',
        error: 'InvalidDataLengthError',
        reply: async stream => { await lpStream(stream).write(new Uint8Array(MAX_SIGNED_RECORD_BYTES + 100)) }
      },
      {
        name: 'silence',
        error: 'TimeoutError',
        reply: async () => {}
      }
    ]
    for (const c of cases) {
      it(`refuses ${c.name} with ${c.error}`, async () => {
        answer = c.reply
        await expect(fetcher.fetch(fake.peerId, 0), c.name).rejects.toHaveProperty('name', c.error)
      })
    }
  })
})
