import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { firstLine } from '../cli.js'
import { curl } from '../curl.js'
import { cpuSeconds, peergrid, stop } from './processes.js'
import { holdTunnels } from './proxy-hold.js'
import { startSshTunnel } from './ssh-tunnel.js'
import { ms, percentile } from './stats.js'
import type { Figure } from './stats.js'
import type { ChildProcess } from 'node:child_process'

const MiB = 1024 * 1024

/** What the proxy bench does; every loop is bounded. */
export interface ProxyBenchInit {
  /** bytes per bulk download (default 256 MiB) */
  bulkBytes: number
  /** bulk downloads per path (median reported) */
  bulkRuns: number
  /** small requests per path for time to first byte */
  ttfbSamples: number
  /** concurrent proxied connections held open */
  concurrent: number
  /** how long they are held, seconds */
  holdSeconds: number
}

interface Paths {
  direct: string[]
  plain: string[]
  mesh: string[]
}

/** The paths of the first-byte figures: those above, and the mesh of a gateway without ready streams (--no-ready-streams). */
interface TtfbPaths extends Paths {
  unready: string[]
}

/**
 * Proxy throughput, CPU cost, time to first byte and concurrent connections,
 * for (a) direct, (b) a plain Node SOCKS5 relay without libp2p (our SOCKS
 * front connecting straight out), (c) the mesh: the devnet's gateway and one
 * provider, each its own process. The client is curl (or Node's `socks`
 * client for the concurrency run); the destination is its own process too.
 */
export async function proxyBench (init: ProxyBenchInit): Promise<Figure[]> {
  const children: ChildProcess[] = []
  const home = await mkdtemp(join(tmpdir(), 'peergrid-bench-'))
  try {
    const target = JSON.parse(await firstLine(spawnTsx('target-server.ts', children))) as { http: number, echo: number }
    const plainPort = Number(await firstLine(spawnTsx('plain-relay.ts', children)))
    const plainPid = children[1]!.pid as number
    const devnet = peergrid(['devnet', '--json', '--providers', '1', '--exit-allow', '127.0.0.0/8', '--log-level', 'warn'], {
      PEERGRID_HOME: home,
      PEERGRID_MAX_PROXY_STREAMS: String(init.concurrent + 100),
      PEERGRID_MAX_PROXY_STREAMS_PER_CUSTOMER: String(init.concurrent + 100)
    })
    children.push(devnet)
    const ready = JSON.parse(await firstLine(devnet, 60_000))
    const gatewayPid = JSON.parse(await readFile(join(ready.dataDir, 'gateway', 'api.json'), 'utf8')).pid as number
    const providerPid = ready.providers[0].pid as number
    const paths: Paths = { direct: [], plain: ['--socks5-hostname', `127.0.0.1:${plainPort}`], mesh: ['-x', `socks5h://${ready.socks}`] }
    const url = (bytes: number): string => `http://127.0.0.1:${target.http}/bytes/${bytes}`

    // warm up every path (and the mesh connection)
    for (const args of Object.values(paths)) await curl([...args, '-o', '/dev/null', url(MiB)])

    const figures: Figure[] = []
    // the stretch baseline: an OpenSSH `ssh -D` tunnel on this machine, when sshd is installed
    const ssh = await startSshTunnel()
    const sshPaths = 'socks' in ssh ? { ssh: ['--socks5-hostname', ssh.socks] } : {}
    const sshPids = 'socks' in ssh ? { ssh: await ssh.pids() } : {}
    const bulk = await interleavedBulk<keyof Paths | 'ssh'>({ ...paths, ...sshPaths } as Record<keyof Paths | 'ssh', string[]>, { plain: [plainPid], mesh: [gatewayPid, providerPid], ...sshPids }, url(init.bulkBytes), init)
      .finally(async () => { if ('socks' in ssh) await ssh.close() })
    // the same mesh without metering, in the same run: a devnet whose gateway signs no receipt and whose exits do not ask for any
    const unmetered = await unmeteredBulk(url(init.bulkBytes), init, children)
    const mib = (v: number): string => `${v.toFixed(0)} MiB/s`
    figures.push(
      { what: `bulk download, direct (median of ${init.bulkRuns}, paths taking turns × ${init.bulkBytes / MiB} MiB, curl)`, value: mib(bulk.direct.mibps) },
      { what: 'bulk download, plain Node SOCKS5 relay', value: mib(bulk.plain.mibps), baseline: mib(bulk.direct.mibps), ratio: `${(bulk.plain.mibps / bulk.direct.mibps).toFixed(2)}x` },
      { what: 'bulk download, mesh (gateway → libp2p → provider)', value: mib(bulk.mesh.mibps), baseline: mib(bulk.plain.mibps), ratio: `${(bulk.mesh.mibps / bulk.plain.mibps).toFixed(2)}x`, goal: '≥ 0.5x plain relay' },
      { what: 'CPU per GiB, plain relay process', value: `${bulk.plain.cpuPerGiB?.toFixed(2)} CPU-s` },
      { what: 'CPU per GiB, mesh (gateway + provider)', value: `${bulk.mesh.cpuPerGiB?.toFixed(2)} CPU-s`, baseline: `${bulk.plain.cpuPerGiB?.toFixed(2)} CPU-s`, ratio: `${((bulk.mesh.cpuPerGiB ?? 0) / (bulk.plain.cpuPerGiB ?? 1)).toFixed(1)}x`, goal: '≤ 3x plain relay' },
      ...('socks' in ssh
        ? [
            { what: 'bulk download, mesh against an ssh -D tunnel (OpenSSH on loopback, its default cipher)', value: mib(bulk.mesh.mibps), baseline: mib(bulk.ssh.mibps), ratio: `${(bulk.mesh.mibps / bulk.ssh.mibps).toFixed(2)}x`, goal: 'stretch: ≥ 1x' },
            { what: 'CPU per GiB, mesh against the ssh tunnel (ssh + sshd)', value: `${bulk.mesh.cpuPerGiB?.toFixed(2)} CPU-s`, baseline: `${bulk.ssh.cpuPerGiB?.toFixed(2)} CPU-s`, ratio: `${((bulk.mesh.cpuPerGiB ?? 0) / (bulk.ssh.cpuPerGiB ?? 1)).toFixed(1)}x` }
          ]
        : [{ what: 'bulk download against an ssh -D tunnel', value: `not measured: ${ssh.unavailable}` }]),
      { what: 'bulk download, mesh with metering (receipts every MiB) against without', value: mib(bulk.mesh.mibps), baseline: mib(unmetered.mibps), ratio: `${(bulk.mesh.mibps / unmetered.mibps).toFixed(2)}x` },
      { what: 'CPU per GiB, mesh with metering against without', value: `${bulk.mesh.cpuPerGiB?.toFixed(2)} CPU-s`, baseline: `${unmetered.cpuPerGiB.toFixed(2)} CPU-s`, ratio: `${((bulk.mesh.cpuPerGiB ?? 0) / unmetered.cpuPerGiB).toFixed(2)}x` }
    )

    figures.push(...await firstByte(paths, { plain: [plainPid], mesh: [gatewayPid, providerPid] }, url(1), init, children))

    figures.push(...await holdTunnels({ socks: ready.socks, echoPort: target.echo, gatewayPid, providerPid, concurrent: init.concurrent, holdSeconds: init.holdSeconds, probe: [...paths.mesh, url(1)] }))
    await stop(devnet)
    return figures
  } finally {
    for (const child of children) child.kill('SIGTERM')
    await rm(home, { recursive: true, force: true })
  }
}

/**
 * Time to first byte of a small request on each path, the paths taking
 * turns, curl's own clock; beside the mesh, the same mesh through a second
 * devnet whose gateway keeps no stream ready (the gain of ready streams,
 * measured in the same run). CPU per request of the mesh's two nodes too.
 */
async function firstByte (paths: Paths, pids: { plain: number[], mesh: number[] }, url: string, init: ProxyBenchInit, children: ChildProcess[]): Promise<Figure[]> {
  const home = await mkdtemp(join(tmpdir(), 'peergrid-bench-unready-'))
  const devnet = peergrid(['devnet', '--json', '--providers', '1', '--exit-allow', '127.0.0.0/8', '--log-level', 'warn'], { PEERGRID_HOME: home, PEERGRID_READY_STREAMS: 'false' })
  children.push(devnet)
  try {
    const ready = JSON.parse(await firstLine(devnet, 60_000))
    const all: TtfbPaths = { ...paths, unready: ['-x', `socks5h://${ready.socks}`] }
    await curl([...all.unready, '-o', '/dev/null', url])
    const unreadyPids = [JSON.parse(await readFile(join(ready.dataDir, 'gateway', 'api.json'), 'utf8')).pid as number, ready.providers[0].pid as number]
    const ttfb: Record<keyof TtfbPaths, number[]> = { direct: [], plain: [], mesh: [], unready: [] }
    // each path's own processes serve only its requests: their CPU over the loop, per request
    const cpuBefore = await Promise.all([pids.plain, pids.mesh, unreadyPids].map(sumCpu))
    for (let i = 0; i < init.ttfbSamples; i++) {
      for (const [name, args] of Object.entries(all) as Array<[keyof TtfbPaths, string[]]>) {
        const result = await curl([...args, '-o', '/dev/null', '-w', '%{time_starttransfer}', url])
        if (result.code === 0) ttfb[name].push(Number(result.stdout) * 1000)
      }
    }
    const cpuAfter = await Promise.all([pids.plain, pids.mesh, unreadyPids].map(sumCpu))
    const [plainCpu, meshCpu, unreadyCpu] = [0, 1, 2].map(i => ((cpuAfter[i] as number) - (cpuBefore[i] as number)) * 1000 / init.ttfbSamples) as [number, number, number]
    const figures: Figure[] = [
      { what: 'CPU per small proxied request: mesh (gateway + provider) against the plain relay', value: `${meshCpu.toFixed(1)} CPU-ms`, baseline: `${plainCpu.toFixed(1)} CPU-ms`, ratio: `${(meshCpu / plainCpu).toFixed(1)}x` },
      { what: 'CPU per small proxied request: mesh against a gateway without ready streams', value: `${meshCpu.toFixed(1)} CPU-ms`, baseline: `${unreadyCpu.toFixed(1)} CPU-ms`, ratio: `${(meshCpu / unreadyCpu).toFixed(2)}x` }
    ]
    for (const p of [50, 99]) {
      const [direct, plain, mesh, unready] = [percentile(ttfb.direct, p), percentile(ttfb.plain, p), percentile(ttfb.mesh, p), percentile(ttfb.unready, p)]
      figures.push({
        what: `time to first byte p${p} (${init.ttfbSamples} requests): mesh, added over plain relay`,
        value: `${ms(mesh)} (+${ms(mesh - plain)})`,
        baseline: `plain ${ms(plain)}, direct ${ms(direct)}`,
        goal: p === 50 ? 'added ≤ 1 ms' : undefined
      }, {
        what: `time to first byte p${p}: mesh against a gateway without ready streams (--no-ready-streams)`,
        value: ms(mesh),
        baseline: ms(unready),
        ratio: `${(mesh / unready).toFixed(2)}x`
      })
    }
    return figures
  } finally {
    await stop(devnet)
    await rm(home, { recursive: true, force: true })
  }
}

/** Bulk downloads through a second devnet without metering (its gateway signs no receipt; its exits allow 1 TiB unreceipted); stops it after. */
async function unmeteredBulk (url: string, init: ProxyBenchInit, children: ChildProcess[]): Promise<{ mibps: number, cpuPerGiB: number }> {
  const home = await mkdtemp(join(tmpdir(), 'peergrid-bench-unmetered-'))
  const devnet = peergrid(['devnet', '--json', '--providers', '1', '--exit-allow', '127.0.0.0/8', '--log-level', 'warn'], {
    PEERGRID_HOME: home,
    PEERGRID_METERING: 'false',
    PEERGRID_MAX_UNRECEIPTED_BYTES: String(1024 ** 4)
  })
  children.push(devnet)
  try {
    const ready = JSON.parse(await firstLine(devnet, 60_000))
    const pids = [JSON.parse(await readFile(join(ready.dataDir, 'gateway', 'api.json'), 'utf8')).pid as number, ready.providers[0].pid as number]
    const args = ['-x', `socks5h://${ready.socks}`]
    await curl([...args, '-o', '/dev/null', url.replace(/\d+$/, String(MiB))])
    const cpuBefore = await sumCpu(pids)
    const speeds: number[] = []
    for (let run = 0; run < init.bulkRuns; run++) {
      const result = await curl([...args, '-o', '/dev/null', '-w', '%{speed_download} %{size_download}', url], 300_000)
      const [speed, size] = result.stdout.split(' ').map(Number)
      if (result.code !== 0 || size !== init.bulkBytes) throw new Error(`bulk download over the unmetered mesh failed: curl ${result.code} ${result.stderr}`)
      speeds.push(speed as number / MiB)
    }
    const cpu = await sumCpu(pids) - cpuBefore
    return { mibps: percentile(speeds, 50), cpuPerGiB: cpu / (init.bulkRuns * init.bulkBytes / (1024 * MiB)) }
  } finally {
    await stop(devnet)
    await rm(home, { recursive: true, force: true })
  }
}

/**
 * Bulk downloads over every path, the paths taking turns in each round (a
 * baseline measured in one stretch and the mesh in another drift apart on a
 * shared machine: one run saw the plain relay from 225 to 944 MiB/s).
 * Median speed, and CPU per GiB of each path's own processes over all rounds.
 */
async function interleavedBulk<K extends string> (paths: Record<K, string[]>, pids: Partial<Record<K, number[]>>, url: string, init: ProxyBenchInit): Promise<Record<K, { mibps: number, cpuPerGiB?: number }>> {
  const names = Object.keys(paths) as K[]
  const speeds = new Map<K, number[]>(names.map(name => [name, []]))
  const cpu = new Map<K, number>(names.map(name => [name, 0]))
  for (let run = 0; run < init.bulkRuns; run++) {
    for (const name of names) {
      const before = await sumCpu(pids[name] ?? [])
      const result = await curl([...paths[name], '-o', '/dev/null', '-w', '%{speed_download} %{size_download}', url], 300_000)
      cpu.set(name, (cpu.get(name) as number) + await sumCpu(pids[name] ?? []) - before)
      const [speed, size] = result.stdout.split(' ').map(Number)
      if (result.code !== 0 || size !== init.bulkBytes) throw new Error(`bulk download over ${name} failed: curl ${result.code} ${result.stderr}`)
      speeds.get(name)?.push(speed as number / MiB)
    }
  }
  const gib = init.bulkRuns * init.bulkBytes / (1024 * MiB)
  return Object.fromEntries(names.map(name => [name, {
    mibps: percentile(speeds.get(name) as number[], 50),
    ...(pids[name] != null ? { cpuPerGiB: (cpu.get(name) as number) / gib } : {})
  }])) as Record<K, { mibps: number, cpuPerGiB?: number }>
}

async function sumCpu (pids: number[]): Promise<number> {
  let total = 0
  for (const pid of pids) total += await cpuSeconds(pid)
  return total
}

function spawnTsx (script: string, children: ChildProcess[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(child)
  return child
}
