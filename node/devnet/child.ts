import { spawn } from 'node:child_process'
import { openSync, closeSync, readFileSync } from 'node:fs'
import { CommandError } from '../cli/errors.js'
import { CHILD_READY_TIMEOUT_MS, CHILD_STOP_TIMEOUT_MS, MAX_READY_LINE_BYTES } from './constants.js'
import type { ReadyInfo } from '../daemon/ready.js'
import type { ChildProcess } from 'node:child_process'

/** One node of the devnet, running as its own OS process. */
export class DevnetChild {
  readonly name: string
  readonly logPath: string
  readonly process: ChildProcess
  readonly exited: Promise<number | null>
  private stopping = false

  /**
   * Starts `peergrid <args>` as a child: stdout carries its ready line, stderr
   * goes to `logPath`, and an IPC channel lets it notice when we die (even by
   * SIGKILL). It gets its own process group, so a terminal's Ctrl-C reaches
   * only the devnet, which then stops every child in order.
   */
  constructor (name: string, args: string[], logPath: string) {
    this.name = name
    this.logPath = logPath
    const log = openSync(logPath, 'a')
    try {
      this.process = spawn(process.execPath, [...process.execArgv, cliPath(), ...args], {
        stdio: ['ignore', 'pipe', log, 'ipc'],
        detached: true,
        env: { ...process.env, PEERGRID_CONFIG: '' }
      })
    } finally {
      closeSync(log)
    }
    this.exited = new Promise(resolve => { this.process.once('exit', code => { resolve(code) }) })
  }

  /** Resolves with the child's ready line, or rejects with the tail of its log if it exits or stalls first. */
  async ready (): Promise<ReadyInfo> {
    const stdout = this.process.stdout
    if (stdout == null) throw new Error('child has no stdout')
    return await new Promise<ReadyInfo>((resolve, reject) => {
      let buffered = ''
      const fail = (why: string): void => {
        cleanup()
        reject(new CommandError(`${this.name} ${why}.\n${this.logTail()}`))
      }
      const onData = (chunk: Buffer): void => {
        buffered += chunk.toString('utf8')
        if (buffered.length > MAX_READY_LINE_BYTES) { fail('printed an oversized ready line'); return }
        const newline = buffered.indexOf('\n')
        if (newline === -1) return
        cleanup()
        try {
          resolve(JSON.parse(buffered.slice(0, newline)) as ReadyInfo)
        } catch {
          reject(new CommandError(`${this.name} printed something other than its ready line: ${buffered.slice(0, 200)}`))
        }
        stdout.resume()
      }
      const onExit = (code: number | null): void => { fail(`exited (code ${code}) before it was ready`) }
      const timer = setTimeout(() => { fail(`was not ready within ${CHILD_READY_TIMEOUT_MS / 1000} s`) }, CHILD_READY_TIMEOUT_MS)
      const cleanup = (): void => {
        clearTimeout(timer)
        stdout.off('data', onData)
        this.process.off('exit', onExit)
      }
      stdout.on('data', onData)
      this.process.once('exit', onExit)
    })
  }

  /** True once stop() was called. */
  get stopRequested (): boolean {
    return this.stopping
  }

  /** SIGTERM, then SIGKILL if it has not exited within CHILD_STOP_TIMEOUT_MS. */
  async stop (): Promise<void> {
    this.stopping = true
    if (this.process.exitCode != null || this.process.signalCode != null) return
    this.process.kill('SIGTERM')
    const timer = setTimeout(() => { this.process.kill('SIGKILL') }, CHILD_STOP_TIMEOUT_MS)
    await this.exited
    clearTimeout(timer)
  }

  private logTail (): string {
    try {
      const lines = readFileSync(this.logPath, 'utf8').trim().split('\n').slice(-5)
      return `Last lines of ${this.logPath}:\n${lines.map(l => `  ${l}`).join('\n')}`
    } catch {
      return `(no log at ${this.logPath})`
    }
  }
}

/** The script that started this process, so children run the same build of peergrid. */
function cliPath (): string {
  const script = process.argv[1]
  if (script == null) throw new Error('Cannot tell which script started peergrid')
  return script
}
