import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { curl } from '../curl.js'
import { startFileServer } from '../file-server.js'
import { createNatLab } from '../nat-lab.js'
import { labNodes } from '../nat-nodes.js'
import { waitFor } from '../helpers.js'
import type { FileServer } from '../file-server.js'
import type { LabHome, NatLab } from '../nat-lab.js'
import type { LabNode, LabNodes } from '../nat-nodes.js'
import type { ProviderView } from '../../node/gateway/api.js'
import type { ReachabilityState } from '../../node/libp2p/reachability.js'

const MIB = 1024 * 1024
const RENDEZVOUS_PORT = 4001

/** Counts the bytes through a TCP port of a host, both ways, with nftables counters in its namespace. */
async function countPort (lab: NatLab, ns: string, port: number): Promise<void> {
  const ruleset = `table inet relaycount {
  chain in { type filter hook input priority 0; tcp dport ${port} counter; }
  chain out { type filter hook output priority 0; tcp sport ${port} counter; }
}`
  await lab.exec(ns, 'sh', ['-c', `nft -f - <<'NFT'\n${ruleset}\nNFT`])
}

/** Bytes that crossed a host's counted port (both ways). */
async function portBytes (lab: NatLab, ns: string): Promise<number> {
  const out = await lab.exec(ns, 'nft', ['-j', 'list', 'table', 'inet', 'relaycount'])
  const rules = JSON.parse(out).nftables.filter((item: any) => item.rule != null)
  return rules.reduce((sum: number, item: any) => sum + (item.rule.expr.find((e: any) => e.counter != null)?.counter.bytes ?? 0), 0)
}

/**
 * Providers behind real NATs, in Linux network namespaces the test builds:
 * a public network with two rendezvous servers (one whose relay carries
 * data, one signalling only), two homes behind port-keeping NATs (Linux
 * masquerade) with a provider and a gateway each, two homes behind
 * symmetric NATs (masquerade with random ports) with a provider each, and a
 * public provider. Every node is a `peergrid` process in its namespace;
 * customers are curl in the gateway's home. About 60 s.
 */
describe('NAT traversal: relays, hole punching and reachability behind real NATs', () => {
  let lab: NatLab
  let nodes: LabNodes
  let files: FileServer
  let dataRelay: LabNode
  let signalRelay: LabNode
  let homeAProvider: LabNode
  let homeAGateway: LabNode
  let homeBProvider: LabNode
  let homeBGateway: LabNode
  let symmetricWithDataRelay: LabNode
  let symmetricSignalOnly: LabNode
  let publicProvider: LabNode

  /** curl through a gateway's SOCKS5 front, from inside its home */
  const download = async (gateway: LabNode, country: string, bytes: number, timeoutMs = 60_000): Promise<Awaited<ReturnType<typeof curl>>> =>
    await curl(['--socks5-hostname', '127.0.0.1:1080', '-U', `country-${country}:x`, files.url(bytes)], timeoutMs, ['ip', 'netns', 'exec', gateway.ns])
  const providers = async (gateway: LabNode, country: string): Promise<ProviderView[]> =>
    (await gateway.api<{ providers: ProviderView[] }>(`/api/providers?country=${country}`)).providers
  const relayBytes = async (): Promise<number> => await portBytes(lab, lab.homes[0]!.ns) + await portBytes(lab, lab.homes[1]!.ns)

  beforeAll(async () => {
    lab = await createNatLab(['none', 'none', 'port-restricted', 'port-restricted', 'symmetric', 'symmetric', 'none'])
    nodes = await labNodes(lab)
    // the destination: on the public network, outside every home
    files = await startFileServer(lab.publicIp)
    const [r1, r2, homeA, homeB, symmetricA, symmetricB, open] = lab.homes as [LabHome, LabHome, LabHome, LabHome, LabHome, LabHome, LabHome]
    const listen = ['--listen', `/ip4/0.0.0.0/tcp/${RENDEZVOUS_PORT}`]
    dataRelay = await nodes.start(r1.ns, 'rendezvous', [...listen, '--relay-data', '--relay-max-bytes', String(64 * MIB)])
    const r1Addr = `/ip4/${r1.ip}/tcp/${RENDEZVOUS_PORT}/p2p/${dataRelay.ready.peerId}`
    signalRelay = await nodes.start(r2.ns, 'rendezvous', [...listen, '--bootstrap', r1Addr])
    const r2Addr = `/ip4/${r2.ip}/tcp/${RENDEZVOUS_PORT}/p2p/${signalRelay.ready.peerId}`
    // count what crosses the rendezvous's ports: a hole-punched download must not
    await countPort(lab, r1.ns, RENDEZVOUS_PORT)
    await countPort(lab, r2.ns, RENDEZVOUS_PORT)

    const customer = await nodes.account(dataRelay, 'customer', 1_000_000_000)
    const providerKey = (await nodes.account(dataRelay, 'provider')).enrollmentKey
    const trust = ['--trust', dataRelay.ready.credentialKeyId as string]
    const provider = (country: string, bootstrap: string[], identity = ['--enroll', providerKey, ...trust]): string[] =>
      ['--country', country, ...identity, ...bootstrap.flatMap(b => ['--bootstrap', b])]
    const gateway = ['--enroll', customer.enrollmentKey, ...trust, '--bootstrap', r1Addr, '--socks-port', '1080']
    ;[homeAProvider, homeAGateway, homeBProvider, homeBGateway, symmetricWithDataRelay, symmetricSignalOnly, publicProvider] = await Promise.all([
      nodes.start(homeA.ns, 'provider', provider('DE', [r1Addr, r2Addr])),
      nodes.start(homeA.ns, 'gateway', gateway),
      nodes.start(homeB.ns, 'provider', provider('FR', [r1Addr, r2Addr])),
      nodes.start(homeB.ns, 'gateway', gateway),
      nodes.start(symmetricA.ns, 'provider', provider('NL', [r1Addr])),
      // known to the signalling-only rendezvous alone (its own account there): reached through no relay that carries data
      nodes.account(signalRelay, 'provider').then(async ({ enrollmentKey }) =>
        await nodes.start(symmetricB.ns, 'provider', provider('PL', [r2Addr], ['--enroll', enrollmentKey, '--trust', signalRelay.ready.credentialKeyId as string]))),
      nodes.start(open.ns, 'provider', provider('US', [r1Addr]))
    ])
  }, 120_000)

  afterAll(async () => {
    await nodes?.stopAll()
    await files?.close()
    await lab?.destroy()
  })

  it('a provider behind a NAT says so, holds a reservation on both rendezvous and advertises the relay addresses', async () => {
    const reach = homeAProvider.ready.reachability as ReachabilityState
    expect(reach.status).toBe('private')
    expect(reach.nat).toBe('port-preserving')
    expect(reach.publicIp).toBe(lab.homes[2]!.publicIp)
    expect(reach.relays.map(r => r.relay).sort()).toEqual([dataRelay.ready.peerId, signalRelay.ready.peerId].sort())
    expect(reach.relays.find(r => r.relay === dataRelay.ready.peerId)?.data).toBe(true)
    expect(reach.relays.find(r => r.relay === signalRelay.ready.peerId)?.data).toBe(false)
    expect(homeAProvider.ready.multiaddrs.filter(a => a.includes('/p2p-circuit/')).length).toBeGreaterThanOrEqual(2)
    // the record is signed again with the relay addresses a moment after they come
    const status = await waitFor(async () => {
      const answer = await homeAProvider.api<{ record: { addrs: string[], reach: { status: string, nat: string, dataRelays: string[] } }, reachability: ReachabilityState }>('/api/status')
      return answer.record.addrs.filter(a => a.includes('/p2p-circuit')).length >= 2 && answer
    }, 'the record to list both relay addresses')
    expect(status.reachability.status).toBe('private')
    expect(status.record.reach).toEqual({ status: 'private', nat: 'port-preserving', dataRelays: [dataRelay.ready.peerId] })
    // symmetric NATs are told apart
    expect(symmetricWithDataRelay.ready.reachability?.nat).toBe('port-changing')
    expect(symmetricSignalOnly.ready.reachability?.relays.map(r => r.data)).toEqual([false])
  })

  it('both behind port-keeping NATs: a 16 MiB download is byte-exact and flows over a hole-punched direct connection; the relays carried no data', { timeout: 120_000 }, async () => {
    await waitFor(async () => (await providers(homeBGateway, 'DE')).length > 0, 'the gateway to learn of the provider', 30_000)
    const before = await relayBytes()
    const got = await download(homeBGateway, 'de', 16 * MIB)
    expect(got.stderr).toBe('')
    expect(got.bytes).toBe(16 * MIB)
    expect(got.sha256).toBe(files.sha256(16 * MIB))
    const relayed = await relayBytes() - before
    const [seen] = await providers(homeBGateway, 'DE')
    // the connection goes from home B's router to home A's: no relay in its address
    expect(seen?.path?.path).toBe('hole-punched')
    expect(seen?.path?.addr).toMatch(new RegExp(`^/ip4/${lab.homes[2]!.publicIp.replaceAll('.', '\\.')}/tcp/\\d+/p2p/${homeAProvider.ready.peerId}$`))
    // signalling (identify, the punch, gossip) is a few KiB; the 16 MiB went around the relays
    expect(relayed).toBeLessThan(MIB)
    expect(homeBGateway.log()).toMatch(/"msg":"provider reached: hole-punched"/)
    // and the other way round: home A's gateway to home B's provider
    const back = await download(homeAGateway, 'fr', MIB)
    expect(back.sha256).toBe(files.sha256(MIB))
    const [fr] = await providers(homeAGateway, 'FR')
    expect(fr?.peerId).toBe(homeBProvider.ready.peerId)
    expect(fr?.path?.path).toBe('hole-punched')
  })

  it('a provider behind a symmetric NAT: no hole punch; through a relay that carries data the download works, within the relay\'s limits', { timeout: 120_000 }, async () => {
    await waitFor(async () => (await providers(homeBGateway, 'NL')).length > 0, 'the gateway to learn of the provider', 30_000)
    const before = await relayBytes()
    const got = await download(homeBGateway, 'nl', 4 * MIB)
    expect(got.stderr).toBe('')
    expect(got.sha256).toBe(files.sha256(4 * MIB))
    const [seen] = await providers(homeBGateway, 'NL')
    expect(seen?.path?.path).toBe('relayed')
    expect(seen?.path?.addr).toContain(`/p2p/${dataRelay.ready.peerId}/p2p-circuit`)
    expect(await relayBytes() - before).toBeGreaterThan(4 * MIB)
    // the relay cuts a connection at --relay-max-bytes (64 MiB here): a bigger download fails rather than passing the operator's limit
    const tooBig = await download(homeBGateway, 'nl', 80 * MIB)
    expect(tooBig.bytes).toBeLessThan(64 * MIB)
    expect(tooBig.code).not.toBe(0)
  })

  it('a provider behind a symmetric NAT whose relay carries signalling only is not picked, and the gateway says why', async () => {
    const seen = await waitFor(async () => (await providers(homeBGateway, 'PL'))[0], 'the gateway to learn of the provider', 30_000)
    expect(seen.unusable).toMatch(/symmetric NAT.*signalling only/)
    const got = await download(homeBGateway, 'pl', MIB, 20_000)
    expect(got.code).not.toBe(0)
    expect(got.bytes).toBe(0)
    expect(homeBGateway.log()).toMatch(new RegExp(`"provider":"${symmetricSignalOnly.ready.peerId}","reason":"[^"]*symmetric NAT[^"]*","msg":"provider skipped: no path that carries data"`))
    const listing = await nodes.cli(homeBGateway.ns, ['providers', '--country', 'PL', '--data-dir', homeBGateway.dataDir])
    expect(listing).toMatch(/no data path/)
    expect(listing).toMatch(/not used: .*symmetric NAT/)
  })

  it('a public provider is dialled directly, with no relay involved', async () => {
    const reach = publicProvider.ready.reachability as ReachabilityState
    expect(reach.status).toBe('public')
    expect(reach.nat).toBe('none')
    expect(reach.relays).toEqual([])
    expect(reach.publicAddrs.every(a => a.startsWith(`/ip4/${lab.homes[6]!.ip}/tcp/`))).toBe(true)
    await waitFor(async () => (await providers(homeBGateway, 'US')).length > 0, 'the gateway to learn of the provider', 30_000)
    const got = await download(homeBGateway, 'us', 4 * MIB)
    expect(got.sha256).toBe(files.sha256(4 * MIB))
    const [seen] = await providers(homeBGateway, 'US')
    expect(seen?.path?.path).toBe('direct')
    expect(seen?.path?.addr).toMatch(new RegExp(`^/ip4/${lab.homes[6]!.ip.replaceAll('.', '\\.')}/tcp/`))
    expect(publicProvider.log()).not.toMatch(/relay reservation|hole punched/)
  })

  it('a NAT router that reboots: the provider holds its reservations again and is served again within 60 s', { timeout: 150_000 }, async () => {
    const rebooted = Date.now()
    await lab.rebootRouter(lab.homes[2]!)
    // served again: a fresh download from the other home
    let served = false
    while (!served && Date.now() - rebooted < 60_000) {
      const got = await download(homeBGateway, 'de', MIB, 10_000)
      served = got.sha256 === files.sha256(MIB)
    }
    const servedAfterMs = Date.now() - rebooted
    expect(served).toBe(true)
    const status = await waitFor(async () => {
      const answer = await homeAProvider.api<{ reachability: ReachabilityState }>('/api/status')
      return answer.reachability.relays.length === 2 && answer
    }, 'both reservations held again', 30_000)
    console.log(`NAT router reboot: served again after ${servedAfterMs} ms; reservations: ${status.reachability.relays.map(r => r.relay).join(', ')}`)
  })
})
