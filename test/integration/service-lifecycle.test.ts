import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_KEY_PROTOCOL, ApiKeyClient, ApiKeyServer } from '../../protocols/apikey/index.js'
import { CAPABILITY_PROTOCOL, CapabilityClient, CapabilityServer } from '../../protocols/capability/index.js'
import { Responder } from '../../protocols/common/index.js'
import { DocumentServer, DocumentWatcher } from '../../protocols/documents/index.js'
import { PROXY_PROTOCOL, ProxyClient, ProxyServer } from '../../protocols/proxy/index.js'
import { RECEIPTS_PROTOCOL, ReceiptServer, ReceiptSubmitter } from '../../protocols/receipts/index.js'
import { REGISTER_EXCHANGE, REGISTER_PROTOCOL, RegisterClient, RegisterServer } from '../../protocols/register/index.js'
import { REVOCATION_LIST_DOCUMENT, REVOCATION_PROTOCOL, REVOCATION_TOPIC, revocationListDocument } from '../../protocols/revocations/index.js'
import { levelCoordinatorStore, rendezvousServices } from '../../rendezvous/index.js'
import { openDatabase } from '../../node/db/open.js'
import { SequenceRepository } from '../../node/db/sequence-repository.js'
import { TransparencyRepository } from '../../node/db/transparency-repository.js'
import { Gateway } from '../../node/gateway/index.js'
import { Bootstrapper } from '../../node/libp2p/bootstrap.js'
import { createPeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import { silentLogger } from '../../node/logger.js'
import { Provider } from '../../node/provider/index.js'
import { recordInit } from '../fixtures.js'
import type { NodeDatabase } from '../../node/db/open.js'
import type { PeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import type { Startable } from '@libp2p/interface'

/** A service under test, and what it registers or subscribes to while it runs. */
interface Case {
  name: string
  build(): Startable
  /** a protocol it handles while started (absent: it handles none) */
  protocol?: string
  /** a gossipsub topic it joins after start (absent: none) */
  topic?: string
}

/** libp2p's components of a bare node, captured by a probe service (libp2p hands each service its components). */
let components: any

describe('every service: start twice, stop twice, stop without start (about 3 s)', () => {
  let libp2p: PeergridLibp2p
  let db: NodeDatabase
  let dir: string
  const logger = silentLogger()
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'peergrid-lifecycle-'))
    db = await openDatabase(join(dir, 'db'))
    libp2p = await createPeergridLibp2p({
      privateKey: await generateKeyPair('Ed25519'),
      listen: ['/ip4/127.0.0.1/tcp/0'],
      dhtServer: true,
      privateNetwork: true,
      services: { probe: (c: unknown) => { components = c; return {} } }
    })
  })
  afterAll(async () => {
    await libp2p?.stop()
    await db?.close()
    await rm(dir, { recursive: true, force: true })
  })

  const rendezvous = (): any => new Bootstrapper({ peerId: components.peerId, connectionManager: components.connectionManager, events: components.events, logger }, [])
  const base = (): any => ({ registrar: components.registrar, connectionManager: components.connectionManager, peerId: components.peerId, pubsub: components.pubsub, registry: new Registry(), logger, rendezvous: rendezvous() })
  const cases: Case[] = [
    { name: 'Responder', protocol: REGISTER_PROTOCOL, build: () => new Responder(base(), { protocol: REGISTER_EXCHANGE, timeoutMs: 1_000, maxInboundStreams: 1, answer: async () => ({ status: 'FAILURE' as any }) }) },
    { name: 'CapabilityServer', protocol: CAPABILITY_PROTOCOL, build: () => new CapabilityServer({ ...base(), capabilityRecord: { current: () => undefined } }) },
    { name: 'CapabilityClient', build: () => new CapabilityClient(base()) },
    { name: 'ProxyServer', protocol: PROXY_PROTOCOL, build: () => new ProxyServer({ ...base(), exit: { decide: async () => ({ status: 'FAILURE' as any }), finished: () => {} } }) },
    { name: 'ProxyClient', build: () => new ProxyClient(base()) },
    { name: 'RegisterServer', protocol: REGISTER_PROTOCOL, build: () => new RegisterServer({ ...base(), authority: { findByEnrollmentKey: async () => undefined, signingKey: () => { throw new Error('unused') } } }) },
    { name: 'RegisterClient', build: () => new RegisterClient(base(), { enrollmentKey: 'k', trustedKeys: new Set() }) },
    { name: 'ApiKeyServer', protocol: API_KEY_PROTOCOL, build: () => new ApiKeyServer({ ...base(), apiKeys: { findByApiKeyHash: async () => undefined } }) },
    { name: 'ApiKeyClient', build: () => new ApiKeyClient(base()) },
    { name: 'ReceiptServer', protocol: RECEIPTS_PROTOCOL, build: () => new ReceiptServer({ ...base(), receipts: { settle: async () => [] } }) },
    { name: 'ReceiptSubmitter', build: () => new ReceiptSubmitter({ ...base(), outbox: { waiting: async () => [], size: () => 0, answered: async () => {} } }) },
    { name: 'DocumentServer', protocol: REVOCATION_PROTOCOL, topic: REVOCATION_TOPIC, build: () => new DocumentServer({ ...base(), documents: { current: () => undefined } }, { kind: REVOCATION_LIST_DOCUMENT }) },
    { name: 'DocumentWatcher', topic: REVOCATION_TOPIC, build: () => new DocumentWatcher(base(), { kind: revocationListDocument(new Set()) }) },
    { name: 'Bootstrapper', build: rendezvous },
    {
      name: 'Provider',
      build: () => new Provider({
        ...base(),
        dht: components.dht,
        addressManager: components.addressManager,
        events: components.events,
        privateKey: components.privateKey,
        sequences: new SequenceRepository(db),
        transparency: new TransparencyRepository(db)
      }, { ...recordInit(), services: ['proxy'], country: 'DE' } as any)
    },
    {
      name: 'Gateway',
      build: () => new Gateway({ ...base(), peerStore: components.peerStore, dht: components.dht, capabilityClient: new CapabilityClient(base()), proxyClient: new ProxyClient(base()) }, { dhtRefreshIntervalMs: 0 })
    },
    {
      name: 'Rendezvous',
      build: () => rendezvousServices({ store: levelCoordinatorStore(db), credentialKey: components.privateKey, logger, registry: new Registry() }).rendezvous({ ...base(), revocationServer: { publish: async () => {} }, rulesServer: { publish: async () => {} } })
    }
  ]

  const handles = (protocol: string): boolean => libp2p.getProtocols().includes(protocol)
  const joined = (topic: string): boolean => libp2p.services.pubsub!.getTopics().includes(topic)

  for (const c of cases) {
    it(`${c.name}: idempotent start and stop, and a stop without a start`, async () => {
      const idle = c.build()
      await idle.stop()
      await idle.stop()
      if (c.protocol != null) expect(handles(c.protocol), `${c.name} handles nothing before start`).toBe(false)

      const service = c.build()
      for (let i = 0; i < 2; i++) {
        await service.beforeStart?.()
        await service.start()
        await service.afterStart?.()
      }
      if (c.protocol != null) expect(handles(c.protocol), `${c.name} handles its protocol once started`).toBe(true)
      if (c.topic != null) expect(joined(c.topic), `${c.name} joins its topic once started`).toBe(true)
      for (let i = 0; i < 2; i++) {
        await service.beforeStop?.()
        await service.stop()
        await service.afterStop?.()
      }
      if (c.protocol != null) expect(handles(c.protocol), `${c.name} handles nothing after stop`).toBe(false)
      if (c.topic != null) expect(joined(c.topic), `${c.name} leaves its topic after stop`).toBe(false)

      // and it starts again after a stop
      await service.start()
      await service.afterStart?.()
      if (c.protocol != null) expect(handles(c.protocol), `${c.name} handles its protocol when started again`).toBe(true)
      await service.beforeStop?.()
      await service.stop()
    })
  }
})
