import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ChildProcess } from 'node:child_process'

/** The built CLI; `npm test` builds it before the tests run. */
export const CLI = fileURLToPath(new URL('../bin/peergrid.js', import.meta.url))

/** Fails loudly when the bundle is missing, instead of testing nothing. */
export function requireBuild (): void {
  if (!existsSync(new URL('../dist/peergrid.cjs', import.meta.url))) {
    throw new Error('dist/peergrid.cjs is missing: run `npm run build` (npm test does) before these tests')
  }
}

/** Result of a CLI run that ended by itself. */
export interface CliResult { code: number | null, stdout: string, stderr: string }

/** Runs `peergrid <args>` to completion, killing it after `timeoutMs`. */
export async function runCli (args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<CliResult> {
  const child = startCli(args, env)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
  const timer = setTimeout(() => { child.kill('SIGKILL') }, timeoutMs)
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
  clearTimeout(timer)
  return { code, stdout, stderr }
}

/** Starts `peergrid <args>`; the caller stops it. */
export function startCli (args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Resolves with the first stdout line of a running child. */
export async function firstLine (child: ChildProcess, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = ''
    const timer = setTimeout(() => { reject(new Error(`no line within ${timeoutMs} ms`)) }, timeoutMs)
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString()
      const newline = buffered.indexOf('\n')
      if (newline !== -1) { clearTimeout(timer); resolve(buffered.slice(0, newline)) }
    })
    child.once('exit', code => { clearTimeout(timer); reject(new Error(`exited with ${code} before printing a line`)) })
  })
}
