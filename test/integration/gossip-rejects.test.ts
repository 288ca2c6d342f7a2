import { onTestFinished, describe, expect, it } from 'vitest'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { CAPABILITY_TOPIC } from '../../protocols/capability/index.js'
import { ed25519, recordInit, signRaw } from '../fixtures.js'
import { metricValue, publishTo, waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { TestNode } from '../testnet.js'

async function records (node: TestNode, result: string): Promise<number> {
  const name = node.role === 'rendezvous' ? 'peergrid_rendezvous_capability_records_total' : 'peergrid_gateway_capability_records_total'
  return metricValue(node.registry, name, node.role === 'rendezvous' ? { result } : { source: 'gossip', result })
}

describe('bad records on gossip, 20-node testnet (about 5 s)', () => {
  it('forged, expired and misattributed records are rejected, counted and never listed', async () => {
    const net = await createTestnet(20, { teardown: onTestFinished, gateway: { dhtRefreshIntervalMs: 0 }, provider: { announceIntervalMs: 5_000 } })
    const gatewayNode = net.gateways[0]!
    const gateway = gatewayNode.gateway!
    await waitFor(() => gateway.table.list().length === net.providers.length, 'every provider in the gateway table', 40_000)

    // the rogue talks to the gateway directly: the rendezvous would not relay its records
    const rogue = await net.add('gateway')
    const rogueKey = await generateKeyPair('Ed25519')
    await rogue.libp2p.dial(gatewayNode.libp2p.getMultiaddrs()[0]!)
    await waitFor(() => rogue.libp2p.services.pubsub!.getSubscribers(CAPABILITY_TOPIC).some(p => p.equals(gatewayNode.libp2p.peerId)), 'the rogue to see the gateway subscribed')
    const pubsub = rogue.libp2p.services.pubsub!
    const roguePeerBytes = rogue.libp2p.peerId.toMultihash().bytes as Uint8Array<ArrayBuffer>
    const victim = net.providers[0]!
    const now = Date.now()

    const forged = await signRaw(await ed25519(), { ...recordInit({ country: 'DE' }), peerId: roguePeerBytes })
    const expired = await signRaw(rogueKey, { ...recordInit({ issuedAtMs: now - 600_000, expiresAtMs: now - 1_000 }), peerId: rogueKey.publicKey.toMultihash().bytes as Uint8Array<ArrayBuffer> })
    const stolen = victim.provider!.advertiser.current()!.bytes

    const before = {
      invalid: await records(gatewayNode, 'invalid_signature'),
      expired: await records(gatewayNode, 'expired'),
      wrongSender: await records(gatewayNode, 'wrong_sender')
    }
    for (const data of [forged, expired, stolen]) await publishTo(pubsub, CAPABILITY_TOPIC, data, [gatewayNode.libp2p.peerId])

    await waitFor(async () => await records(gatewayNode, 'invalid_signature') > before.invalid, 'the forged record to be counted')
    await waitFor(async () => await records(gatewayNode, 'expired') > before.expired, 'the expired record to be counted')
    await waitFor(async () => await records(gatewayNode, 'wrong_sender') > before.wrongSender, 'the replayed record to be counted')

    const listed = gateway.table.list().map(e => e.peerId.toString())
    expect(listed).not.toContain(rogue.libp2p.peerId.toString())
    expect(listed).not.toContain(rogueKey.publicKey.toCID().toString())
    expect(listed.length).toBe(net.providers.length)
    expect(await records(net.rendezvous, 'relayed')).toBeGreaterThanOrEqual(net.providers.length)
  }, 120_000)

  it('a provider\'s older record replayed after a newer one is dropped as superseded', async () => {
    const net = await createTestnet(3, { teardown: onTestFinished, gateway: { dhtRefreshIntervalMs: 0 } })
    const gatewayNode = net.gateways[0]!
    const provider = net.providers[0]!
    const peerId = provider.libp2p.peerId
    await waitFor(() => gatewayNode.gateway!.table.get(peerId), 'the provider in the table')
    const old = provider.provider!.advertiser.current()!

    await provider.provider!.advertiser.announce()
    const newer = provider.provider!.advertiser.current()!
    expect(newer.seq).toBeGreaterThan(old.seq)
    await waitFor(() => gatewayNode.gateway!.table.get(peerId)?.record.seq === newer.seq, 'the newer record in the table')

    const before = await records(gatewayNode, 'superseded')
    await provider.libp2p.services.pubsub!.publish(CAPABILITY_TOPIC, old.bytes)
    await waitFor(async () => await records(gatewayNode, 'superseded') > before, 'the replay to be counted as superseded')
    expect(gatewayNode.gateway!.table.get(peerId)?.record.seq).toBe(newer.seq)
  })
})
