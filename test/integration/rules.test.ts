import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { pbStream } from '@libp2p/utils'
import { Registry } from 'prom-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentialKeyId, signCredential } from '../../protocols/credential/index.js'
import { PROXY_PROTOCOL, ProxyOpen, ProxyOpenResult } from '../../protocols/proxy/index.js'
import { RULES_TOPIC, RuleSet, SignedRuleSet, signRuleSet } from '../../protocols/rules/index.js'
import { openDatabase } from '../../node/db/open.js'
import { startNode } from '../../node/daemon/start-node.js'
import { createPeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import { silentLogger } from '../../node/logger.js'
import { stubResolver } from '../exit-fixtures.js'
import { startFileServer } from '../file-server.js'
import { metricValue, publishTo, tryOpen, waitFor, waitForLog } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import type { FileServer } from '../file-server.js'
import type { TestNode, Testnet } from '../testnet.js'

const RULES = JSON.stringify({
  blockedPorts: [{ port: 6667, rationale: 'IRC botnets' }],
  categories: {
    malware: { domains: ['evil.test'], optIn: false },
    adult: { domains: ['adult.test'], optIn: true }
  }
})

// the exits' rate clock stands still, so the open-rate test cannot refill while a slow machine runs it
const frozenClock = (): number => 1_000_000

describe('network rule sets: published, spread, enforced (about 10 s)', () => {
  let net: Testnet
  let files: FileServer
  let gateway: TestNode
  beforeAll(async () => {
    files = await startFileServer()
    net = await createTestnet(1, { countries: [] })
    const resolver = stubResolver({ 'evil.test': ['127.0.0.1'], 'adult.test': ['127.0.0.1'], 'fine.test': ['127.0.0.1'] })
    await net.add('provider', { country: 'DE', exit: { exitAllow: ['127.0.0.0/8'], resolver, now: frozenClock } })
    // the US exit's owner opted into the adult category
    await net.add('provider', { country: 'US', categories: ['adult'], exit: { exitAllow: ['127.0.0.0/8'], resolver, now: frozenClock } })
    gateway = net.gateways[0]!
    await waitFor(() => gateway.gateway!.table.list({ service: 'proxy' }).length === 2, 'the gateway to know both providers')
  })
  afterAll(async () => {
    await net?.destroy()
    await files?.close()
  })

  const open = async (host: string, username: string, port = files.port): Promise<string> => tryOpen(gateway.gateway!, { host, port, username })


  it('every exit holds the rendezvous\'s default rule set (version 1, same hash)', async () => {
    const current = net.rendezvous.rendezvous!.rules.current()!
    expect(current.version).toBe(1)
    for (const provider of net.providers) {
      expect(provider.rules!.current()?.version).toBe(1)
      expect(provider.rules!.current()?.hash).toBe(current.hash)
    }
  })

  it('refuses an invalid rule set with every problem listed, and keeps the current one', async () => {
    const error = await net.rendezvous.rendezvous!.rules.set(JSON.stringify({ blockedPorts: [{ port: 0 }], extra: true })).catch(err => err)
    expect(error.name).toBe('InvalidRuleSetError')
    expect(error.message).toMatch(/blockedPorts\[0\]\.port: must be >= 1/)
    expect(error.message).toMatch(/\(top level\): must NOT have additional properties "extra"/)
    expect(net.rendezvous.rendezvous!.rules.current()?.version).toBe(1)
  })

  it('a new rule set reaches every exit and is enforced: categories, opt-ins, ports', async () => {
    const set = await net.rendezvous.rendezvous!.rules.set(RULES)
    expect(set.version).toBe(2)
    await waitFor(() => net.providers.every(p => p.rules!.current()?.version === 2), 'every exit to hold rule set 2')

    expect(await open('evil.test', 'country-de')).toBe('rules')
    expect(await open('evil.test', 'country-us')).toBe('rules')
    expect(await open('fine.test', 'country-de', 6667)).toBe('rules')
    expect(await open('fine.test', 'country-de')).toBe('ok')
    expect(await open('adult.test', 'country-de')).toBe('rules')
    expect(await open('adult.test', 'country-us')).toBe('ok')
    const germany = net.providers.find(p => p.country === 'DE')!
    const refusals = await waitForLog(germany.provider!, 0, 3, e => e.reason === 'rules')
    expect(refusals.map(e => e.rule)).toEqual(['category malware (rule set 2)', 'port 6667 (rule set 2)', 'category adult (rule set 2)'])
  })

  it('a tampered or older rule set gossiped by another peer is ignored', async () => {
    const rogue = await createPeergridLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], dhtServer: false, privateNetwork: true, gossip: true })
    try {
      for (const provider of net.providers) await rogue.dial(provider.libp2p.getMultiaddrs()[0]!)
      rogue.services.pubsub!.subscribe(RULES_TOPIC)
      // every provider must have told the rogue of its subscription, or the forged set would not reach it
      await waitFor(() => net.providers.every(p => rogue.services.pubsub!.getSubscribers(RULES_TOPIC).some(id => id.equals(p.libp2p.peerId))), 'the rogue to see the providers\' subscriptions', 10_000)
      // version 9 with no rules, signed by another key but naming the trusted one
      const other = await signRuleSet(await generateKeyPair('Ed25519'), { version: 9, issuedAtMs: Date.now(), json: '{}' })
      const signed = SignedRuleSet.decode(other)
      const tampered = SignedRuleSet.encode({ ruleSet: RuleSet.encode({ ...RuleSet.decode(signed.ruleSet), keyId: credentialKeyId(net.credentialKey) }), signature: signed.signature })
      const exits = net.providers.map(p => p.libp2p.peerId)
      await publishTo(rogue.services.pubsub!, RULES_TOPIC, tampered, exits)
      // a genuine but older set (version 1) replayed
      await publishTo(rogue.services.pubsub!, RULES_TOPIC, await signRuleSet(net.credentialKey, { version: 1, issuedAtMs: Date.now(), json: '{}' }), exits)
      // each exit counts the forged set as refused and the replay as stale: that proves both arrived
      for (const provider of net.providers) {
        await waitFor(async () => await metricValue(provider.registry, 'peergrid_signed_documents_total', { kind: 'rule set', result: 'UntrustedRuleSetError' }) >= 1, `${provider.country ?? ''} exit to refuse the forged set`)
        await waitFor(async () => await metricValue(provider.registry, 'peergrid_signed_documents_total', { kind: 'rule set', result: 'stale' }) >= 1, `${provider.country ?? ''} exit to ignore the replayed set`)
      }
      expect(net.providers.map(p => p.rules!.current()?.version)).toEqual(net.providers.map(() => 2))
      expect(await open('evil.test', 'country-de')).toBe('rules')
    } finally {
      await rogue.stop()
    }
  })

  it('enforces the rule set\'s open rates per customer and per customer and destination', async () => {
    const set = await net.rendezvous.rendezvous!.rules.set(JSON.stringify({ rates: { customerDestinationOpensPerSecond: 1 } }))
    await waitFor(() => net.providers.every(p => p.rules!.current()?.version === set.version), 'every exit to hold the new set')
    // burst 4 per destination: the fifth open to one host in a burst is refused, another host is still served
    const results = []
    for (let i = 0; i < 6; i++) results.push(await open('fine.test', 'country-de'))
    expect(results.slice(0, 4)).toEqual(['ok', 'ok', 'ok', 'ok'])
    expect(results.slice(4)).toContain('over-rate')
    expect(await open('127.0.0.1', 'country-de')).toBe('ok')
    const germany = net.providers.find(p => p.country === 'DE')!
    await waitForLog(germany.provider!, 0, 1, e => e.rule === 'network customer open rate to one destination')
  })

  it('an exit that holds no rule set refuses every connection (fail closed)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'peergrid-lonely-exit-'))
    const db = await openDatabase(join(dir, 'db'))
    // an exit that trusts the rendezvous key but has never reached a rendezvous
    const lonely = await startNode({
      role: 'provider',
      privateKey: await generateKeyPair('Ed25519'),
      db,
      listen: ['/ip4/127.0.0.1/tcp/0'],
      privateNetwork: true,
      gossip: false,
      logger: silentLogger(),
      registry: new Registry(),
      provider: {
        services: ['proxy'],
        country: 'FR',
        prices: { microsPerGib: 1, microsPerCpuSecond: 1 },
        limits: { maxProxyStreams: 10, maxBandwidthBytesPerSecond: 0, maxJobs: 0, maxJobMemoryMib: 0 },
        exit: { exitAllow: ['127.0.0.0/8'], trustedKeys: new Set([credentialKeyId(net.credentialKey)]) }
      }
    })
    const customer = await createPeergridLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], dhtServer: false, privateNetwork: true, gossip: false })
    try {
      const credential = await signCredential(net.credentialKey, { peerId: customer.peerId, account: 'acct-x', role: 'customer', issuedAtMs: Date.now(), expiresAtMs: Date.now() + 3_600_000 })
      const stream = await customer.dialProtocol(lonely.libp2p.getMultiaddrs()[0]!, PROXY_PROTOCOL)
      const pb = pbStream(stream)
      await pb.write({ host: '127.0.0.1', port: files.port, credential: credential as Uint8Array<ArrayBuffer> }, ProxyOpen)
      const result = await pb.read(ProxyOpenResult)
      expect(result).toMatchObject({ status: ProxyOpenResult.Status.RULES })
      const entries = await waitForLog(lonely.provider!, 0)
      expect(entries[0]).toMatchObject({ reason: 'rules', rule: 'no rule set yet' })
    } finally {
      await customer.stop()
      await lonely.stop()
      await db.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
