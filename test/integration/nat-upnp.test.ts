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

/**
 * `--upnp`: a provider behind a home router that speaks UPnP IGD / NAT-PMP
 * (miniupnpd in the router's namespace) has its port forwarded, finds
 * itself dialable and is reached directly, no relay and no punch. About 20 s.
 */
describe('UPnP: a provider behind a router that forwards ports on request', () => {
  let lab: NatLab
  let nodes: LabNodes
  let files: FileServer
  let provider: LabNode
  let gateway: LabNode
  let upnpHome: LabHome

  beforeAll(async () => {
    lab = await createNatLab(['none', 'upnp', 'port-restricted'])
    nodes = await labNodes(lab)
    files = await startFileServer(lab.publicIp)
    const [r, home, other] = lab.homes as [LabHome, LabHome, LabHome]
    upnpHome = home
    const rendezvous = await nodes.start(r.ns, 'rendezvous', ['--listen', `/ip4/0.0.0.0/tcp/${RENDEZVOUS_PORT}`])
    const bootstrap = ['--bootstrap', `/ip4/${r.ip}/tcp/${RENDEZVOUS_PORT}/p2p/${rendezvous.ready.peerId}`, '--trust', rendezvous.ready.credentialKeyId as string]
    const customer = await nodes.account(rendezvous, 'customer', 1_000_000_000)
    const providerKey = (await nodes.account(rendezvous, 'provider')).enrollmentKey
    ;[provider, gateway] = await Promise.all([
      nodes.start(home.ns, 'provider', ['--country', 'DE', '--enroll', providerKey, ...bootstrap, '--upnp']),
      nodes.start(other.ns, 'gateway', ['--enroll', customer.enrollmentKey, ...bootstrap, '--socks-port', '1080'])
    ])
  }, 90_000)

  afterAll(async () => {
    await nodes?.stopAll()
    await files?.close()
    await lab?.destroy()
  })

  it('the router forwards the port, a rendezvous dials the provider back through it, and the gateway dials it directly', async () => {
    const reach = await waitFor(async () => {
      const status = await provider.api<{ reachability: ReachabilityState }>('/api/status')
      return status.reachability.status === 'public' && status.reachability
    }, 'the provider to find itself public through the forwarded port', 60_000, 500)
    expect(reach.publicAddrs.length).toBeGreaterThan(0)
    for (const addr of reach.publicAddrs) expect(addr.startsWith(`/ip4/${upnpHome.publicIp}/tcp/`)).toBe(true)
    // the forwarding is miniupnpd's, in the router's NAT table
    const port = /\/tcp\/(\d+)/.exec(reach.publicAddrs[0]!)?.[1] as string
    expect(await lab.exec(upnpHome.router as string, 'nft', ['list', 'chain', 'inet', 'filter', 'prerouting_miniupnpd'])).toContain(`dport ${port}`)

    await waitFor(async () => (await gateway.api<{ providers: ProviderView[] }>('/api/providers?country=DE')).providers[0]?.reach?.status === 'public', 'the gateway to hold the provider\'s record saying so', 60_000, 500)
    const got = await curl(['--socks5-hostname', '127.0.0.1:1080', '-U', 'country-de:x', files.url(4 * MIB)], 60_000, ['ip', 'netns', 'exec', gateway.ns])
    expect(got.sha256).toBe(files.sha256(4 * MIB))
    const [seen] = (await gateway.api<{ providers: ProviderView[] }>('/api/providers?country=DE')).providers
    expect(seen?.path?.path).toBe('direct')
    expect(seen?.path?.addr.startsWith(`/ip4/${upnpHome.publicIp}/tcp/${port}/`)).toBe(true)
    expect(gateway.log()).not.toMatch(/hole punched/)
  })
})
