import { createServer } from 'node:net'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { pbStream } from '@libp2p/utils'
import * as varint from 'uint8-varint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { openCapabilityRecord, signCapabilityRecord, CapabilityRecord, SignedCapabilityRecord } from '../../protocols/capability/index.js'
import { Credential, SignedCredential, credentialKeyId, signCredential } from '../../protocols/credential/index.js'
import {
  END_OF_DATA_FRAME,
  FrameDecoder,
  MAX_PROXY_FRAME_BYTES,
  PROXY_PROTOCOL,
  ProxyClose,
  ProxyOpen,
  ProxyOpenResult,
  encodeFrame
} from '../../protocols/proxy/index.js'
import { createPeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import { recordInit } from '../fixtures.js'
import { metricValue, waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import { stubResolver } from '../exit-fixtures.js'
import type { PeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import type { MeshTunnel } from '../../protocols/proxy/index.js'
import type { TestNode, Testnet } from '../testnet.js'
import type { PrivateKey, Stream } from '@libp2p/interface'
import type { Server } from 'node:net'

const Status = ProxyOpenResult.Status

async function bareNode (privateKey?: PrivateKey): Promise<PeergridLibp2p> {
  return createPeergridLibp2p({ privateKey: privateKey ?? await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], dhtServer: false, privateNetwork: true, gossip: false })
}

/** Everything the provider sent after its open result: data frames, whether the end frame came, the summary. */
async function readRelay (stream: Stream): Promise<{ data: Buffer, ended: boolean, summary?: ProxyClose, error?: string }> {
  const decoder = new FrameDecoder(MAX_PROXY_FRAME_BYTES)
  const chunks: Buffer[] = []
  let ended = false
  let summary: ProxyClose | undefined
  return new Promise(resolve => {
    stream.addEventListener('message', (event) => {
      decoder.push(event.data)
      for (let frame = decoder.next(); frame != null; frame = decoder.next()) {
        if (!ended && frame.byteLength === 0) ended = true
        else if (!ended) chunks.push(Buffer.from(frame.subarray()))
        else summary = ProxyClose.decode(frame)
      }
    })
    stream.addEventListener('close', (event) => {
      resolve({ data: Buffer.concat(chunks), ended, summary, error: event.error?.name })
    })
  })
}

// the exit's wait for an open request, shrunk from DEFAULT_PROXY_OPEN_TIMEOUT_MS so the timeout path takes no real seconds
const OPEN_TIMEOUT_MS = 500

describe('/peergrid/proxy/1.0.0 played by hand (about 5 s)', () => {
  let net: Testnet
  let provider: TestNode
  let customer: PeergridLibp2p
  let credential: Uint8Array
  let echo: Server
  let echoPort: number
  beforeAll(async () => {
    echo = createServer({ allowHalfOpen: true }, socket => { socket.pipe(socket) })
    await new Promise<void>(resolve => { echo.listen(0, '127.0.0.1', resolve) })
    echoPort = (echo.address() as { port: number }).port
    net = await createTestnet(2, {
      countries: ['DE'],
      protocols: { proxyServer: { openTimeoutMs: OPEN_TIMEOUT_MS } },
      provider: { exit: { exitAllow: ['127.0.0.0/8'], maxStreamsPerCustomer: 2, resolver: stubResolver({ 'echo.test': ['127.0.0.1'] }) } }
    })
    provider = net.providers[0]!
    customer = await bareNode()
    credential = await signCredential(net.credentialKey, { peerId: customer.peerId, account: 'acct-hand', role: 'customer', issuedAtMs: Date.now(), expiresAtMs: Date.now() + 3_600_000 })
  })
  afterAll(async () => {
    await customer?.stop()
    await net?.destroy()
    echo?.close()
  })

  async function openStream (): Promise<Stream> {
    return customer.dialProtocol(provider.libp2p.getMultiaddrs()[0]!, PROXY_PROTOCOL)
  }

  /** the provider's advertised price, which a metering exit wants offered */
  const price = (): number => CapabilityRecord.decode(SignedCapabilityRecord.decode(provider.provider!.advertiser.current()!.bytes).record).prices!.microsPerGib

  async function ask (open: ProxyOpen, withCredential = true, offerPrice = true): Promise<{ stream: Stream, result: ProxyOpenResult }> {
    const stream = await openStream()
    const pb = pbStream(stream)
    const offer = offerPrice && open.pricePerGib == null ? { ...open, pricePerGib: price() } : open
    await pb.write(withCredential && open.credential == null ? { ...offer, credential: credential as Uint8Array<ArrayBuffer> } : offer, ProxyOpen)
    const result = await pb.read(ProxyOpenResult)
    return { stream: pb.unwrap(), result }
  }

  it('relays both ways and ends with the close summary (byte counts each way)', async () => {
    const { stream, result } = await ask({ host: 'echo.test', port: echoPort, sessionId: 'x1' })
    expect(result.status).toBe(Status.OK)
    expect(result.dialled).toBe(`127.0.0.1:${echoPort}`)
    // the exit checks credentials, so it meters: the session its receipts must name
    expect(result.meteringSession).toMatch(/^[0-9a-f]{32}$/)
    const relayed = readRelay(stream)
    stream.send(Buffer.from('hello, exit'))
    await stream.close()
    const { data, ended, summary, error } = await relayed
    expect(error).toBeUndefined()
    expect(data.toString()).toBe('hello, exit')
    expect(ended).toBe(true)
    expect(summary?.bytesSent).toBe(11n)
    expect(summary?.bytesReceived).toBe(11n)
    // the exit sends its summary first and writes its log right after
    const log = await waitFor(async () => { const found = await provider.provider!.transparency.list(0, 100); return found.at(-1)?.end != null ? found : undefined }, 'the closed entry', 5_000)
    expect(log.at(-1)).toMatchObject({ host: 'echo.test', port: echoPort, sessionId: 'x1', account: 'acct-hand', decision: 'allowed', reason: 'ok', bytesSent: 11, bytesReceived: 11, end: 'closed' })
    expect(log.at(-1)?.customer).toBe(customer.peerId.toString())
  })

  it('refuses an open that offers no price, or less than the exit\'s, with PRICE and its price', async () => {
    for (const open of [{ host: 'echo.test', port: echoPort, sessionId: 'no-price' }, { host: 'echo.test', port: echoPort, sessionId: 'low-price', pricePerGib: price() - 1 }]) {
      const { stream, result } = await ask(open, true, false)
      expect(result.status).toBe(Status.PRICE)
      expect(result.pricePerGib).toBe(price())
      expect(result.meteringSession).toBeUndefined()
      stream.abort(new Error('done'))
    }
    const { stream, result } = await ask({ host: 'echo.test', port: echoPort, sessionId: 'more', pricePerGib: price() + 1 })
    expect(result.status).toBe(Status.OK)
    stream.abort(new Error('done'))
  })

  it('refuses an open whose credential names another account to pay (only a hosted gateway\'s may)', async () => {
    const { stream, result } = await ask({ host: 'echo.test', port: echoPort, sessionId: 'other-payer', payingAccount: 'acct-someone-else' })
    expect(result.status).toBe(Status.UNAUTHORIZED)
    stream.abort(new Error('done'))
    const log = await waitFor(async () => (await provider.provider!.transparency.list(0, 1000)).find(e => e.sessionId === 'other-payer'), 'the log entry', 5_000)
    expect(log).toMatchObject({ decision: 'refused', reason: 'unauthorized', rule: 'PayingAccountError' })
  })

  const refusals: Array<[string, ProxyOpen, ProxyOpenResult.Status]> = [
    ['a name that does not resolve', { host: 'nowhere.test', port: 80 }, Status.DNS],
    ['a closed port', { host: '127.0.0.1', port: 1 }, Status.REFUSED],
    ['port 0', { host: '127.0.0.1', port: 0 }, Status.BAD_REQUEST],
    ['a host that is no name', { host: 'a b!', port: 80 }, Status.BAD_REQUEST],
    ['a private address', { host: '10.0.0.1', port: 80 }, Status.RULES],
    ['a blocked port', { host: '127.0.0.1', port: 25 }, Status.RULES]
  ]
  for (const [what, open, status] of refusals) {
    it(`answers ${what} with ${status} and logs it`, async () => {
      const { stream, result } = await ask(open)
      expect(result.status).toBe(status)
      stream.abort(new Error('done'))
      const log = await waitFor(async () => (await provider.provider!.transparency.list(0, 1000)).find(e => e.host === open.host && e.port === open.port), 'the log entry', 5_000)
      expect(log.decision).toBe('refused')
      expect(log.reason).toBe(status.toLowerCase().replace('_', '-'))
    })
  }

  it('refuses every bad customer credential with UNAUTHORIZED, logs the reason and counts it', async () => {
    const now = Date.now()
    const other = await generateKeyPair('Ed25519')
    const stranger = await generateKeyPair('Ed25519')
    const base = { peerId: customer.peerId, account: 'acct-hand', role: 'customer' as const, issuedAtMs: now, expiresAtMs: now + 3_600_000 }
    const forged = SignedCredential.decode(await signCredential(other, base))
    const forgedBody = Credential.decode(forged.credential)
    const cases: Array<[string, Uint8Array | undefined, string]> = [
      ['no credential', undefined, 'MissingCredentialError'],
      ['expired', await signCredential(net.credentialKey, { ...base, issuedAtMs: now - 7_200_000, expiresAtMs: now - 3_600_000 }), 'ExpiredCredentialError'],
      ['not yet valid', await signCredential(net.credentialKey, { ...base, issuedAtMs: now + 3_600_000, expiresAtMs: now + 7_200_000 }), 'CredentialValidityError'],
      ['a provider credential', await signCredential(net.credentialKey, { ...base, role: 'provider' }), 'WrongCredentialRoleError'],
      ['another peer\'s credential', await signCredential(net.credentialKey, { ...base, peerId: peerIdFromPrivateKey(stranger) }), 'WrongCredentialHolderError'],
      ['signed by an untrusted key', await signCredential(other, base), 'UntrustedCredentialKeyError'],
      ['forged: claims the trusted key', SignedCredential.encode({ credential: Credential.encode({ ...forgedBody, keyId: credentialKeyId(net.credentialKey) }), signature: forged.signature }), 'InvalidCredentialSignatureError'],
      ['garbage', Uint8Array.from([1, 2, 3]), 'InvalidCredentialError']
    ]
    for (const [what, bad, reason] of cases) {
      const before = await metricValue(provider.registry, 'peergrid_provider_credential_rejections_total', { reason })
      const host = `unauthorized-${cases.findIndex(c => c[0] === what)}.test`
      const { stream, result } = await ask({ host, port: 80, ...(bad != null ? { credential: bad as Uint8Array<ArrayBuffer> } : {}) }, false)
      stream.abort(new Error('done'))
      expect(result.status, what).toBe(Status.UNAUTHORIZED)
      expect(await metricValue(provider.registry, 'peergrid_provider_credential_rejections_total', { reason }), what).toBe(before + 1)
      const entry = await waitFor(async () => (await provider.provider!.transparency.list(0, 1000)).find(e => e.host === host), `the log entry for ${what}`, 5_000)
      expect(entry, what).toMatchObject({ decision: 'refused', reason: 'unauthorized', rule: reason })
    }
  })

  it('answers over-capacity past the per-customer limit, and serves again when a stream closes', async () => {
    const held = await Promise.all([ask({ host: 'echo.test', port: echoPort }), ask({ host: 'echo.test', port: echoPort })])
    expect(held.map(h => h.result.status)).toEqual([Status.OK, Status.OK])
    const third = await ask({ host: 'echo.test', port: echoPort })
    expect(third.result.status).toBe(Status.OVER_CAPACITY)
    third.stream.abort(new Error('done'))
    held[0]!.stream.abort(new Error('done'))
    await waitFor(() => provider.libp2p.services.proxyServer!.activeStreams <= 1, 'the exit to notice the reset')
    const fourth = await ask({ host: 'echo.test', port: echoPort })
    expect(fourth.result.status).toBe(Status.OK)
    for (const s of [held[1]!.stream, fourth.stream]) s.abort(new Error('done'))
  })

  it('resets an open request over its size limit', async () => {
    const before = await metricValue(provider.registry, 'peergrid_provider_proxy_opens_total', { result: 'bad-open' })
    const stream = await openStream()
    const closed = new Promise<string | undefined>(resolve => { stream.addEventListener('close', (event) => { resolve(event.error?.name) }) })
    stream.send(encodeFrame(ProxyOpen.encode({ host: 'x'.repeat(2000), port: 80 })))
    expect(await closed).toBeDefined()
    expect(await metricValue(provider.registry, 'peergrid_provider_proxy_opens_total', { result: 'bad-open' })).toBe(before + 1)
  })

  it('resets an open request that does not decode', async () => {
    const stream = await openStream()
    const closed = new Promise<string | undefined>(resolve => { stream.addEventListener('close', (event) => { resolve(event.error?.name) }) })
    stream.send(Uint8Array.from([5, 0xff, 0xff, 0xff, 0xff, 0xff]))
    expect(await closed).toBeDefined()
  })

  it(`cuts off a customer that sends no open request within the open timeout (${OPEN_TIMEOUT_MS} ms here)`, async () => {
    const before = await metricValue(provider.registry, 'peergrid_provider_proxy_opens_total', { result: 'bad-open' })
    const stream = await openStream()
    const started = Date.now()
    const closed = new Promise<void>(resolve => { stream.addEventListener('close', () => { resolve() }) })
    await closed
    // never before the timeout: a lower bound, which a slow machine cannot break
    expect(Date.now() - started).toBeGreaterThanOrEqual(OPEN_TIMEOUT_MS - 100)
    expect(await metricValue(provider.registry, 'peergrid_provider_proxy_opens_total', { result: 'bad-open' })).toBe(before + 1)
  })
})

describe('the gateway against misbehaving providers (about 5 s)', () => {
  let net: Testnet
  let gatewayNode: TestNode
  let fake: PeergridLibp2p
  let fakeKey: PrivateKey
  let behave: (stream: Stream) => Promise<void>
  beforeAll(async () => {
    net = await createTestnet(1, { gossip: false, gateway: { dhtRefreshIntervalMs: 0 }, protocols: { proxyClient: { openResultTimeoutMs: 1_000 } } })
    gatewayNode = net.gateways[0]!
    fakeKey = await generateKeyPair('Ed25519')
    fake = await bareNode(fakeKey)
    await fake.handle(PROXY_PROTOCOL, (stream) => { void behave(stream).catch(err => { stream.abort(err) }) })
  })
  afterAll(async () => {
    await fake?.stop()
    await net?.destroy()
  })

  /** Puts the fake provider's signed record straight into the gateway's table (the gateway forgets it after a failure). */
  async function register (): Promise<void> {
    const gateway = gatewayNode.gateway!
    if (gateway.table.get(fake.peerId) != null) return
    const bytes = await signCapabilityRecord(fakeKey, recordInit({ seq: Date.now(), addrs: fake.getMultiaddrs().map(ma => ma.bytes as Uint8Array<ArrayBuffer>) }))
    gateway.table.offer(await openCapabilityRecord(bytes), 'gossip')
    await gatewayNode.libp2p.peerStore.merge(fake.peerId, { multiaddrs: fake.getMultiaddrs() })
  }

  async function connect (): Promise<unknown> {
    await register()
    return gatewayNode.gateway!.router.connect({ host: 'example.com', port: 443, client: 'test' })
  }

  it('an unknown open status fails the open as the provider\'s fault', async () => {
    behave = async (stream) => {
      const pb = pbStream(stream)
      await pb.read(ProxyOpen)
      stream.send(Uint8Array.from([2, 0x08, 99]))
    }
    await expect(connect()).rejects.toMatchObject({ name: 'OpenFailedError', reason: 'failure', cause: { name: 'ProviderUnavailableError' } })
  })

  it('a provider that never answers is given up after the open-result timeout', async () => {
    behave = async () => {}
    await expect(connect()).rejects.toMatchObject({ reason: 'failure', cause: { name: 'ProviderUnavailableError' } })
  })

  it('a frame over the limit destroys the tunnel with a protocol error', async () => {
    behave = async (stream) => {
      const pb = pbStream(stream)
      await pb.read(ProxyOpen)
      await pb.write({ status: Status.OK, dialled: '1.2.3.4:443' }, ProxyOpenResult)
      pb.unwrap().send(varint.encode(MAX_PROXY_FRAME_BYTES + 1))
    }
    const tunnel = await connect() as MeshTunnel
    const error = await closedWith(tunnel)
    expect(error?.name).toBe('ProxyProtocolError')
  })

  it('a provider that closes without the close summary destroys the tunnel', async () => {
    behave = async (stream) => {
      const pb = pbStream(stream)
      await pb.read(ProxyOpen)
      await pb.write({ status: Status.OK, dialled: '1.2.3.4:443' }, ProxyOpenResult)
      const raw = pb.unwrap()
      raw.send(encodeFrame(Buffer.from('partial')))
      raw.send(END_OF_DATA_FRAME)
      await raw.close()
    }
    const tunnel = await connect() as MeshTunnel
    tunnel.resume()
    tunnel.end()
    const error = await closedWith(tunnel)
    expect(error?.name).toBe('ProxyProtocolError')
  })
})

/** The error a tunnel closed with (it may have closed before the test got it: a provider's data and violation come in one flight). */
async function closedWith (tunnel: MeshTunnel): Promise<Error | null> {
  if (!tunnel.closed) await new Promise(resolve => tunnel.once('close', resolve))
  return tunnel.errored
}
