import { generateKeyPair } from '@libp2p/crypto/keys'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentialKeyId } from '../../protocols/credential/index.js'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { silentLogger } from '../../node/logger.js'
import { startFileServer } from '../file-server.js'
import { waitFor } from '../helpers.js'
import { socksFetch } from '../socks-fetch.js'
import { createTestnet } from '../testnet.js'
import type { ProxyFronts } from '../../node/gateway/index.js'
import type { FileServer } from '../file-server.js'
import type { TestNode, Testnet } from '../testnet.js'
import type { PrivateKey } from '@libp2p/interface'

describe('rendezvous signing key rotation (about 5 s)', () => {
  let net: Testnet
  let files: FileServer
  let nextKey: PrivateKey
  const fronts: ProxyFronts[] = []
  beforeAll(async () => {
    files = await startFileServer()
    nextKey = await generateKeyPair('Ed25519')
    // every node already trusts the next key as well (step one of a rotation)
    net = await createTestnet(3, { countries: ['DE', 'US'], extraTrustedKeys: [credentialKeyId(nextKey)], provider: { exit: { exitAllow: ['127.0.0.0/8'] } } })
    await waitFor(() => net.gateways[0]!.gateway!.table.list({ service: 'proxy' }).length === 2, 'the gateway to know both providers')
  })
  afterAll(async () => {
    for (const front of fronts) await front.close()
    await net?.destroy()
    await files?.close()
  })

  async function socksOf (gateway: TestNode): Promise<string> {
    const front = await listenProxyFronts(gateway.gateway!.router, { socksPort: 0 }, silentLogger())
    fronts.push(front)
    return front.socks!
  }

  it('serves without a single failed connection while the rendezvous switches keys', async () => {
    const before = net.gateways[0]!
    const beforeSocks = await socksOf(before)
    const failures: string[] = []
    let fetches = 0
    let running = true
    const loop = (async () => {
      while (running) {
        try {
          const result = await socksFetch(beforeSocks, { host: '127.0.0.1', port: files.port }, '/bytes/100')
          if (result.bytes !== 100) failures.push(`short read ${result.bytes}`)
        } catch (err: any) {
          failures.push(err.message)
        }
        fetches++
      }
    })()

    await waitFor(() => fetches >= 20, 'traffic before the rotation')
    const oldKeyId = net.rendezvous.rendezvous!.credentialKeyId
    net.rendezvous.rendezvous!.rotateCredentialKey(nextKey)
    expect(net.rendezvous.rendezvous!.credentialKeyId).toBe(credentialKeyId(nextKey))

    // a customer that registers after the rotation gets a credential signed by the new key, and is served
    const after = await net.add('gateway')
    expect(after.credentials!.current()!.keyId).toBe(credentialKeyId(nextKey))
    expect(before.credentials!.current()!.keyId).toBe(oldKeyId)
    await waitFor(() => after.gateway!.table.list({ service: 'proxy' }).length === 2, 'the new gateway to know both providers')
    const served = await socksFetch(await socksOf(after), { host: '127.0.0.1', port: files.port }, '/bytes/100')
    expect(served.bytes).toBe(100)

    // revocation lists are signed by the new key now, and every provider takes them
    const { account } = await net.rendezvous.rendezvous!.accounts.create('customer')
    await net.rendezvous.rendezvous!.revocations.revokeAccount(account.id)
    await waitFor(() => net.providers.every(p => p.revocations?.current()?.keyId === credentialKeyId(nextKey)), 'the providers to take the new list')

    const target = fetches + 20
    await waitFor(() => fetches >= target, 'traffic after the rotation')
    running = false
    await loop
    expect(failures).toEqual([])
  })
})
