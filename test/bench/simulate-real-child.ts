import '../../node/polyfill.js'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLibp2p } from 'libp2p'
import { yamux } from '@libp2p/yamux'
import { ping } from '@libp2p/ping'
import { noise } from '@libp2p/noise'
import { identify } from '@libp2p/identify'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { parseScenario } from '../../node/simulate/index.js'
import { latencyMs, rendezvousCountry } from '../../node/simulate/model/links.js'
import { Random } from '../../node/simulate/random.js'
import { GossipTrace } from '../../node/simulate/real/gossip-trace.js'
import { SimulatedLinks } from '../../node/simulate/real/links.js'
import { LoopDelay } from '../../node/simulate/real/loop-delay.js'
import { RealNetwork, START_CONCURRENCY } from '../../node/simulate/real/network.js'
import { timeUntil } from '../../node/simulate/real/probes.js'
import type { Libp2p } from '@libp2p/interface'

/** Nodes still starting after this long are left out (the figure says how many were up). */
const START_DEADLINE_MS = 5 * 60_000
/** How long the nodes up may take to hold credentials and be known to every gateway, beyond their start. */
const WAIT_MS = 120_000
/** How long CPU and event-loop delay are measured once the network is up. */
const IDLE_MS = 20_000

// One size of the real-tier bench (see simulate-real.ts), in its own process:
// `simulate-real-child.ts <nodes> [bare|real]` prints one line of JSON. The
// real nodes are the real tier's (RealNetwork: startNode on simulated links,
// with accounts and credentials), started as the real tier starts them.

const nodes = Number(process.argv[2])
const mode = process.argv[3] ?? 'real'
if (!Number.isSafeInteger(nodes) || nodes < 6) throw new Error('usage: simulate-real-child.ts <nodes ≥ 6> [bare|real]')
const mib = (bytes: number): number => bytes / 2 ** 20

if (mode === 'bare') {
  // bare libp2p nodes on the same links, each dialling the first (as peergrid nodes dial their rendezvous)
  const links = new SimulatedLinks(() => 5)
  const rssBefore = process.memoryUsage().rss
  const started = performance.now()
  const tag = `bench-bare-${process.pid}`
  const bare = async (i: number): Promise<Libp2p> => createLibp2p({
    privateKey: await generateKeyPair('Ed25519'),
    addresses: { listen: [`/memory/${tag}-${i}`] },
    transports: [links.transport({ country: 'DE' })],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() }
  })
  const first = await bare(0)
  const all: Libp2p[] = [first]
  for (let i = 1; i < nodes; i += START_CONCURRENCY) {
    all.push(...await Promise.all(Array.from({ length: Math.min(START_CONCURRENCY, nodes - i) }, async (_, j) => {
      const node = await bare(i + j)
      await node.dial(first.getMultiaddrs()[0]!)
      return node
    })))
  }
  const listeningS = (performance.now() - started) / 1000
  await new Promise(resolve => setTimeout(resolve, 5_000))
  console.log(JSON.stringify({ listeningS, rssMiB: mib(process.memoryUsage().rss - rssBefore) }))
  await Promise.all(all.map(async node => { await node.stop() }))
  process.exit(0)
}

// the calibration scenario grown to `nodes`: four gateways, every provider online
const base = parseScenario(process.env.PEERGRID_BENCH_SCENARIO ?? '')
const scenario = { ...base, name: `bench-${nodes}`, nodes: { ...base.nodes, providers: { ...base.nodes.providers, count: nodes - 5 }, gateways: { ...base.nodes.gateways, count: 4 } } }
const random = new Random(scenario.seed)
const links = new SimulatedLinks((a, b) => latencyMs(scenario.links, a, b))
const root = await mkdtemp(join(tmpdir(), 'peergrid-bench-real-'))
const rssBefore = process.memoryUsage().rss
const network = await RealNetwork.create({
  scenario, links, trace: new GossipTrace(), root,
  draw: { pick: shares => random.pick(shares), mbps: () => random.draw(scenario.links.providerMbps) },
  rendezvousCountry: rendezvousCountry(scenario),
  exitAllow: ['127.0.0.1/32']
})
const all = [...network.gateways, ...network.providers]
const started = performance.now()
const listening = 1 + await network.startPaced(all, AbortSignal.timeout(START_DEADLINE_MS))
const listeningS = (performance.now() - started) / 1000
const up = all.filter(node => node.running != null).map(node => node.running!)
const gateways = network.gateways.map(g => g.running!)
const providers = up.filter(node => node.role === 'provider')
const known = (): number => gateways.reduce((n, g) => n + providers.filter(p => g.gateway?.table.get(p.libp2p.peerId) != null).length, 0) / Math.max(1, gateways.length * providers.length)
const credentials = await timeUntil(() => up.every(n => n.credentials?.current() != null), { startedAt: started, timeoutMs: WAIT_MS + listeningS * 1000, pollMs: 250 })
const discovered = await timeUntil(() => known() === 1, { startedAt: started, timeoutMs: WAIT_MS + listeningS * 1000, pollMs: 250 })
const memory = process.memoryUsage()
const loop = new LoopDelay()
const cpu = process.cpuUsage()
const wall = performance.now()
await new Promise(resolve => setTimeout(resolve, IDLE_MS))
const used = process.cpuUsage(cpu)
loop.stop()
console.log(JSON.stringify({
  nodes,
  listening,
  listeningS,
  credentialsS: credentials == null ? undefined : credentials / 1000,
  discoveredS: discovered == null ? undefined : discovered / 1000,
  knownShare: known(),
  rssMiB: mib(memory.rss - rssBefore),
  heapMiB: mib(memory.heapUsed),
  idleCpuPercent: 100 * (used.user + used.system) / 1000 / (performance.now() - wall),
  loopDelayP99Ms: loop.percentileMs(99)
}))
process.exit(0)
