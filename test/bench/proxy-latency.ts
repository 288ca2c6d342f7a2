import { createServer } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { createHttpProxyServer } from '../../node/gateway/http-proxy/index.js'
import { listenProxyFronts } from '../../node/gateway/index.js'
import { createSocksServer } from '../../node/gateway/socks/index.js'
import { silentLogger } from '../../node/logger.js'
import { curl } from '../curl.js'
import { waitFor } from '../helpers.js'
import { createTestnet } from '../testnet.js'
import { connectDirect } from './direct-connect.js'
import { LatencyLink } from './latency-link.js'
import { percentile } from './stats.js'
import type { Figure } from './stats.js'
import type { TestNode } from '../testnet.js'
import type { AddressInfo, Server } from 'node:net'

/** What the latency bench does; every loop is bounded. */
export interface LatencyBenchInit {
  /** round trip of the injected links, ms */
  rttMs: number
  /** fetches per cell (median reported) */
  samples: number
}

type Front = 'SOCKS5' | 'HTTP CONNECT'
const FRONTS: Front[] = ['SOCKS5', 'HTTP CONNECT']

/** The links a fetch crosses: the customer's gateway to the exit, and the exit to the destination. */
interface Links {
  /** in front of the provider, the gateway and the two plain servers: every path from the customer's side to the exit's */
  exitSide: LatencyLink[]
  destination: LatencyLink
}

/**
 * Time to first byte of a 1-byte HTTP fetch (curl's time_starttransfer)
 * counted in round trips: a gateway and a provider (a testnet in this
 * process) with a latency link in front of each, so that every connection
 * between them crosses one, and a latency link in front of the destination.
 * The baseline is a plain SOCKS5 server, and a plain HTTP CONNECT server,
 * placed where the exit is: reached over the same injected link, connecting
 * straight out over the destination's link. Two passes in one run: the
 * round trip on the gateway↔exit link only (counts its round trips), then
 * on the exit↔destination link only. Warm: the gateway is connected to the
 * provider; cold: both sides hung up before each fetch.
 */
export async function latencyBench (init: LatencyBenchInit): Promise<Figure[]> {
  const destination = createServer((request, response) => { response.end('x') })
  await new Promise<void>(resolve => destination.listen(0, '127.0.0.1', resolve))
  // the nodes listen on ports picked here, as with announce addresses libp2p names only those
  const ports = { provider: await freePort(), gateway: await freePort(), early: await freePort() }
  const plain = { socks: createSocksServer({ connect: connectDirect }), http: createHttpProxyServer({ connect: connectDirect }) }
  await Promise.all(Object.values(plain).map(async server => { await listen(server) }))
  const links: Links & { plainSocks: LatencyLink, plainHttp: LatencyLink } = {
    exitSide: [],
    destination: await LatencyLink.open(0, () => (destination.address() as AddressInfo).port),
    plainSocks: await LatencyLink.open(0, () => (plain.socks.address() as AddressInfo).port),
    plainHttp: await LatencyLink.open(0, () => (plain.http.address() as AddressInfo).port)
  }
  const providerLink = await LatencyLink.open(0, () => ports.provider)
  const gatewayLink = await LatencyLink.open(0, () => ports.gateway)
  const earlyLink = await LatencyLink.open(0, () => ports.early)
  links.exitSide.push(providerLink, gatewayLink, earlyLink, links.plainSocks, links.plainHttp)
  const net = await createTestnet(0, { provider: { exit: { exitAllow: ['127.0.0.0/8'] } } })
  try {
    const provider = await net.add('provider', { listen: [`/ip4/127.0.0.1/tcp/${ports.provider}`], announce: [providerLink.multiaddr] })
    const gateway = await net.add('gateway', { listen: [`/ip4/127.0.0.1/tcp/${ports.gateway}`], announce: [gatewayLink.multiaddr] })
    // a second gateway that tells its clients the tunnel is open before the exit answers (--early-reply)
    const early = await net.add('gateway', { listen: [`/ip4/127.0.0.1/tcp/${ports.early}`], announce: [earlyLink.multiaddr], gateway: { proxy: { earlyReply: true } } })
    await waitFor(() => [gateway, early].every(g => g.gateway!.table.list({ service: 'proxy' }).length === 1), 'the gateways to know the provider', 30_000)
    const fronts = await listenProxyFronts(gateway.gateway!.router, { socksPort: 0, httpProxyPort: 0 }, silentLogger())
    const earlyFronts = await listenProxyFronts(early.gateway!.router, { socksPort: 0, httpProxyPort: 0 }, silentLogger())
    try {
      const url = `http://127.0.0.1:${links.destination.port}/`
      const proxies: Record<Front, { mesh: string[], early: string[], plain: string[] }> = {
        SOCKS5: { mesh: ['-x', `socks5h://${fronts.socks!}`], early: ['-x', `socks5h://${earlyFronts.socks!}`], plain: ['-x', `socks5h://127.0.0.1:${links.plainSocks.port}`] },
        'HTTP CONNECT': { mesh: ['-p', '-x', `http://${fronts.httpProxy!}`], early: ['-p', '-x', `http://${earlyFronts.httpProxy!}`], plain: ['-p', '-x', `http://127.0.0.1:${links.plainHttp.port}`] }
      }
      const figures: Figure[] = []
      for (const pass of ['gateway↔exit', 'exit↔destination'] as const) {
        for (const link of links.exitSide) link.rttMs = pass === 'gateway↔exit' ? init.rttMs : 0
        links.destination.rttMs = pass === 'exit↔destination' ? init.rttMs : 0
        for (const front of FRONTS) {
          const fetch = async (args: string[]): Promise<number> => ttfbMs([...args, url])
          // warm: the gateway holds its connection to the provider (made by the first fetch if need be)
          await fetch(proxies[front].mesh)
          const warm = await sample(init.samples, async () => fetch(proxies[front].mesh))
          const baseline = await sample(init.samples, async () => fetch(proxies[front].plain))
          await fetch(proxies[front].early)
          const warmEarly = await sample(init.samples, async () => fetch(proxies[front].early))
          const cold = await sample(init.samples, async () => {
            await hangUp(gateway, provider)
            return fetch(proxies[front].mesh)
          })
          const rtt = (value: number): string => `${(value / init.rttMs).toFixed(1)} RTT (${value.toFixed(0)} ms)`
          const base = percentile(baseline, 50)
          figures.push(
            { what: `${front}, warm gateway: ${pass} round trips to first byte (p50 of ${init.samples})`, value: rtt(percentile(warm, 50)), baseline: `plain ${front} at the exit ${rtt(base)}`, ratio: `${signed((percentile(warm, 50) - base) / init.rttMs)} RTT`, goal: pass === 'gateway↔exit' ? '≤ +1 RTT' : undefined },
            { what: `${front}, warm gateway replying early (--early-reply): ${pass} round trips to first byte`, value: rtt(percentile(warmEarly, 50)), baseline: `plain ${front} at the exit ${rtt(base)}`, ratio: `${signed((percentile(warmEarly, 50) - base) / init.rttMs)} RTT` },
            { what: `${front}, provider not connected: ${pass} round trips to first byte`, value: rtt(percentile(cold, 50)), baseline: `plain ${front} at the exit ${rtt(base)}`, ratio: `${signed((percentile(cold, 50) - base) / init.rttMs)} RTT`, goal: pass === 'gateway↔exit' ? '≤ + the libp2p handshake' : undefined }
          )
        }
      }
      return figures
    } finally {
      await Promise.all([fronts.close(), earlyFronts.close()])
    }
  } finally {
    await net.destroy()
    await Promise.all([...links.exitSide, links.destination].map(async link => { await link.close() }))
    for (const server of [destination, plain.socks, plain.http]) server.close()
  }
}

/** One curl fetch's time to first byte, ms. */
async function ttfbMs (args: string[]): Promise<number> {
  const result = await curl(['-o', '/dev/null', '-w', '%{time_starttransfer}', ...args], 30_000)
  if (result.code !== 0) throw new Error(`curl ${args.join(' ')} failed (${result.code}): ${result.stderr}`)
  return Number(result.stdout) * 1000
}

async function sample (n: number, run: () => Promise<number>): Promise<number[]> {
  const values: number[] = []
  for (let i = 0; i < n; i++) values.push(await run())
  return values
}

/** Closes every connection between the two nodes and waits until neither holds one. */
async function hangUp (a: TestNode, b: TestNode): Promise<void> {
  await Promise.all([a.libp2p.hangUp(b.libp2p.peerId), b.libp2p.hangUp(a.libp2p.peerId)])
  await waitFor(() => a.libp2p.getConnections(b.libp2p.peerId).length === 0 && b.libp2p.getConnections(a.libp2p.peerId).length === 0, 'the nodes to hang up', 5_000, 5)
}

/** A TCP port free on 127.0.0.1 a moment ago. */
async function freePort (): Promise<number> {
  const server = createNetServer()
  await listen(server)
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

async function listen (server: Server): Promise<void> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
}

function signed (n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(1)}`
}
