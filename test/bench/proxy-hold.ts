import { readFile } from 'node:fs/promises'
import { SocksClient } from 'socks'
import { curl } from '../curl.js'
import { cpuSeconds } from './processes.js'
import { ms, percentile } from './stats.js'
import type { Figure } from './stats.js'
import type { Socket } from 'node:net'

const MiB = 1024 * 1024

/** Clients opening tunnels at once while the load builds up. */
const OPENERS = 50

/** A held tunnel sends a line and waits for its echo this often. */
const PING_INTERVAL_MS = 5_000

/** What the hold measures, and on what. */
export interface HoldInit {
  /** the gateway's SOCKS5 front, host:port */
  socks: string
  echoPort: number
  gatewayPid: number
  providerPid: number
  /** tunnels held at once, all through the one gateway and the one provider */
  concurrent: number
  holdSeconds: number
  /** a small fetch through the mesh, timed for first byte while the tunnels are held */
  probe: string[]
}

/**
 * Opens `concurrent` tunnels through one gateway and one provider to the
 * echo server, each sending a line every PING_INTERVAL_MS for `holdSeconds`,
 * and meanwhile times the first byte of fresh fetches through the same
 * gateway and provider. Reports the errors, the RSS each side grew by per
 * tunnel, and the first-byte percentiles under the load.
 */
export async function holdTunnels (init: HoldInit): Promise<Figure[]> {
  const [host, port] = [init.socks.split(':')[0] as string, Number(init.socks.split(':')[1])]
  const before = { gateway: await rssBytes(init.gatewayPid), provider: await rssBytes(init.providerPid) }
  const sockets: Socket[] = []
  let errors = 0
  let openFailures = 0
  const reasons = new Map<string, number>()
  let next = 0
  const opening = performance.now()
  await Promise.all(Array.from({ length: OPENERS }, async () => {
    while (next < init.concurrent) {
      next++
      try {
        const { socket } = await SocksClient.createConnection({ proxy: { host, port, type: 5 }, command: 'connect', destination: { host: '127.0.0.1', port: init.echoPort }, timeout: 30_000 })
        socket.on('error', () => { errors++ })
        sockets.push(socket)
      } catch (err: any) {
        openFailures++
        reasons.set(err.message, (reasons.get(err.message) ?? 0) + 1)
      }
    }
  }))
  const openSeconds = (performance.now() - opening) / 1000
  const open = { gateway: await rssBytes(init.gatewayPid), provider: await rssBytes(init.providerPid) }
  const cpuBefore = { gateway: await cpuSeconds(init.gatewayPid), provider: await cpuSeconds(init.providerPid) }
  const holdStarted = performance.now()
  const deadline = Date.now() + init.holdSeconds * 1000
  const ttfb: number[] = []
  let probeFailures = 0
  const probing = (async () => {
    while (Date.now() < deadline) {
      const result = await curl(['-o', '/dev/null', '-w', '%{time_starttransfer}', ...init.probe], 30_000)
      if (result.code === 0) ttfb.push(Number(result.stdout) * 1000)
      else probeFailures++
    }
  })()
  // each tunnel pings on its own phase of the interval, as independent customers would: a steady load, not bursts
  let pings = 0
  await Promise.all(sockets.map(async (socket, i) => {
    await sleep(Math.min(i * PING_INTERVAL_MS / sockets.length, Math.max(0, deadline - Date.now())))
    while (Date.now() < deadline) {
      const started = Date.now()
      if (await echo(socket, Buffer.from(`ping ${i} ${started}\n`))) pings++
      else errors++
      await sleep(Math.max(0, Math.min(started + PING_INTERVAL_MS, deadline) - Date.now()))
    }
  }))
  await probing
  const heldSeconds = (performance.now() - holdStarted) / 1000
  const busy = (side: 'gateway' | 'provider', cpu: number): string => `${(100 * (cpu - cpuBefore[side]) / heldSeconds).toFixed(0)} % of a core`
  const cpuHeld = { gateway: busy('gateway', await cpuSeconds(init.gatewayPid)), provider: busy('provider', await cpuSeconds(init.providerPid)) }
  const held = { gateway: await rssBytes(init.gatewayPid), provider: await rssBytes(init.providerPid) }
  for (const socket of sockets) socket.destroy()
  const perTunnel = (side: 'gateway' | 'provider'): string => `${((Math.max(open[side], held[side]) - before[side]) / Math.max(1, sockets.length) / 1024).toFixed(1)} KiB`
  return [
    { what: `tunnels held ${init.holdSeconds} s through one gateway and one provider, a line echoed by each every ${PING_INTERVAL_MS / 1000} s`, value: `${sockets.length} of ${init.concurrent} open in ${openSeconds.toFixed(1)} s`, goal: '10,000' },
    { what: 'errors while held (open failures + socket errors + missed echoes)', value: `${openFailures + errors} (${pings} echoes ok)${reasons.size > 0 ? `; open failures: ${[...reasons].map(([m, n]) => `${n}× ${m}`).join(', ')}` : ''}`, goal: '0' },
    { what: 'RSS per held tunnel: gateway', value: perTunnel('gateway'), baseline: `gateway RSS ${(before.gateway / MiB).toFixed(0)} MiB before` },
    { what: 'RSS per held tunnel: provider', value: perTunnel('provider'), baseline: `provider RSS ${(before.provider / MiB).toFixed(0)} MiB before` },
    { what: `CPU while held, ${(sockets.length / (PING_INTERVAL_MS / 1000)).toFixed(0)} echoes a second`, value: `gateway ${cpuHeld.gateway}, provider ${cpuHeld.provider}` },
    { what: `time to first byte of a new connection while they are held (${ttfb.length} fetches, ${probeFailures} failed)`, value: `p50 ${ms(percentile(ttfb, 50))}, p99 ${ms(percentile(ttfb, 99))}` }
  ]
}

/** Sends `message` and waits (up to 10 s) for it to come back whole. */
async function echo (socket: Socket, message: Buffer): Promise<boolean> {
  return new Promise<boolean>(resolve => {
    let got = Buffer.alloc(0)
    const timer = setTimeout(() => { done(false) }, 10_000)
    const onData = (chunk: Buffer): void => {
      got = Buffer.concat([got, chunk])
      if (got.byteLength >= message.byteLength) done(got.equals(message))
    }
    const done = (ok: boolean): void => {
      clearTimeout(timer)
      socket.off('data', onData)
      resolve(ok)
    }
    socket.on('data', onData)
    socket.write(message)
  })
}

async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

async function rssBytes (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
}
