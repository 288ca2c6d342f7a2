import { execFile, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { ChildProcess } from 'node:child_process'

const run = promisify(execFile)

/**
 * How a home router translates: Linux masquerade as is (ports kept when
 * free), the same with a UPnP IGD / NAT-PMP server (miniupnpd) that
 * forwards ports on request, with random ports, or no NAT at all (a public
 * host).
 */
export type NatKind = 'port-restricted' | 'upnp' | 'symmetric' | 'none'

/** One home: a host behind its router. */
export interface LabHome {
  /** the host's namespace (`ip netns exec <ns>`) and address */
  ns: string
  ip: string
  /** the router's namespace and its public address (what the public side sees of the home), or the host's own when there is no NAT */
  router?: string
  publicIp: string
  nat: NatKind
}

/** A public network with homes behind NAT routers, all made by the test and removed by destroy(). */
export interface NatLab {
  /** this machine's address on the public network (where in-process nodes listen) */
  publicIp: string
  homes: LabHome[]
  /** starts a command inside a namespace */
  spawn(ns: string, command: string, args: string[]): ChildProcess
  /** runs a command inside a namespace to its end; answers its stdout */
  exec(ns: string, command: string, args: string[]): Promise<string>
  /** a router that reboots: its connection tracking flushed, its addresses kept */
  rebootRouter(home: LabHome): Promise<void>
  /** removes every namespace, link and rule the lab made; idempotent */
  destroy(): Promise<void>
}

/**
 * Builds real NATs in Linux network namespaces: a bridge in this
 * namespace is the "public" network, 11.N.0.0/24: a public range, because
 * libp2p (hole punching, address filters) treats every reserved range as
 * private; the route to it lives only as long as the lab, and nothing on
 * it is outside the namespaces the lab made. Each home is a host namespace
 * (10.M.N.2) behind a router namespace that forwards and masquerades with
 * nftables (`random,persistent`-free masquerade keeps source ports when it
 * can: a port-restricted cone in practice; `fully-random` picks a new
 * port per destination: symmetric), or, for a public host, a namespace on
 * the bridge itself. Needs root, iproute2 and nftables (CI installs them):
 * anything missing fails with a message that says so.
 */
export async function createNatLab (kinds: NatKind[]): Promise<NatLab> {
  if (process.getuid?.() !== 0) throw new Error('The NAT tests need root to create network namespaces (ip netns); CI runs as root')
  for (const tool of ['ip', 'nft', 'conntrack', ...(kinds.includes('upnp') ? ['miniupnpd'] : [])]) {
    try {
      await run('sh', ['-c', `command -v ${tool}`])
    } catch {
      throw new Error(`The NAT tests need ${tool} (apt-get install iproute2 nftables conntrack miniupnpd-nftables; .ci/run does)`)
    }
  }
  const n = 1 + (process.pid % 250)
  const tag = `pl${process.pid % 100_000}`
  const bridge = `${tag}br`
  const net = `11.${n}.0`
  const publicIp = `${net}.1`
  const namespaces: string[] = []
  const links: string[] = []
  const ip = async (...args: string[]): Promise<void> => { await run('ip', args) }
  const inNs = async (ns: string, command: string, args: string[]): Promise<string> => (await run('ip', ['netns', 'exec', ns, command, ...args])).stdout
  let destroyed = false
  const destroy = async (): Promise<void> => {
    if (destroyed) return
    destroyed = true
    for (const daemon of daemons) daemon.kill('SIGKILL')
    for (const ns of namespaces) await ip('netns', 'del', ns).catch(() => {})
    for (const link of links) await ip('link', 'del', link).catch(() => {})
  }
  const addNs = async (ns: string): Promise<void> => {
    await ip('netns', 'add', ns)
    namespaces.push(ns)
    await inNs(ns, 'ip', ['link', 'set', 'lo', 'up'])
  }
  /** a veth pair: `a` stays here (on the bridge when `bridged`), `b` goes into `ns` */
  const link = async (a: string, b: string, ns: string, bridged: boolean): Promise<void> => {
    await ip('link', 'add', a, 'type', 'veth', 'peer', 'name', b)
    links.push(a)
    await ip('link', 'set', b, 'netns', ns)
    if (bridged) await ip('link', 'set', a, 'master', bridge)
    await ip('link', 'set', a, 'up')
  }
  const homes: LabHome[] = []
  const daemons: ChildProcess[] = []
  try {
    await ip('link', 'add', bridge, 'type', 'bridge')
    links.push(bridge)
    await ip('addr', 'add', `${publicIp}/24`, 'dev', bridge)
    await ip('link', 'set', bridge, 'up')
    for (const [i, nat] of kinds.entries()) {
      const host = `${tag}h${i}`
      await addNs(host)
      if (nat === 'none') {
        // a public host: on the bridge itself
        const address = `${net}.${100 + i}`
        await link(`${tag}p${i}`, `${tag}q${i}`, host, true)
        await inNs(host, 'ip', ['addr', 'add', `${address}/24`, 'dev', `${tag}q${i}`])
        await inNs(host, 'ip', ['link', 'set', `${tag}q${i}`, 'up'])
        homes.push({ ns: host, ip: address, publicIp: address, nat })
        continue
      }
      const router = `${tag}r${i}`
      await addNs(router)
      const routerPublic = `${net}.${10 + i}`
      const home = `10.${20 + i}.${n}`
      // the router's public leg on the bridge, its home leg to the host
      await link(`${tag}w${i}`, `${tag}x${i}`, router, true)
      await inNs(router, 'ip', ['addr', 'add', `${routerPublic}/24`, 'dev', `${tag}x${i}`])
      await inNs(router, 'ip', ['link', 'set', `${tag}x${i}`, 'up'])
      await inNs(router, 'ip', ['link', 'add', `${tag}y${i}`, 'type', 'veth', 'peer', 'name', `${tag}z${i}`])
      await inNs(router, 'ip', ['link', 'set', `${tag}z${i}`, 'netns', host])
      await inNs(router, 'ip', ['addr', 'add', `${home}.1/24`, 'dev', `${tag}y${i}`])
      await inNs(router, 'ip', ['link', 'set', `${tag}y${i}`, 'up'])
      await inNs(host, 'ip', ['addr', 'add', `${home}.2/24`, 'dev', `${tag}z${i}`])
      await inNs(host, 'ip', ['link', 'set', `${tag}z${i}`, 'up'])
      await inNs(host, 'ip', ['route', 'add', 'default', 'via', `${home}.1`])
      await inNs(router, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1'])
      await run('sh', ['-c', `ip netns exec ${router} nft -f - <<'NFT'\n${routerRuleset(`${tag}x${i}`, nat)}\nNFT`])
      if (nat === 'upnp') daemons.push(await startMiniupnpd(router, `${tag}x${i}`, `${tag}y${i}`, `${home}.0/24`))
      homes.push({ ns: host, ip: `${home}.2`, router, publicIp: routerPublic, nat })
    }
  } catch (err: any) {
    await destroy()
    throw new Error(`Cannot build the NAT lab: ${err.stderr ?? err.message}`)
  }
  return {
    publicIp,
    homes,
    spawn: (ns, command, args) => spawn('ip', ['netns', 'exec', ns, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }),
    exec: inNs,
    rebootRouter: async (home) => {
      if (home.router == null) throw new Error('A public host has no router to reboot')
      await inNs(home.router, 'conntrack', ['-F']).catch((err: any) => { throw new Error(`conntrack -F failed: ${err.stderr ?? err.message}`) })
    },
    destroy
  }
}

/**
 * A home router's rules, in one inet table: masquerade on the public leg
 * (`fully-random` for a symmetric NAT) and a stateful firewall, so that
 * from outside only what answers a connection from inside gets in. A UPnP
 * router also jumps to the chains miniupnpd fills with the forwardings it
 * is asked for (its default names).
 */
function routerRuleset (wan: string, nat: NatKind): string {
  const upnp = nat === 'upnp'
  const fromOutside = `iifname "${wan}" ct state established,related accept;${upnp ? ` iifname "${wan}" jump miniupnpd;` : ''} iifname "${wan}" drop;`
  return `table inet filter {
  chain forward { type filter hook forward priority filter; ${fromOutside} }
  chain input { type filter hook input priority filter; iifname "${wan}" ct state established,related accept; iifname "${wan}" drop; }
  chain prerouting { type nat hook prerouting priority dstnat;${upnp ? ' jump prerouting_miniupnpd;' : ''} }
  chain postrouting { type nat hook postrouting priority srcnat; oifname "${wan}" ${nat === 'symmetric' ? 'masquerade fully-random' : 'masquerade'};${upnp ? ' jump postrouting_miniupnpd;' : ''} }
${upnp ? '  chain miniupnpd { }\n  chain prerouting_miniupnpd { }\n  chain postrouting_miniupnpd { }\n' : ''}}`
}

/** Starts miniupnpd in a router namespace: UPnP IGD and NAT-PMP for the home network, forwarding only to it. */
async function startMiniupnpd (router: string, wan: string, lan: string, home: string): Promise<ChildProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'peergrid-upnp-'))
  const config = join(dir, 'miniupnpd.conf')
  await writeFile(config, [
    `ext_ifname=${wan}`,
    `listening_ip=${lan}`,
    'port=0',
    'enable_natpmp=yes',
    'enable_upnp=yes',
    'secure_mode=yes',
    'system_uptime=yes',
    'upnp_table_name=filter',
    'upnp_nat_table_name=filter',
    `uuid=${randomUUID()}`,
    `allow 1024-65535 ${home} 1024-65535`,
    'deny 0-65535 0.0.0.0/0 0-65535',
    ''
  ].join('\n'))
  const daemon = spawn('ip', ['netns', 'exec', router, 'miniupnpd', '-d', '-f', config, '-P', join(dir, 'miniupnpd.pid')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  daemon.stderr?.on('data', (d: Buffer) => { log += d.toString() })
  // it is up once it listens for SSDP
  const until = Date.now() + 5_000
  while (!/HTTP listening|SSDP|Listening for NAT-PMP/i.test(log)) {
    if (daemon.exitCode != null || Date.now() > until) throw new Error(`miniupnpd did not start: ${log.slice(-500)}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  return daemon
}
