import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { stop, whenOutput } from './processes.js'
import type { ChildProcess } from 'node:child_process'

const SSHD = '/usr/sbin/sshd'
/** sshd and the tunnel are up within this time or the bench says why not */
const START_TIMEOUT_MS = 15_000

/** An `ssh -D` SOCKS5 tunnel through an sshd of its own on 127.0.0.1. */
export interface SshTunnel {
  /** the SOCKS5 proxy, "127.0.0.1:<port>" */
  socks: string
  /** the ssh client and every sshd process (the listener and its session's), for CPU figures */
  pids(): Promise<number[]>
  close(): Promise<void>
}

/**
 * Starts OpenSSH's sshd on a free loopback port with throwaway host and
 * client keys (nothing of this machine's ssh set-up is read or changed),
 * and `ssh -N -D` through it: the stretch baseline of the proxy bench, a
 * tunnel people already use. Resolves with why not when sshd is not
 * installed (Debian: openssh-server) or does not come up.
 */
export async function startSshTunnel (): Promise<SshTunnel | { unavailable: string }> {
  if (!existsSync(SSHD)) return { unavailable: `${SSHD} is not installed (Debian: apt-get install openssh-server)` }
  const dir = await mkdtemp(join(tmpdir(), 'peergrid-bench-ssh-'))
  const children: ChildProcess[] = []
  try {
    for (const key of ['host_key', 'client_key']) await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, key)])
    await copyFile(join(dir, 'client_key.pub'), join(dir, 'authorized_keys'))
    await chmod(join(dir, 'authorized_keys'), 0o600)
    // sshd refuses to start as root without its privilege separation directory
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 }).catch(() => {})
    const [port, socksPort] = [await freePort(), await freePort()]
    const config = join(dir, 'sshd_config')
    await writeFile(config, [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no',
      'KbdInteractiveAuthentication no', 'PermitRootLogin prohibit-password', 'AllowTcpForwarding yes', ''
    ].join('\n'))
    const sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
    children.push(sshd)
    await whenOutput(sshd, 'stderr', /Server listening/, START_TIMEOUT_MS)
    const ssh = spawn('ssh', ['-N', '-D', `127.0.0.1:${socksPort}`, '-i', join(dir, 'client_key'), '-p', String(port),
      '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes', '-o', 'LogLevel=ERROR',
      `${userInfo().username}@127.0.0.1`], { stdio: ['ignore', 'ignore', 'pipe'] })
    children.push(ssh)
    await listening(socksPort, ssh)
    return {
      socks: `127.0.0.1:${socksPort}`,
      pids: async () => [ssh.pid as number, ...await withDescendants(sshd.pid as number)],
      close: async () => {
        for (const child of children.reverse()) await stop(child)
        await rm(dir, { recursive: true, force: true })
      }
    }
  } catch (err: any) {
    for (const child of children.reverse()) await stop(child)
    await rm(dir, { recursive: true, force: true })
    return { unavailable: `the ssh tunnel did not come up: ${err.message}` }
  }
}

async function run (command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { stdio: 'ignore' })
  const code = await new Promise(resolve => child.once('exit', resolve))
  if (code !== 0) throw new Error(`${command} exited with ${code}`)
}

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

/** Waits until the tunnel's SOCKS port takes connections (bounded), or the ssh client exits. */
async function listening (port: number, ssh: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (ssh.exitCode != null) throw new Error(`ssh exited with ${ssh.exitCode}`)
    const open = await new Promise<boolean>(resolve => {
      const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true) })
      socket.once('error', () => { resolve(false) })
    })
    if (open) return
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`no SOCKS port within ${START_TIMEOUT_MS} ms`)
}

/** A process and all its descendants, from /proc/<pid>/task/<tid>/children (Linux). */
async function withDescendants (pid: number): Promise<number[]> {
  const all = [pid]
  for (let i = 0; i < all.length; i++) {
    const children = await readFile(`/proc/${all[i]}/task/${all[i]}/children`, 'utf8').catch(() => '')
    all.push(...children.split(' ').filter(Boolean).map(Number))
  }
  return all
}
