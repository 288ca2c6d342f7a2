import { spawn } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { ChildProcess } from 'node:child_process'

/** The built CLI. */
export const CLI = fileURLToPath(new URL('../../bin/peergrid.js', import.meta.url))

/** Starts `peergrid <args>`; stdout and stderr are piped. */
export function peergrid (args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
}

/** Resolves with the time (performance.now) at which `stream` first carries a chunk matching `pattern`. */
export async function whenOutput (child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = ''
    const timer = setTimeout(() => { reject(new Error(`no ${pattern} on ${stream} within ${timeoutMs} ms`)) }, timeoutMs)
    child[stream]?.on('data', (d: Buffer) => {
      buffered += d.toString()
      if (pattern.test(buffered)) {
        clearTimeout(timer)
        resolve(performance.now())
        buffered = ''
      }
    })
    child.once('exit', code => { clearTimeout(timer); reject(new Error(`exited with ${code}`)) })
  })
}

/** Sends SIGTERM and waits for the exit. */
export async function stop (child: ChildProcess): Promise<void> {
  if (child.exitCode != null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/**
 * CPU seconds a process has used, all threads, from /proc/<pid>/task/<tid>/schedstat
 * (Linux; its first field is on-CPU time in ns). /proc/<pid>/stat counts 10 ms
 * ticks, too coarse for an idle process over 30 s. Threads that ended are not counted.
 */
export async function cpuSeconds (pid: number): Promise<number> {
  let ns = 0
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const schedstat = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '0')
    ns += Number(schedstat.split(' ')[0])
  }
  return ns / 1e9
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export async function rssMiB (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN)
  return kb / 1024
}

/** Anonymous (private, not file-backed) memory of a process in MiB, from /proc (Linux): what it allocated itself, without the shared node binary's pages. */
export async function anonymousMiB (pid: number): Promise<number> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8')
  const kb = Number(/Anonymous:\s+(\d+) kB/.exec(rollup)?.[1] ?? NaN)
  return kb / 1024
}
