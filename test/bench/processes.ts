import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
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

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
export async function cpuSeconds (pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (USER_HZ = 100 on Linux)
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export async function rssMiB (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN)
  return kb / 1024
}
