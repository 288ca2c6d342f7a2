import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Another host for a test: a network namespace joined to this one by a veth pair. */
export interface NetnsHost {
  /** the namespace's name, for `ip netns exec <name>` */
  name: string
  /** this machine's address on the link */
  hostIp: string
  /** the namespace's address on the link: a client that is not loopback */
  clientIp: string
  /** the link's CIDR */
  subnet: string
  /** runs a command inside the namespace */
  prefix: string[]
  /** removes the namespace and the link; idempotent */
  destroy(): Promise<void>
}

/**
 * Creates a network namespace with a /30 link to this one (10.213.N.0/30,
 * N from the process id), so a test can reach this machine from an address
 * that is not loopback. Needs root and iproute2, as CI has; fails loudly
 * otherwise.
 */
export async function createNetnsHost (): Promise<NetnsHost> {
  if (process.getuid?.() !== 0) throw new Error('This test needs root to create a network namespace (ip netns); CI runs as root')
  const n = process.pid % 250
  const name = `pg-test-${process.pid}`
  const hostSide = `pgh${process.pid % 100_000}`
  const nsSide = `pgn${process.pid % 100_000}`
  const hostIp = `10.213.${n}.1`
  const clientIp = `10.213.${n}.2`
  const ip = async (...args: string[]): Promise<void> => { await run('ip', args) }
  let destroyed = false
  const destroy = async (): Promise<void> => {
    if (destroyed) return
    destroyed = true
    await ip('netns', 'del', name).catch(() => {})
    await ip('link', 'del', hostSide).catch(() => {})
  }
  try {
    await ip('netns', 'add', name)
    await ip('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', nsSide)
    await ip('link', 'set', nsSide, 'netns', name)
    await ip('addr', 'add', `${hostIp}/30`, 'dev', hostSide)
    await ip('link', 'set', hostSide, 'up')
    await ip('netns', 'exec', name, 'ip', 'addr', 'add', `${clientIp}/30`, 'dev', nsSide)
    await ip('netns', 'exec', name, 'ip', 'link', 'set', nsSide, 'up')
    await ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up')
  } catch (err: any) {
    await destroy()
    throw new Error(`Cannot create the test network namespace: ${err.stderr ?? err.message}`)
  }
  return { name, hostIp, clientIp, subnet: `10.213.${n}.0/30`, prefix: ['ip', 'netns', 'exec', name], destroy }
}
