import { generateKeyPair } from '@libp2p/crypto/keys'
import { tcp } from '@libp2p/tcp'
import { lpStream } from '@libp2p/utils'
import { checkProposalAnswer, openOptimisticStream } from '../../protocols/common/index.js'
import { coalescedTcp } from '../../node/libp2p/coalesced-tcp.js'
import { createPeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import { ms, percentile } from './stats.js'
import type { Figure } from './stats.js'
import type { PeergridLibp2p } from '../../node/libp2p/create-libp2p.js'
import type { Connection } from '@libp2p/interface'

const ECHO = '/peergrid-bench/echo/1.0.0'
/** a ProxyOpen's size, give or take */
const MESSAGE_BYTES = 260

interface Variant {
  name: string
  transport: (components: any) => any
  nodes?: { a: PeergridLibp2p, b: PeergridLibp2p, connection: Connection }
  latencies: number[]
  cpuMs: number
}

/**
 * What coalescing libp2p's TCP writes (node/libp2p/coalesced-tcp.ts) saves
 * per stream: two nodes in this process on loopback TCP, each exchange a
 * new stream opened as the proxy opens one (proposal and message in one
 * flight), the listener's echo read back. @libp2p/tcp as shipped against
 * coalescedTcp, taking turns in rounds; latency and this process's CPU
 * per exchange (both nodes' work).
 */
export async function libp2pOpenBench (exchanges: number): Promise<Figure[]> {
  const variants: Variant[] = [
    { name: '@libp2p/tcp as shipped', transport: tcp(), latencies: [], cpuMs: 0 },
    { name: 'coalescedTcp', transport: coalescedTcp(), latencies: [], cpuMs: 0 }
  ]
  try {
    for (const variant of variants) {
      const make = async (): Promise<PeergridLibp2p> => createPeergridLibp2p({ privateKey: await generateKeyPair('Ed25519'), listen: ['/ip4/127.0.0.1/tcp/0'], transport: variant.transport, dhtServer: false, privateNetwork: true, gossip: false })
      const a = await make()
      const b = await make()
      await b.handle(ECHO, async (stream) => {
        const lp = lpStream(stream)
        await lp.write(await lp.read())
        await stream.close()
      }, { maxInboundStreams: 1024 })
      variant.nodes = { a, b, connection: await a.dial(b.getMultiaddrs()[0]!) }
    }
    const message = new Uint8Array(MESSAGE_BYTES).fill(7)
    const rounds = 10
    for (let round = 0; round < rounds; round++) {
      for (const variant of variants) {
        const { connection } = variant.nodes!
        const cpu = process.cpuUsage()
        for (let i = 0; i < exchanges / rounds; i++) {
          const started = performance.now()
          const { stream } = await openOptimisticStream(connection, ECHO, { maxOutboundStreams: 1024 })
          const lp = lpStream(stream)
          await lp.write(message)
          for (const index of [0, 1] as const) checkProposalAnswer((await lp.read()).subarray(), index, ECHO)
          if ((await lp.read()).byteLength !== MESSAGE_BYTES) throw new Error('the echo came back short')
          // the first round warms up
          if (round > 0) variant.latencies.push(performance.now() - started)
          await stream.close()
        }
        const used = process.cpuUsage(cpu)
        if (round > 0) variant.cpuMs += (used.user + used.system) / 1000
      }
    }
    const [shipped, coalesced] = variants as [Variant, Variant]
    const perExchange = (v: Variant): number => v.cpuMs / v.latencies.length
    return [
      { what: `stream open + first exchange p50 (${shipped.latencies.length} each, taking turns)`, value: ms(percentile(coalesced.latencies, 50)), baseline: ms(percentile(shipped.latencies, 50)), ratio: `${(percentile(coalesced.latencies, 50) / percentile(shipped.latencies, 50)).toFixed(2)}x` },
      { what: 'stream open + first exchange p99', value: ms(percentile(coalesced.latencies, 99)), baseline: ms(percentile(shipped.latencies, 99)), ratio: `${(percentile(coalesced.latencies, 99) / percentile(shipped.latencies, 99)).toFixed(2)}x` },
      { what: 'CPU per exchange (both nodes, this process)', value: `${perExchange(coalesced).toFixed(2)} CPU-ms`, baseline: `${perExchange(shipped).toFixed(2)} CPU-ms`, ratio: `${(perExchange(coalesced) / perExchange(shipped)).toFixed(2)}x` }
    ]
  } finally {
    for (const variant of variants) await Promise.all([variant.nodes?.a.stop(), variant.nodes?.b.stop()])
  }
}
