// The proxy's three paths to a provider behind a NAT, in the NAT lab (network
// namespaces with real masquerading routers; needs root, as CI has): time to
// first byte and throughput through a public provider (direct), a provider
// behind a port-keeping NAT (hole-punched) and one behind a symmetric NAT
// (relayed through a rendezvous that carries data), each against curl
// fetching the same URL straight from the gateway's home (no proxy).
import { curl } from '../curl.js'
import { startFileServer } from '../file-server.js'
import { createNatLab } from '../nat-lab.js'
import { labNodes } from '../nat-nodes.js'
import { waitFor } from '../helpers.js'
import { ms, percentile } from './stats.js'
import type { Figure } from './stats.js'
import type { ProviderView } from '../../node/gateway/api.js'

const MIB = 1024 * 1024
const RENDEZVOUS_PORT = 4001

export async function natBench (options: { ttfbSamples: number, bulkMiB: number, bulkRuns: number }): Promise<Figure[]> {
  const lab = await createNatLab(['none', 'port-restricted', 'port-restricted', 'symmetric', 'none'])
  const nodes = await labNodes(lab)
  const files = await startFileServer(lab.publicIp)
  try {
    const [r, homeA, homeB, symmetric, open] = lab.homes as [typeof lab.homes[0], typeof lab.homes[0], typeof lab.homes[0], typeof lab.homes[0], typeof lab.homes[0]]
    const rendezvous = await nodes.start(r!.ns, 'rendezvous', ['--listen', `/ip4/0.0.0.0/tcp/${RENDEZVOUS_PORT}`, '--relay-data', '--relay-max-bytes', String(64 * 1024 * MIB)])
    const bootstrap = `/ip4/${r!.ip}/tcp/${RENDEZVOUS_PORT}/p2p/${rendezvous.ready.peerId}`
    const customer = await nodes.account(rendezvous, 'customer', 1_000_000_000_000)
    const providerKey = (await nodes.account(rendezvous, 'provider')).enrollmentKey
    const trust = ['--trust', rendezvous.ready.credentialKeyId as string, '--bootstrap', bootstrap]
    const provider = (country: string): string[] => ['--country', country, '--enroll', providerKey, ...trust]
    const [gateway] = await Promise.all([
      nodes.start(homeB!.ns, 'gateway', ['--enroll', customer.enrollmentKey, ...trust, '--socks-port', '1080']),
      nodes.start(homeA!.ns, 'provider', provider('DE')),
      nodes.start(symmetric!.ns, 'provider', provider('NL')),
      nodes.start(open!.ns, 'provider', provider('US'))
    ])
    const inHomeB = ['ip', 'netns', 'exec', homeB!.ns]
    const via = (country?: string): string[] => country == null ? [] : ['--socks5-hostname', '127.0.0.1:1080', '-U', `country-${country}:x`]
    const ttfb = async (country?: string): Promise<number[]> => {
      const samples: number[] = []
      for (let i = 0; i < options.ttfbSamples; i++) {
        const got = await curl([...via(country), '-o', '/dev/null', '-w', '%{time_starttransfer}', files.url(1024)], 30_000, inHomeB)
        if (got.code !== 0) throw new Error(`curl via ${country ?? 'no proxy'} failed: ${got.stderr}`)
        samples.push(Number(got.stdout) * 1000)
      }
      return samples
    }
    const throughput = async (country?: string): Promise<number> => {
      const rates: number[] = []
      for (let i = 0; i < options.bulkRuns; i++) {
        const started = performance.now()
        const got = await curl([...via(country), files.url(options.bulkMiB * MIB)], 300_000, inHomeB)
        if (got.bytes !== options.bulkMiB * MIB) throw new Error(`bulk via ${country ?? 'no proxy'}: ${got.bytes} bytes (${got.stderr})`)
        rates.push(options.bulkMiB / ((performance.now() - started) / 1000))
      }
      return percentile(rates, 50)
    }
    for (const country of ['DE', 'NL', 'US']) {
      await waitFor(async () => (await gateway.api<{ providers: ProviderView[] }>(`/api/providers?country=${country}`)).providers.length > 0, `the gateway to learn of the ${country} provider`, 60_000)
    }
    // warm every path (the punch, the relayed connection) before measuring: the first opens may come before the nodes checked their reachability
    for (const country of ['de', 'nl', 'us']) {
      await waitFor(async () => (await curl([...via(country), '-o', '/dev/null', files.url(1024)], 30_000, inHomeB)).code === 0, `a first fetch through the ${country} provider`, 90_000, 1_000)
    }
    const paths: Record<string, string> = {}
    for (const country of ['DE', 'NL', 'US']) {
      const [seen] = (await gateway.api<{ providers: ProviderView[] }>(`/api/providers?country=${country}`)).providers
      paths[country] = seen?.path?.path ?? 'unknown'
    }
    const baseTtfb = await ttfb()
    const baseRate = await throughput()
    const figures: Figure[] = []
    for (const [country, label] of [['us', 'public provider'], ['de', 'behind a port-keeping NAT'], ['nl', 'behind a symmetric NAT']] as const) {
      const path = paths[country.toUpperCase()] ?? 'unknown'
      let samples: number[]
      let rate: number
      try {
        samples = await ttfb(country)
        rate = await throughput(country)
      } catch (err: any) {
        // a path that fails is a finding: reported, and the other paths still measured
        figures.push({ what: `${label} (${path})`, value: `failed: ${String(err.message).split('\n')[0]}` })
        continue
      }
      figures.push({
        what: `time to first byte, ${label} (${path}): p50 (p99) of ${options.ttfbSamples}, against curl without a proxy`,
        value: `${ms(percentile(samples, 50))} (${ms(percentile(samples, 99))})`,
        baseline: `${ms(percentile(baseTtfb, 50))} (${ms(percentile(baseTtfb, 99))})`,
        ratio: `+${ms(percentile(samples, 50) - percentile(baseTtfb, 50))}`
      })
      figures.push({
        what: `${options.bulkMiB} MiB, ${label} (${path}): median of ${options.bulkRuns}, against curl without a proxy`,
        value: `${rate.toFixed(0)} MiB/s`,
        baseline: `${baseRate.toFixed(0)} MiB/s`,
        ratio: `${(rate / baseRate).toFixed(2)}x`
      })
    }
    return figures
  } finally {
    await nodes.stopAll()
    await files.close()
    await lab.destroy()
  }
}
