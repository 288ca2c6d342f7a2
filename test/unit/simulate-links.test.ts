import { generateKeyPair } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { noise } from '@libp2p/noise'
import { ping } from '@libp2p/ping'
import { yamux } from '@libp2p/yamux'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { Uint8ArrayList } from 'uint8arraylist'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { LINK_HIGH_WATER_BYTES, Pipe } from '../../node/simulate/real/link-connection.js'
import { SimulatedLinks } from '../../node/simulate/real/links.js'

const bytes = (n: number, fill = 1): Uint8ArrayList => new Uint8ArrayList(new Uint8Array(n).fill(fill))

describe('a simulated link (virtual clock)', () => {
  afterEach(() => { vi.useRealTimers() })

  const pipe = (latencyMs: number, bytesPerMs: number): { pipe: Pipe, got: Array<{ atMs: number, item: unknown }>, drains: number[] } => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const got: Array<{ atMs: number, item: unknown }> = []
    const drains: number[] = []
    const p = new Pipe({ latencyMs, bytesPerMs }, item => got.push({ atMs: performance.now(), item }), () => drains.push(performance.now()))
    return { pipe: p, got, drains }
  }

  it('delivers every chunk one latency later, in order, and the end after them', () => {
    const { pipe: p, got } = pipe(50, 0)
    const start = performance.now()
    p.send(bytes(10, 1))
    p.send(bytes(10, 2))
    p.end()
    vi.advanceTimersByTime(49)
    expect(got).toEqual([])
    vi.advanceTimersByTime(1)
    expect(got.map(g => g.item instanceof Uint8ArrayList ? g.item.subarray()[0] : g.item)).toEqual([1, 2, null])
    expect(got.every(g => g.atMs - start === 50)).toBe(true)
  })

  it('puts chunks on the wire one after another at the uplink\'s rate', () => {
    const { pipe: p, got } = pipe(10, 100)
    const start = performance.now()
    p.send(bytes(1000))
    p.send(bytes(1000))
    vi.advanceTimersByTime(1000)
    // 1000 bytes at 100 bytes/ms: the first leaves at 10 ms, the second at 20, each arriving 10 ms later
    expect(got.map(g => g.atMs - start)).toEqual([20, 30])
  })

  it('asks the sender to wait above the high-water mark and says when it drained', () => {
    const { pipe: p, drains } = pipe(5, 0)
    expect(p.send(bytes(LINK_HIGH_WATER_BYTES - 1))).toBe(true)
    expect(p.send(bytes(2))).toBe(false)
    expect(drains).toEqual([])
    vi.advanceTimersByTime(5)
    expect(drains.length).toBe(1)
  })

  it('lets a reset overtake the data in flight, and swallows everything once cut', () => {
    const { pipe: p, got } = pipe(20, 0)
    p.send(bytes(10))
    p.reset(new Error('reset'))
    vi.advanceTimersByTime(20)
    expect(got.map(g => g.item instanceof Error ? 'reset' : 'data')).toEqual(['reset'])
    p.sever()
    p.send(bytes(10))
    p.end()
    vi.advanceTimersByTime(100)
    expect(got.length).toBe(1)
  })
})

describe('libp2p nodes on simulated links', () => {
  const node = async (links: SimulatedLinks, country: string, address: string) => {
    const libp2p = await createLibp2p({
      privateKey: await generateKeyPair('Ed25519'),
      addresses: { listen: [address] },
      transports: [links.transport({ country })],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: { identify: identify(), ping: ping() }
    })
    onTestFinished(async () => { await libp2p.stop() })
    return libp2p
  }

  it('connect with the link model\'s latency between their countries, and a cut link looks dead', async () => {
    const links = new SimulatedLinks((a, b) => a === b ? 1 : 100)
    const tag = `links-test-${process.pid}-${Date.now()}`
    const de = await node(links, 'DE', `/memory/${tag}-de`)
    const us = await node(links, 'US', `/memory/${tag}-us`)
    const de2 = await node(links, 'DE', `/memory/${tag}-de2`)
    await de.dial(multiaddr(`/memory/${tag}-us/p2p/${us.peerId.toString()}`))
    await de.dial(multiaddr(`/memory/${tag}-de2/p2p/${de2.peerId.toString()}`))
    expect(links.connectionCount).toBe(4)
    // a round trip cannot be shorter than the link model's two one-way latencies
    expect(await de.services.ping.ping(us.peerId)).toBeGreaterThanOrEqual(200)
    expect(await de.services.ping.ping(de2.peerId)).toBeGreaterThanOrEqual(2)
    // the US node's host dies: nothing it sends arrives any more
    links.sever(`/memory/${tag}-us`)
    await expect(de.services.ping.ping(us.peerId, { signal: AbortSignal.timeout(1_000) })).rejects.toThrow()
    // a dial to an address nobody listens on fails at once
    const nobody = peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
    await expect(de.dial(multiaddr(`/memory/${tag}-nobody/p2p/${nobody.toString()}`)).then(() => 'connected')).rejects.toThrow(/No simulated listener/)
  })
})
