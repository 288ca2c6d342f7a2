import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CLI, requireBuild } from './cli.js'
import type { NatLab } from './nat-lab.js'
import type { ReadyInfo } from '../node/daemon/ready.js'
import type { ChildProcess } from 'node:child_process'

/** A peergrid daemon running inside a lab namespace. */
export interface LabNode {
  ns: string
  dataDir: string
  ready: ReadyInfo
  child: ChildProcess
  /** everything it logged so far (pino JSON lines) */
  log(): string
  /** the local API's answer to `GET path`, fetched from inside its namespace */
  api<T>(path: string): Promise<T>
  stop(): Promise<void>
}

/** Starts and stops peergrid daemons in the lab's namespaces, each with a data dir of its own under one temp dir. */
export interface LabNodes {
  start(ns: string, role: 'rendezvous' | 'provider' | 'gateway', args: string[]): Promise<LabNode>
  /** runs `peergrid <args>` inside a namespace to its end; its stdout */
  cli(ns: string, args: string[]): Promise<string>
  /** creates an account at a rendezvous (`peergrid account create`); a customer's gets `creditMicros` of credit */
  account(rendezvous: LabNode, role: 'provider' | 'customer', creditMicros?: number): Promise<{ account: string, enrollmentKey: string }>
  stopAll(): Promise<void>
}

/** How long a daemon may take to print its ready line (a provider behind a NAT waits for its dial-back to time out). */
const READY_TIMEOUT_MS = 40_000

export async function labNodes (lab: NatLab): Promise<LabNodes> {
  requireBuild()
  const home = await mkdtemp(join(tmpdir(), 'peergrid-nat-'))
  const nodes: LabNode[] = []
  let count = 0
  return {
    async start (ns, role, args) {
      const dataDir = join(home, `${role}-${count++}`)
      const child = lab.spawn(ns, process.execPath, [CLI, role, '--data-dir', dataDir, '--api-port', '0', '--json', '--log-level', process.env.NAT_LOG_LEVEL ?? 'info', ...args])
      let stderr = ''
      child.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
      const ready = await new Promise<ReadyInfo>((resolve, reject) => {
        let stdout = ''
        const timer = setTimeout(() => { reject(new Error(`${role} in ${ns}: no ready line within ${READY_TIMEOUT_MS} ms\n${stderr.slice(-3000)}`)) }, READY_TIMEOUT_MS)
        child.stdout?.on('data', (d: Buffer) => {
          stdout += d.toString()
          const newline = stdout.indexOf('\n')
          if (newline === -1) return
          clearTimeout(timer)
          try {
            resolve(JSON.parse(stdout.slice(0, newline)))
          } catch (err) {
            reject(err)
          }
        })
        child.once('exit', code => { clearTimeout(timer); reject(new Error(`${role} in ${ns} exited with ${code}\n${stderr.slice(-3000)}`)) })
      })
      let exited = false
      child.once('exit', () => { exited = true })
      const node: LabNode = {
        ns,
        dataDir,
        ready,
        child,
        log: () => stderr,
        api: async <T>(path: string): Promise<T> => {
          const { readFile } = await import('node:fs/promises')
          const token = (await readFile(join(dataDir, 'api-token'), 'utf8')).trim()
          const script = `fetch(${JSON.stringify(`${ready.api ?? ''}${path}`)},{headers:{authorization:'Bearer ${token}'}}).then(r=>r.text()).then(t=>process.stdout.write(t))`
          return JSON.parse(await lab.exec(ns, process.execPath, ['-e', script])) as T
        },
        stop: async () => {
          if (exited) return
          const gone = new Promise(resolve => child.once('exit', resolve))
          child.kill('SIGTERM')
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
          await gone
          clearTimeout(timer)
        }
      }
      nodes.push(node)
      return node
    },
    async cli (ns, args) {
      return await lab.exec(ns, process.execPath, [CLI, ...args])
    },
    async account (rendezvous, role, creditMicros) {
      const run = async (args: string[]): Promise<string> => await lab.exec(rendezvous.ns, process.execPath, [CLI, 'account', ...args, '--data-dir', rendezvous.dataDir])
      const created = JSON.parse(await run(['create', '--role', role, '--json'])) as { account: string, enrollmentKey: string }
      if (creditMicros != null) await run(['credit', created.account, String(creditMicros), '--reference', `lab-${created.account}`])
      return created
    },
    async stopAll () {
      await Promise.all(nodes.map(async node => { await node.stop() }))
      // NAT_LOG_DIR=<dir>: keep every node's log, to read after a failure
      if (process.env.NAT_LOG_DIR != null) {
        const { writeFile } = await import('node:fs/promises')
        await Promise.all(nodes.map(async (node, i) => { await writeFile(join(process.env.NAT_LOG_DIR as string, `${i}-${node.ready.role}-${node.ns}.log`), node.log()) }))
      }
      await rm(home, { recursive: true, force: true })
    }
  }
}
