import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentialKeyId } from '../../protocols/credential/index.js'
import { REVOCATION_TOPIC, RevocationList, SignedRevocationList, signRevocationList } from '../../protocols/revocations/index.js'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { createPeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import { silentLogger } from '../../node/logger.js'
import { startFileServer } from '../file-server.js'
import { metricValue, publishTo, waitFor } from '../helpers.js'
import { socksFetch } from '../socks-fetch.js'
import { createTestnet } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { FileServer } from '../file-server.js'
import type { TestNode, Testnet } from '../testnet.js'

describe('revocation across a 20-node testnet (about 20 s)', () => {
  let net: Testnet
  let files: FileServer
  let fronts: ProxyFronts
  let gateway: TestNode
  beforeAll(async () => {
    files = await startFileServer()
    net = await createTestnet(20, { provider: { exit: { exitAllow: ['127.0.0.0/8'] } } })
    gateway = net.gateways[0]!
    await waitFor(() => gateway.gateway!.table.list({ service: 'proxy' }).length === net.providers.length, 'the gateway to know every provider', 30_000)
    fronts = await listenProxyFronts(gateway.gateway!.router, { socksPort: 0 }, silentLogger())
  })
  afterAll(async () => {
    await fronts?.close()
    await net?.destroy()
    await files?.close()
  })

  it('revoking the gateway\'s account reaches every provider, and its next connection is refused', async () => {
    const before = await socksFetch(fronts.socks!, { host: '127.0.0.1', port: files.port }, '/bytes/10')
    expect(before.bytes).toBe(10)
    const account = gateway.credentials!.current()!.account

    const started = performance.now()
    expect(await net.rendezvous.rendezvous!.revocations.revokeAccount(account)).toBe(true)
    await waitFor(() => net.providers.every(p => p.revocations?.current()?.version === 1), 'every provider to hold revocation list 1', 20_000, 5)
    const elapsedMs = performance.now() - started
    // a figure for the closing note, not an assertion
    console.info(`revocation list reached all ${net.providers.length} providers in ${elapsedMs.toFixed(0)} ms`)

    const since = Date.now()
    await expect(socksFetch(fronts.socks!, { host: '127.0.0.1', port: files.port }, '/bytes/10')).rejects.toThrow(/Socks5 proxy rejected connection/)
    // the exits answer first and write their logs right after
    const refusals = await waitFor(async () => {
      const found = (await Promise.all(net.providers.map(async p => p.provider!.transparency.list(since, 100)))).flat()
      return found.length > 0 ? found : undefined
    }, 'the refusals in the exits\' logs', 5_000)
    for (const entry of refusals) expect(entry).toMatchObject({ decision: 'refused', reason: 'unauthorized', rule: 'RevokedCredentialError' })
  })

  it('a provider that joins later fetches the current list from the rendezvous', async () => {
    const late = await net.add('provider', { country: 'NL' })
    await waitFor(() => late.revocations?.current()?.version === 1, 'the late provider to fetch list 1', 10_000)
  })

  it('a tampered list gossiped by another peer is rejected; a genuine newer one on the same path is taken', async () => {
    const rogue = await createPeergridLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], dhtServer: false, privateNetwork: true, gossip: true })
    try {
      const targets = net.providers.slice(0, 3)
      for (const provider of targets) await rogue.dial(provider.libp2p.getMultiaddrs()[0]!)
      rogue.services.pubsub!.subscribe(REVOCATION_TOPIC)
      // a genuine-looking list with a higher version and nothing revoked, signed by another key but naming the trusted one
      const signed = SignedRevocationList.decode(await signRevocationList(await generateKeyPair('Ed25519'), { version: 99, issuedAtMs: Date.now(), accounts: [], peers: [] }))
      const body = RevocationList.decode(signed.list)
      const tampered = SignedRevocationList.encode({ list: RevocationList.encode({ ...body, keyId: credentialKeyId(net.credentialKey) }), signature: signed.signature })
      // every provider the rogue reached must have told it of its subscription, or the forged list would not reach it
      await waitFor(() => targets.every(t => rogue.services.pubsub!.getSubscribers(REVOCATION_TOPIC).some(id => id.equals(t.libp2p.peerId))), 'the rogue to see the providers\' subscriptions', 10_000)
      await publishTo(rogue.services.pubsub!, REVOCATION_TOPIC, tampered, targets.map(t => t.libp2p.peerId))
      // the providers the rogue reached count the forged list as refused: proof it arrived and was judged
      for (const provider of targets) {
        await waitFor(async () => await metricValue(provider.registry, 'peergrid_signed_documents_total', { kind: 'revocation list', result: 'InvalidRevocationListError' }) >= 1, `${provider.country ?? ''} provider to refuse the forged list`, 10_000)
      }
      expect(net.providers.map(p => p.revocations?.current()?.version)).toEqual(net.providers.map(() => 1))
      // the same path carries a genuine newer list to everyone, so the refusal above was the validators' doing
      const genuine = await signRevocationList(net.credentialKey, { version: 2, issuedAtMs: Date.now(), accounts: [...net.providers[0]!.revocations!.current()!.accounts], peers: [] })
      await publishTo(rogue.services.pubsub!, REVOCATION_TOPIC, genuine, targets.map(t => t.libp2p.peerId))
      await waitFor(() => net.providers.every(p => p.revocations?.current()?.version === 2), 'every provider to take the genuine list 2', 10_000)
    } finally {
      await rogue.stop()
    }
  })
})
