import { spawn } from 'node:child_process'
import { multiaddr } from '@multiformats/multiaddr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tryOpen, waitFor, waitForLog } from '../helpers.js'
import { createNetnsHost } from '../netns.js'
import { createTestnet } from '../testnet.js'
import type { NetnsHost } from '../netns.js'
import type { TestNode, Testnet } from '../testnet.js'
import type { ChildProcess } from 'node:child_process'

const PORT = 18_080

/**
 * The exit never connects to its own addresses: a customer could otherwise
 * reach the provider's router or port-forwarded LAN services through it.
 * The "LAN" is a network namespace on a veth link: the provider's side of
 * the link is one of its interfaces, the namespace's side a neighbour with a
 * web server; --exit-allow lets the exit reach that private range, so only
 * the own-address rule can refuse.
 */
describe('the exit refuses its own addresses (about 5 s; needs root for ip netns)', () => {
  let lan: NetnsHost
  let server: ChildProcess
  let net: Testnet
  let provider: TestNode
  let gateway: TestNode
  beforeAll(async () => {
    lan = await createNetnsHost()
    server = spawn(lan.prefix[0]!, [...lan.prefix.slice(1), process.execPath, '-e',
      `require('node:http').createServer((q, r) => r.end('neighbour')).listen(${PORT}, '${lan.clientIp}', () => console.log('ready'))`], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve, reject) => {
      server.stdout?.once('data', () => { resolve() })
      server.once('exit', (code) => { reject(new Error(`the neighbour's web server exited with ${String(code)}`)) })
    })
    net = await createTestnet(2, { countries: ['DE'], provider: { exit: { exitAllow: [lan.subnet] } } })
    provider = net.providers[0]!
    gateway = net.gateways[0]!
    await waitFor(() => gateway.gateway!.table.list({ service: 'proxy' }).length === 1, 'the gateway to know the provider')
  })
  afterAll(async () => {
    await net?.destroy()
    server?.kill()
    await lan?.destroy()
  })

  const open = async (host: string): Promise<string> => tryOpen(gateway.gateway!, { host, port: PORT })

  it('knows its interface addresses, loopback aside', () => {
    const own = provider.provider!.ownAddresses!
    expect(own.has(lan.hostIp)).toBe(true)
    expect(own.has('127.0.0.1')).toBe(false)
    expect(own.has(lan.clientIp)).toBe(false)
  })

  it('serves the neighbour the owner allowed, and refuses its own interface address on the same link', async () => {
    expect(await open(lan.clientIp)).toBe('ok')
    expect(await open(lan.hostIp)).toBe('rules')
    const [entry] = await waitForLog(provider.provider!, 0, 1, e => e.host === lan.hostIp)
    expect(entry).toMatchObject({ decision: 'refused', reason: 'rules', rule: 'own address' })
  })

  it('keeps the list current: an address peers observe becomes refused at once', async () => {
    // a public-looking address no test may dial: the address rules refuse it by its range until it is the exit's own
    const observed = '198.51.100.7'
    expect(await open(observed)).toBe('rules')
    await waitForLog(provider.provider!, 0, 1, e => e.host === observed && e.rule === '198.51.100.0/24')
    // after each identify exchange libp2p reports the address the peer saw us at; behind no NAT here, the test plays that event
    const events = (provider.libp2p as any).components.events
    events.safeDispatchEvent('peer:identify', {
      detail: { peerId: gateway.libp2p.peerId, protocols: [], listenAddrs: [], observedAddr: multiaddr(`/ip4/${observed}/tcp/4001`), connection: undefined as any }
    })
    await waitFor(() => provider.provider!.ownAddresses!.has(observed), 'the exit to take the observed address as its own')
    // and it stays one when the list is read again (libp2p keeps no observed TCP address: the exit keeps it itself)
    provider.provider!.ownAddresses!.refresh()
    expect(provider.provider!.ownAddresses!.has(observed)).toBe(true)
    expect(await open(observed)).toBe('rules')
    await waitForLog(provider.provider!, 0, 1, e => e.host === observed && e.rule === 'own address')
  })
})
