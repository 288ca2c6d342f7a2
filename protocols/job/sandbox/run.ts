import { WASIProcExit } from '@bjorn3/browser_wasi_shim'
import { InvalidModuleError, JobLimitError, JobTrapError } from './errors.js'
import { inspectModule } from './wasm-module.js'
import { createSandbox } from './wasi.js'
import type { SandboxInit } from './wasi.js'

/** What a job runs with, besides its module. */
export interface JobInput extends SandboxInit {
  /** the module's memory may grow to this many bytes */
  maxMemoryBytes: number
}

/** How runJob compiles. */
export interface RunJobOptions {
  /** compiles the inspected (limit-capped) bytes; a caller may keep compiled modules (default: WebAssembly.compile each time) */
  compile?(bytes: Uint8Array): Promise<unknown>
}

/** How a job ended. */
export interface JobOutcome {
  /** the exit code (proc_exit, or 0 when _start returned); absent when it did not exit */
  exitCode?: number
  /** why it did not run to an exit: a limit, a trap, a module that cannot run */
  error?: { name: string, message: string }
  stdout: Uint8Array
  stderr: Uint8Array
  /** files the job made or changed, by path */
  files: Map<string, Uint8Array>
  /** the memory it ended with, bytes */
  memoryBytes: number
}

/** The engine's WebAssembly API (this project's TypeScript libs declare none: Node's and browsers' are the same). */
export interface WasmApi {
  compile(bytes: Uint8Array): Promise<unknown>
  instantiate(module: unknown, imports: Record<string, unknown>): Promise<{ exports: Record<string, unknown> }>
  validate(bytes: Uint8Array): boolean
}

/** The global WebAssembly object. */
export function wasmApi (): WasmApi {
  return (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
}

/**
 * Runs a WASI preview 1 command module in the sandbox (pure: the same in
 * Node and in a browser). Refuses a module whose imports or memory the
 * sandbox does not allow before compiling it; a limit passed while running,
 * a trap, or a stack overflow ends the job with `error` set. A job that
 * never ends is its caller's to stop (it runs on the calling thread).
 */
export async function runJob (moduleBytes: Uint8Array, input: JobInput, options: RunJobOptions = {}): Promise<JobOutcome> {
  const wasm = wasmApi()
  const empty: JobOutcome = { stdout: new Uint8Array(0), stderr: new Uint8Array(0), files: new Map(), memoryBytes: 0 }
  let sandbox
  let instance
  try {
    const inspected = inspectModule(moduleBytes, input.maxMemoryBytes)
    const module = await (options.compile ?? (async (bytes: Uint8Array) => wasm.compile(bytes)))(inspected.bytes)
      .catch((err: Error) => { throw new InvalidModuleError(`The module does not compile: ${err.message}`) })
    sandbox = createSandbox(input)
    instance = await wasm.instantiate(module, { wasi_snapshot_preview1: sandbox.wasi.wasiImport })
      .catch((err: Error) => { throw new InvalidModuleError(`The module does not instantiate: ${err.message}`) })
    if (typeof instance.exports._start !== 'function') throw new InvalidModuleError('The module exports no _start: it is not a WASI command')
    if (typeof (instance.exports.memory as { buffer?: unknown } | undefined)?.buffer !== 'object') throw new InvalidModuleError('The module exports no memory')
  } catch (err: any) {
    return { ...empty, error: describe(err) }
  }
  const outcome = (exitCode: number | undefined, error?: { name: string, message: string }): JobOutcome => ({
    ...(exitCode != null ? { exitCode } : {}),
    ...(error != null ? { error } : {}),
    stdout: sandbox.stdout(),
    stderr: sandbox.stderr(),
    files: changedFiles(input.files, sandbox.files()),
    memoryBytes: (instance.exports.memory as { buffer: ArrayBuffer }).buffer.byteLength
  })
  try {
    return outcome(sandbox.wasi.start(instance as any))
  } catch (err: any) {
    if (err instanceof WASIProcExit) return outcome(err.code)
    return outcome(undefined, describe(err))
  }
}

function describe (err: any): { name: string, message: string } {
  if (err instanceof InvalidModuleError || err instanceof JobLimitError || err instanceof JobTrapError) return { name: err.name, message: err.message }
  if (err instanceof RangeError) return { name: JobTrapError.name, message: `The job trapped: ${err.message}` }
  // a WebAssembly.RuntimeError (unreachable, out of bounds…), or a string the shim threw
  return { name: JobTrapError.name, message: `The job trapped: ${typeof err === 'string' ? err : err?.message ?? String(err)}` }
}

function changedFiles (before: Map<string, Uint8Array>, after: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const changed = new Map<string, Uint8Array>()
  for (const [path, data] of after) {
    const old = before.get(path.replace(/^\//, ''))
    if (old == null || old.byteLength !== data.byteLength || old.some((b, i) => b !== data[i])) changed.set(path, data)
  }
  return changed
}
