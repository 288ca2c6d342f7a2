// npm run bench: figures for start-up, idle cost and discovery, each next to a
// baseline measured in the same run. Figures only; nothing here asserts.
import '../../node/polyfill.js'
import { existsSync } from 'node:fs'
import { coldStart } from './cold-start.js'
import { dashboardBench } from './dashboard.js'
import { dhtFind } from './dht-find.js'
import { idleProvider } from './idle.js'
import { jobsBench } from './jobs.js'
import { libp2pOpenBench } from './libp2p-open.js'
import { natBench } from './nat.js'
import { proxyBench } from './proxy.js'
import { latencyBench } from './proxy-latency.js'
import { receiptsBench } from './receipts.js'
import { receiptStoreBench } from './receipts-store.js'
import { simulateBench } from './simulate.js'
import { simulateRealBench } from './simulate-real.js'
import { printFigures } from './stats.js'
import { workflowsBench } from './workflows.js'

if (!existsSync(new URL('../../dist/peergrid.cjs', import.meta.url))) {
  throw new Error('dist/peergrid.cjs is missing: run `npm run build` (npm run bench does)')
}
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30)
// BENCH_ONLY=proxy (comma-separated section names) runs only those sections
const only = new Set((process.env.BENCH_ONLY ?? 'start,idle,dht,receipts,receipt-stores,jobs,workflows,dashboard,simulate,simulate-real,libp2p-open,proxy-latency,proxy,nat').split(','))
const started = Date.now()
process.stdout.write(`peergrid bench on Node ${process.version}, ${new Date().toISOString()}\n`)
if (only.has('start')) printFigures('Cold start (bundled CLI)', await coldStart(10))
if (only.has('idle')) printFigures('Idle provider', await idleProvider(idleSeconds))
if (only.has('dht')) printFigures('DHT find (30-node testnet, in one process)', await dhtFind(30, 30))
if (only.has('receipts')) printFigures('Receipts at the rendezvous (one process, LevelDB in a temp dir)', await receiptsBench(Number(process.env.BENCH_RECEIPTS ?? 10_000)))
if (only.has('receipt-stores')) printFigures('Receipts booked per second by the coordinator\'s store: LevelDB, PostgreSQL with one and with three rendezvous (one process, a PostgreSQL server started here)', await receiptStoreBench(Number(process.env.BENCH_RECEIPTS ?? 10_000)))
if (only.has('workflows')) printFigures('Workflow engine (Node, then Debian Chromium with the engine bundled by esbuild)', await workflowsBench(Number(process.env.BENCH_WORKFLOW_RUNS ?? 1000)))
if (only.has('jobs')) printFigures('Compute jobs (a testnet in this process; each job in a sandbox process)', await jobsBench(Number(process.env.BENCH_JOB_SAMPLES ?? 100), Number(process.env.BENCH_HASH_MIB ?? 16)))
if (only.has('dashboard')) printFigures('Dashboard (Debian Chromium against a devnet of one provider, each node its own process)', await dashboardBench(Number(process.env.BENCH_DASHBOARD_LOADS ?? 10), Number(process.env.BENCH_FEED_ROWS ?? 200)))
if (only.has('simulate')) printFigures('Simulator, model tier (one process)', await simulateBench([{ providers: 10_000, hours: 24 }, { providers: 100_000, hours: 6 }]))
// BENCH_REAL_SIZES=100,200 picks the real tier's network sizes (each in its own process, up to 2 x 7 min)
if (only.has('simulate-real')) printFigures('Simulator, real tier (full nodes in one process)', await simulateRealBench((process.env.BENCH_REAL_SIZES ?? '100,500,1000').split(',').map(Number)))
if (only.has('libp2p-open')) printFigures('A new libp2p stream and its first exchange: @libp2p/tcp as shipped against coalesced writes (two nodes in this process, loopback TCP; baseline = as shipped)', await libp2pOpenBench(Number(process.env.BENCH_OPEN_EXCHANGES ?? 2000)))
if (only.has('proxy-latency')) {
  const rttMs = Number(process.env.BENCH_RTT_MS ?? 40)
  printFigures(`Proxy time to first byte in round trips (latency links of ${rttMs} ms RTT; gateway and provider in this process, curl)`, await latencyBench({ rttMs, samples: Number(process.env.BENCH_LATENCY_SAMPLES ?? 15) }))
}
if (only.has('proxy')) {
  printFigures('Proxy data path (curl; gateway, provider, relay and destination each their own process)', await proxyBench({
    bulkBytes: Number(process.env.BENCH_BULK_MIB ?? 256) * 1024 * 1024,
    bulkRuns: Number(process.env.BENCH_BULK_RUNS ?? 5),
    ttfbSamples: Number(process.env.BENCH_TTFB_SAMPLES ?? 200),
    concurrent: Number(process.env.BENCH_CONCURRENT ?? 10_000),
    holdSeconds: Number(process.env.BENCH_HOLD_SECONDS ?? 30)
  }))
}
if (only.has('nat')) {
  printFigures('Paths to providers behind NATs (network namespaces with masquerading routers; curl in the gateway\'s home)', await natBench({
    ttfbSamples: Number(process.env.BENCH_NAT_TTFB_SAMPLES ?? 100),
    bulkMiB: Number(process.env.BENCH_NAT_BULK_MIB ?? 64),
    bulkRuns: 3
  }))
}
process.stdout.write(`\ndone in ${Math.round((Date.now() - started) / 1000)} s\n`)
