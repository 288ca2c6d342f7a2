import { fork } from 'node:child_process'
import { createHash } from 'node:crypto'
import { setPriority } from 'node:os'
import { DEFAULT_JOB_NICE, DEFAULT_MAX_CONCURRENT_JOBS, MAX_QUEUED_JOBS, SANDBOX_HEAP_MB, SANDBOX_START_TIMEOUT_MS } from './constants.js'
import { JobCancelledError, JobTimeoutError, JobsBusyError, SandboxFailedError } from './errors.js'
import type { SandboxMessage, SandboxRequest } from './messages.js'
import type { JobInput, JobOutcome } from '../../../protocols/job/sandbox/run.js'
import type { AbortOptions, Startable } from '@libp2p/interface'
import type { ChildProcess } from 'node:child_process'
import type { Logger } from 'pino'

/** How to start a sandbox process: a script and the Node options to run it with. */
export interface SandboxCommand {
  modulePath: string
  args?: string[]
  execArgv?: string[]
}

/** What the job runner is built from. */
export interface JobRunnerInit {
  command: SandboxCommand
  /** jobs at once, one sandbox process each (default DEFAULT_MAX_CONCURRENT_JOBS) */
  maxConcurrent?: number
  /** niceness of the sandbox processes, 0-19 (default DEFAULT_JOB_NICE) */
  nice?: number
  logger?: Logger
}

/** A job's run: its outcome and what it used. */
export interface JobRun {
  outcome: JobOutcome
  /** CPU time of the sandbox process while it ran the job (user + system) */
  cpuMs: number
  wallMs: number
  /** true when the deadline stopped it */
  timedOut: boolean
}

interface Sandbox {
  child: ChildProcess
  ready: Promise<void>
  busy: boolean
}

interface Waiting {
  hash: string
  module: Uint8Array
  input: JobInput
  timeoutMs: number
  onStart?(): void
  signal?: AbortSignal
  resolve(run: JobRun): void
  reject(err: Error): void
}

/**
 * Runs jobs in warm sandbox processes (a fresh process costs ~100 ms; one
 * that ran a job is reused, one that was killed is replaced): one job per
 * process at a time, at most `maxConcurrent` at once, a bounded queue, each
 * process niced so that the provider's proxy keeps its speed. A job past its
 * wall-time limit gets its process killed (SIGKILL: a loop in WebAssembly
 * does not yield). A process is a stronger wall than a worker thread: a
 * job's memory, a crash or a V8 bug stays in it.
 */
export class JobRunner implements Startable {
  private readonly init: JobRunnerInit
  private readonly sandboxes: Sandbox[] = []
  private readonly queue: Waiting[] = []
  private nextId = 0
  private running = false
  /** false when relaxed SIMD could not be switched off in the sandboxes (reported once) */
  relaxedSimdOff = true
  /** the owner's shares: jobs running at once (at most maxConcurrent) and the memory they may hold together */
  private shares = { concurrent: Infinity, memoryBytes: Infinity }
  /** memory the running jobs asked for */
  private reservedMemory = 0

  constructor (init: JobRunnerInit) {
    this.init = init
  }

  get maxConcurrent (): number {
    return Math.max(1, this.init.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_JOBS)
  }

  /**
   * Sets the owner's shares of the machine, without a restart: at most
   * `concurrent` jobs at once (never more than maxConcurrent sandboxes) and
   * at most `memoryBytes` asked for by the jobs running together. Running
   * jobs finish; waiting ones start as the shares allow.
   */
  setShares (shares: { concurrent: number, memoryBytes: number }): void {
    this.shares = { concurrent: Math.max(1, shares.concurrent), memoryBytes: shares.memoryBytes }
    this.next()
  }

  /** The shares in force: jobs at once, and the memory they may hold together. */
  get limits (): { concurrent: number, memoryBytes: number } {
    return { concurrent: Math.min(this.maxConcurrent, this.shares.concurrent), memoryBytes: this.shares.memoryBytes }
  }

  /** Jobs running now and waiting. */
  get load (): { running: number, queued: number } {
    return { running: this.sandboxes.filter(s => s.busy).length, queued: this.queue.length }
  }

  start (): void {
    if (this.running) return
    this.running = true
    // warm, without holding up the provider's start: a job waits for its sandbox's ready message
    for (let i = 0; i < this.maxConcurrent; i++) this.sandboxes.push(this.spawn())
  }

  stop (): void {
    if (!this.running) return
    this.running = false
    for (const waiting of this.queue.splice(0)) waiting.reject(new SandboxFailedError('The provider is stopping'))
    for (const sandbox of this.sandboxes.splice(0)) sandbox.child.kill('SIGKILL')
  }

  /**
   * Runs a module on an input within `timeoutMs` of wall time. Throws
   * JobsBusyError when the queue is full, JobCancelledError when `signal`
   * aborts first (a waiting job leaves the queue; a running one has its
   * sandbox killed and replaced).
   */
  async run (module: Uint8Array, input: JobInput, timeoutMs: number, options: AbortOptions & { onStart?(): void, hash?: string } = {}): Promise<JobRun> {
    if (!this.running) throw new SandboxFailedError('The job runner is not running')
    if (this.queue.length >= MAX_QUEUED_JOBS) throw new JobsBusyError(`${MAX_QUEUED_JOBS} jobs wait already`)
    if (options.signal?.aborted === true) throw new JobCancelledError('The job was cancelled before it ran')
    return new Promise<JobRun>((resolve, reject) => {
      const waiting: Waiting = { hash: options.hash ?? createHash('sha256').update(module).digest('hex'), module, input, timeoutMs, onStart: options.onStart, signal: options.signal, resolve, reject }
      // cancelled while it waits: out of the queue (a running job's sandbox listens for itself)
      options.signal?.addEventListener('abort', () => {
        const at = this.queue.indexOf(waiting)
        if (at === -1) return
        this.queue.splice(at, 1)
        reject(new JobCancelledError('The job was cancelled while it waited'))
      }, { once: true })
      this.queue.push(waiting)
      this.next()
    })
  }

  private next (): void {
    const { concurrent, memoryBytes } = this.limits
    while (this.running && this.queue.length > 0) {
      const sandbox = this.sandboxes.find(s => !s.busy)
      if (sandbox == null || this.load.running >= concurrent) return
      const job = this.queue[0] as Waiting
      const memory = job.input.maxMemoryBytes ?? 0
      // first come, first served: a big job at the head waits for memory rather than be overtaken forever
      if (this.reservedMemory > 0 && this.reservedMemory + memory > memoryBytes) return
      this.queue.shift()
      sandbox.busy = true
      this.reservedMemory += memory
      this.execute(sandbox, job).then(job.resolve, job.reject).finally(() => {
        sandbox.busy = false
        this.reservedMemory -= memory
        this.next()
      })
    }
  }

  private async execute (sandbox: Sandbox, job: Waiting): Promise<JobRun> {
    await sandbox.ready
    job.onStart?.()
    const id = this.nextId++
    const started = performance.now()
    return new Promise<JobRun>((resolve, reject) => {
      const onMessage = (message: SandboxMessage): void => {
        if (message.type !== 'done' || message.id !== id) return
        cleanup()
        resolve({ outcome: message.outcome, cpuMs: message.cpuMicros / 1000, wallMs: message.wallMs, timedOut: false })
      }
      const onExit = (): void => {
        cleanup()
        this.replace(sandbox)
        reject(new SandboxFailedError('The sandbox process died while running the job'))
      }
      const deadline = setTimeout(() => {
        cleanup()
        const wallMs = performance.now() - started
        this.replace(sandbox)
        // a killed process reports no CPU time: the job spun the whole time, so its wall time is the count
        resolve({ outcome: { stdout: new Uint8Array(0), stderr: new Uint8Array(0), files: new Map(), memoryBytes: 0, error: { name: JobTimeoutError.name, message: `The job ran past its ${job.timeoutMs} ms limit and was stopped` } }, cpuMs: wallMs, wallMs, timedOut: true })
      }, job.timeoutMs)
      const onCancel = (): void => {
        cleanup()
        this.replace(sandbox)
        reject(new JobCancelledError('The job was cancelled while it ran'))
      }
      const cleanup = (): void => {
        clearTimeout(deadline)
        sandbox.child.off('message', onMessage)
        sandbox.child.off('exit', onExit)
        job.signal?.removeEventListener('abort', onCancel)
      }
      if (job.signal?.aborted === true) {
        reject(new JobCancelledError('The job was cancelled before it ran'))
        clearTimeout(deadline)
        return
      }
      job.signal?.addEventListener('abort', onCancel, { once: true })
      sandbox.child.on('message', onMessage)
      sandbox.child.once('exit', onExit)
      const request: SandboxRequest = { id, hash: job.hash, module: job.module, input: job.input }
      sandbox.child.send(request, (err) => {
        if (err != null) onExit()
      })
    })
  }

  /** Kills a sandbox process and puts a fresh one in its place. */
  private replace (sandbox: Sandbox): void {
    sandbox.child.removeAllListeners('exit')
    sandbox.child.kill('SIGKILL')
    const at = this.sandboxes.indexOf(sandbox)
    if (at === -1 || !this.running) return
    const fresh = this.spawn()
    this.sandboxes[at] = fresh
    void fresh.ready.catch((err: Error) => { this.init.logger?.error({ err: err.message }, 'a sandbox process did not start') })
  }

  private spawn (): Sandbox {
    const { command } = this.init
    const child = fork(command.modulePath, command.args ?? [], {
      execArgv: [...(command.execArgv ?? []), `--max-old-space-size=${SANDBOX_HEAP_MB}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // the job sees nothing of the provider's environment
      env: { PATH: process.env.PATH ?? '' }
    })
    child.stderr?.resume()
    child.unref()
    child.channel?.unref()
    if (child.pid != null) {
      try {
        setPriority(child.pid, this.init.nice ?? DEFAULT_JOB_NICE)
      } catch (err: any) {
        this.init.logger?.warn({ err: err.message }, 'cannot lower the priority of a sandbox process')
      }
    }
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new SandboxFailedError(`The sandbox process did not start within ${SANDBOX_START_TIMEOUT_MS} ms`)) }, SANDBOX_START_TIMEOUT_MS)
      child.once('message', (message: SandboxMessage) => {
        clearTimeout(timer)
        if (message.type === 'ready') {
          if (message.relaxedSimd && this.relaxedSimdOff) {
            this.relaxedSimdOff = false
            this.init.logger?.warn('this Node cannot switch relaxed SIMD off: jobs that use it may give results that differ by CPU')
          }
          resolve()
        } else reject(new SandboxFailedError('The sandbox process spoke before it was ready'))
      })
      child.once('exit', () => { clearTimeout(timer); reject(new SandboxFailedError('The sandbox process exited as it started')) })
    })
    ready.catch(() => {})
    const sandbox: Sandbox = { child, ready, busy: false }
    // an idle process that dies (killed from outside, out of memory) is replaced; a busy one is, by the job that saw it die
    child.on('exit', () => {
      if (!sandbox.busy && this.sandboxes.includes(sandbox)) {
        this.init.logger?.warn('an idle sandbox process exited; starting another')
        this.replace(sandbox)
        this.next()
      }
    })
    return sandbox
  }
}
