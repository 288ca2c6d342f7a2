import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { pbStream } from '@libp2p/utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentialKeyId, verifyCredential } from '../../protocols/credential/index.js'
import { REGISTER_PROTOCOL, RegisterClient, RegisterRequest, RegisterResponse } from '../../protocols/register/index.js'
import { CREDENTIAL_FILE_NAME, fileStore } from '../../node/db/file-store.js'
import { createPeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import { clientComponents, metricValue, waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { Rendezvous } from '../../rendezvous/index.js'
import type { PeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import type { Testnet } from '../testnet.js'
import type { Stream } from '@libp2p/interface'

describe('registration: accounts and credentials from the rendezvous (about 5 s)', () => {
  let net: Testnet
  let rendezvous: Rendezvous
  let trusted: string[]
  let bare: PeergridLibp2p
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'peergrid-registration-'))
    net = await createTestnet(0, { gateways: 0 })
    rendezvous = net.rendezvous.rendezvous!
    trusted = [rendezvous.credentialKeyId]
    bare = await createPeergridLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], dhtServer: false, privateNetwork: true, gossip: false })
    await bare.dial(net.rendezvous.libp2p.getMultiaddrs()[0]!)
  })
  afterAll(async () => {
    await bare?.stop()
    await net?.destroy()
    await rm(dir, { recursive: true, force: true })
  })

  it('a provider started with an enrollment key holds a credential for its own peer id, stored 0600', async () => {
    const { account, enrollmentKey } = await rendezvous.accounts.create('provider')
    const node = await net.add('provider', { enrollmentKey, trustedKeys: trusted })
    const credential = await waitFor(() => node.credentials?.current(), 'the credential')
    expect(credential).toMatchObject({ account: account.id, role: 'provider', keyId: rendezvous.credentialKeyId })
    expect(credential.holder.equals(node.libp2p.peerId)).toBe(true)
    await expect(verifyCredential(credential.bytes, { trustedKeys: new Set(trusted), presenter: node.libp2p.peerId, roles: ['provider'] })).resolves.toBeDefined()
    const path = join(node.dataDir, CREDENTIAL_FILE_NAME)
    const files = await stat(path)
    expect(files.mode & 0o777).toBe(0o600)

    // a restart keeps the stored credential instead of registering again
    const before = await metricValue(net.rendezvous.registry, 'peergrid_protocol_requests_total', { protocol: 'register', side: 'server', result: 'ok' })
    const again = new RegisterClient({ ...clientComponents(node.libp2p, [net.rendezvous.libp2p.peerId]), store: fileStore(path) }, { enrollmentKey, trustedKeys: new Set(trusted) })
    await again.start()
    expect(again.current()?.bytes).toEqual(credential.bytes)
    await again.stop()
    expect(await metricValue(net.rendezvous.registry, 'peergrid_protocol_requests_total', { protocol: 'register', side: 'server', result: 'ok' })).toBe(before)
  })

  it('the enrollment key is stored only as a hash', async () => {
    const { account, enrollmentKey } = await rendezvous.accounts.create('customer')
    const stored = await rendezvous.accounts.get(account.id)
    expect(JSON.stringify(stored)).not.toContain(enrollmentKey)
    expect((await rendezvous.accounts.findByEnrollmentKey(enrollmentKey))?.id).toBe(account.id)
    expect(await rendezvous.accounts.findByEnrollmentKey(`${enrollmentKey}x`)).toBeUndefined()
  })

  const keeper = (enrollmentKey: string, trustedKeys = trusted, libp2p = bare): RegisterClient =>
    new RegisterClient({ ...clientComponents(libp2p, [net.rendezvous.libp2p.peerId]), store: fileStore(join(dir, 'credential')) }, { enrollmentKey, trustedKeys: new Set(trustedKeys) })

  /** A node of its own (the rate limit is per peer), connected to the rendezvous, stopped at the end of the test. */
  async function freshNode (onTestFinished: (fn: () => Promise<void>) => void): Promise<PeergridLibp2p> {
    const node = await createPeergridLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], dhtServer: false, privateNetwork: true, gossip: false })
    onTestFinished(async () => { await node.stop() })
    await node.dial(net.rendezvous.libp2p.getMultiaddrs()[0]!)
    return node
  }

  it('an unknown enrollment key is refused (UNKNOWN_KEY), counted, and nothing is stored', async () => {
    const counted = async (): Promise<number> => metricValue(net.rendezvous.registry, 'peergrid_protocol_requests_total', { protocol: 'register', side: 'server', result: 'unknown_key' })
    const before = await counted()
    await expect(keeper('pgk_not-a-key').register()).rejects.toMatchObject({ name: 'RegistrationRefusedError', status: RegisterResponse.Status.UNKNOWN_KEY, final: true })
    expect(await counted()).toBe(before + 1)
  })

  it('a credential from a key the node does not trust is refused', async ({ onTestFinished }) => {
    const { enrollmentKey } = await rendezvous.accounts.create('customer')
    const other = credentialKeyId(await generateKeyPair('Ed25519'))
    await expect(keeper(enrollmentKey, [other], await freshNode(onTestFinished)).register()).rejects.toMatchObject({ name: 'UntrustedCredentialKeyError' })
  })

  it('one peer gets at most one credential per interval (RATE_LIMITED)', async ({ onTestFinished }) => {
    const { enrollmentKey } = await rendezvous.accounts.create('customer')
    const node = await freshNode(onTestFinished)
    const first = await keeper(enrollmentKey, trusted, node).register()
    expect(first.holder.equals(node.peerId)).toBe(true)
    await expect(keeper(enrollmentKey, trusted, node).register()).rejects.toMatchObject({ name: 'RegistrationRefusedError', status: RegisterResponse.Status.RATE_LIMITED, final: false })
  })

  async function openRaw (): Promise<Stream> {
    return bare.dialProtocol(net.rendezvous.libp2p.peerId, REGISTER_PROTOCOL)
  }

  it('a request over the size limit is reset and counted', async () => {
    const counted = async (): Promise<number> => metricValue(net.rendezvous.registry, 'peergrid_protocol_requests_total', { protocol: 'register', side: 'server', result: 'InvalidDataLengthError' })
    const before = await counted()
    const stream = await openRaw()
    const closed = new Promise<string | undefined>(resolve => { stream.addEventListener('close', (event) => { resolve(event.error?.name) }) })
    const pb = pbStream(stream)
    await pb.write({ enrollmentKey: 'k'.repeat(1_000) }, RegisterRequest)
    expect(await closed).toBeDefined()
    await waitFor(async () => await counted() === before + 1, 'the oversized request to be counted')
  })

  it('rotates the signing key in two steps on the daemon\'s key files', async () => {
    const { credentialKeyRotation } = await import('../../node/daemon/credential-keys.js')
    const { loadOrCreatePrivateKey, CREDENTIAL_KEY_FILE_NAME } = await import('../../node/libp2p/key.js')
    const keyDir = join(dir, 'keys')
    const original = rendezvous.credentialKeyId
    await loadOrCreatePrivateKey(join(keyDir, CREDENTIAL_KEY_FILE_NAME))
    const rotation = credentialKeyRotation(keyDir, rendezvous)
    await expect(rotation.activate()).rejects.toMatchObject({ name: 'ApiError', code: 'BAD_REQUEST' })
    const prepared = await rotation.prepare()
    expect(prepared.current).toBe(original)
    expect((await rotation.prepare()).next).toBe(prepared.next)
    expect(rendezvous.credentialKeyId).toBe(original)
    const activated = await rotation.activate()
    expect(activated).toEqual({ current: prepared.next, previous: original })
    expect(rendezvous.credentialKeyId).toBe(prepared.next)
    expect(credentialKeyId(await loadOrCreatePrivateKey(join(keyDir, CREDENTIAL_KEY_FILE_NAME)))).toBe(prepared.next)
    // back to the key the other tests trust
    rendezvous.rotateCredentialKey(net.credentialKey)
  })

  it('the credential names the connection\'s peer, whatever the asker claims elsewhere', async () => {
    const { enrollmentKey } = await rendezvous.accounts.create('provider')
    const asker = await createPeergridLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], dhtServer: false, privateNetwork: true, gossip: false })
    try {
      const stream = await asker.dialProtocol(net.rendezvous.libp2p.getMultiaddrs()[0]!, REGISTER_PROTOCOL)
      const pb = pbStream(stream)
      await pb.write({ enrollmentKey }, RegisterRequest)
      const response = await pb.read(RegisterResponse)
      expect(response.status).toBe(RegisterResponse.Status.OK)
      const credential = await verifyCredential(response.credential!, { trustedKeys: new Set(trusted) })
      expect(credential.holder.equals(asker.peerId)).toBe(true)
      await expect(verifyCredential(response.credential!, { trustedKeys: new Set(trusted), presenter: bare.peerId })).rejects.toMatchObject({ name: 'WrongCredentialHolderError' })
    } finally {
      await asker.stop()
    }
  })
})
