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
/** The relay's reservations last this long (its shortest setting; the library renews 30 s in at the earliest). */
const RESERVATION_SECONDS = 60

/**
 * Relay reservations that expire: a provider behind a NAT keeps one through
 * several lifetimes, and a gateway that starts only after they have come and
 * gone still reaches it through the relay and punches a hole. About 90 s: it waits out a
 * reservation's whole lifetime (the shortest an operator may set).
 */
describe('relay reservations are renewed: a provider behind a NAT stays reachable past their lifetime', () => {
  let lab: NatLab
  let nodes: LabNodes
  let files: FileServer
  let rendezvous: LabNode
  let provider: LabNode
  let bootstrap: string[]
  let gateway: LabNode
  let providerStarted: number

  beforeAll(async () => {
    lab = await createNatLab(['none', 'port-restricted', 'port-restricted'])
    nodes = await labNodes(lab)
    files = await startFileServer(lab.publicIp)
    const [r, home] = lab.homes as [LabHome, LabHome, LabHome]
    rendezvous = await nodes.start(r.ns, 'rendezvous', ['--listen', `/ip4/0.0.0.0/tcp/${RENDEZVOUS_PORT}`, '--relay-reservation-seconds', String(RESERVATION_SECONDS)])
    bootstrap = ['--bootstrap', `/ip4/${r.ip}/tcp/${RENDEZVOUS_PORT}/p2p/${rendezvous.ready.peerId}`, '--trust', rendezvous.ready.credentialKeyId as string]
    const customer = await nodes.account(rendezvous, 'customer', 1_000_000_000)
    providerStarted = Date.now()
    const providerKey = (await nodes.account(rendezvous, 'provider')).enrollmentKey
    // the gateway learns the provider's record by gossip, and dials it only when a customer asks
    ;[provider, gateway] = await Promise.all([
      nodes.start(home.ns, 'provider', ['--country', 'DE', '--enroll', providerKey, ...bootstrap]),
      nodes.start(lab.homes[2]!.ns, 'gateway', ['--enroll', customer.enrollmentKey, ...bootstrap, '--socks-port', '1080'])
    ])
  }, 90_000)

  afterAll(async () => {
    await nodes?.stopAll()
    await files?.close()
    await lab?.destroy()
  })

  it('after a whole reservation lifetime the provider holds one, and a gateway reaches it through the relay then', { timeout: 150_000 }, async () => {
    expect(provider.ready.reachability?.relays.map(r => r.relay)).toEqual([rendezvous.ready.peerId])
    // past the first reservation's end, with nothing dialling the provider: only a renewal keeps it reachable
    await new Promise(resolve => setTimeout(resolve, Math.max(0, providerStarted + (RESERVATION_SECONDS + 15) * 1000 - Date.now())))
    const status = await provider.api<{ reachability: ReachabilityState, record: { addrs: string[] } }>('/api/status')
    expect(status.reachability.relays.map(r => r.relay)).toEqual([rendezvous.ready.peerId])
    const [known] = await waitFor(async () => {
      const { providers } = await gateway.api<{ providers: ProviderView[] }>('/api/providers?country=DE')
      return providers.length > 0 && providers
    }, 'the gateway to hold the provider\'s record', 30_000, 500)
    expect(known?.path).toBeUndefined()
    // its first dial to the provider goes through the relay, on the renewed reservation
    const got = await curl(['--socks5-hostname', '127.0.0.1:1080', '-U', 'country-de:x', files.url(MIB)], 60_000, ['ip', 'netns', 'exec', gateway.ns])
    expect(got.stderr).toBe('')
    expect(got.sha256).toBe(files.sha256(MIB))
    const [seen] = (await gateway.api<{ providers: ProviderView[] }>('/api/providers?country=DE')).providers
    expect(seen?.path?.path).toBe('hole-punched')
  })
})
