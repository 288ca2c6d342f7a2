import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { ConsoleStdout, Directory, File, OpenFile, PreopenDirectory, WASI, wasi as defs } from '@bjorn3/browser_wasi_shim'
import { JobLimitError, JobTrapError } from './errors.js'
import { SeededRandom } from './random.js'
import type { Inode } from '@bjorn3/browser_wasi_shim'

/** Nanoseconds the sandbox's clock moves on each read, so that a loop waiting on the clock ends. */
export const CLOCK_STEP_NS = 1_000n

/** What a job's WASI world holds. */
export interface SandboxInit {
  args: string[]
  env: string[]
  stdin: Uint8Array
  /** the in-memory filesystem under `/`, by path relative to it */
  files: Map<string, Uint8Array>
  /** 12+ bytes: random_get's seed */
  seed: Uint8Array
  /** the wall clock the job sees at start, ns since the epoch (the monotonic clock starts at 0) */
  clockStartNs: bigint
  /** stdout and stderr together may hold this many bytes; past it the job is stopped */
  maxOutputBytes: number
  /** the in-memory filesystem may hold this many bytes (inputs included) */
  maxFilesystemBytes: number
}

/** The sandbox's WASI world, ready to start an instance. */
export interface Sandbox {
  wasi: WASI
  stdout(): Uint8Array
  stderr(): Uint8Array
  /** every file under `/` at the end, by path */
  files(): Map<string, Uint8Array>
}

/**
 * A WASI preview 1 world for one job, with nothing of the host in it: the
 * pure-JS shim (@bjorn3/browser_wasi_shim, which runs the same in a browser)
 * over an in-memory filesystem, with our replacements where the shim is not
 * safe or not deterministic: a virtual clock that moves only when read or
 * slept on (poll_oneoff sleeps advance it instead of busy-waiting), a seeded
 * random source, socket calls that fail with NOTSUP instead of throwing,
 * byte caps on stdout/stderr and on the filesystem (a worker's heap limit
 * caps no ArrayBuffer).
 */
export function createSandbox (init: SandboxInit): Sandbox {
  const out: Uint8Array[][] = [[], []]
  let outputBytes = 0
  const capture = (which: 0 | 1) => new ConsoleStdout((data: Uint8Array) => {
    outputBytes += data.byteLength
    if (outputBytes > init.maxOutputBytes) throw new JobLimitError(`The job wrote more than ${init.maxOutputBytes} bytes to stdout and stderr`)
    out[which]!.push(data.slice())
  })
  let filesystemBytes = 0
  const root = new Map<string, Inode>()
  for (const [path, data] of init.files) {
    filesystemBytes += data.byteLength
    placeFile(root, path, new File(data.slice()))
  }
  if (filesystemBytes > init.maxFilesystemBytes) throw new JobLimitError(`The job's files are ${filesystemBytes} bytes, over the limit of ${init.maxFilesystemBytes}`)
  const preopen = new PreopenDirectory('/', root)
  // stdin is read-only: the job reads the caller's bytes (a copy of 16 MiB costs ~45 ms in fresh pages)
  const stdin = new File(new Uint8Array(0), { readonly: true })
  stdin.data = init.stdin
  const fds = [new OpenFile(stdin), capture(0), capture(1), preopen]
  const wasi = new WASI(init.args, init.env, fds)
  const imports = wasi.wasiImport as Record<string, (...args: any[]) => any>
  const memory = (): DataView => new DataView((wasi.inst.exports.memory as unknown as { buffer: ArrayBuffer }).buffer)

  // the filesystem budget: every call that can grow a file is checked before it runs
  const sizeOf = (fd: number): number => {
    const open = wasi.fds[fd]
    return open instanceof OpenFile ? open.file.data.byteLength : 0
  }
  const guard = (name: string, growth: (...args: any[]) => number): void => {
    const original = imports[name] as (...args: any[]) => number
    imports[name] = (...args: any[]) => {
      const fd = args[0] as number
      // stdin holds the caller's own bytes: it is never written
      if (wasi.fds[fd]?.constructor === OpenFile && (wasi.fds[fd] as OpenFile).file === stdin) return defs.ERRNO_BADF
      if (!(wasi.fds[fd] instanceof OpenFile)) return original(...args)
      if (filesystemBytes + Math.max(0, growth(...args)) > init.maxFilesystemBytes) return defs.ERRNO_FBIG
      const before = sizeOf(fd)
      const result = original(...args)
      filesystemBytes += sizeOf(fd) - before
      return result
    }
  }
  const iovecBytes = (ptr: number, count: number): number => {
    const view = memory()
    let total = 0
    for (let i = 0; i < count; i++) total += view.getUint32(ptr + i * 8 + 4, true)
    return total
  }
  guard('fd_write', (fd: number, iovs: number, count: number) => {
    const open = wasi.fds[fd] as OpenFile
    return Number(open.file_pos) + iovecBytes(iovs, count) - open.file.data.byteLength
  })
  guard('fd_pwrite', (fd: number, iovs: number, count: number, offset: bigint) => Number(offset) + iovecBytes(iovs, count) - sizeOf(fd))
  guard('fd_allocate', (fd: number, offset: bigint, length: bigint) => Number(offset + length) - sizeOf(fd))
  guard('fd_filestat_set_size', (fd: number, size: bigint) => Number(size) - sizeOf(fd))

  // a virtual clock: deterministic, and a sleep costs no CPU
  let monotonicNs = 0n
  const nowNs = (clock: number): bigint => {
    monotonicNs += CLOCK_STEP_NS
    return clock === defs.CLOCKID_REALTIME ? init.clockStartNs + monotonicNs : monotonicNs
  }
  imports.clock_time_get = (clock: number, _precision: bigint, ptr: number) => {
    if (clock !== defs.CLOCKID_REALTIME && clock !== defs.CLOCKID_MONOTONIC) return defs.ERRNO_INVAL
    memory().setBigUint64(ptr, nowNs(clock), true)
    return defs.ERRNO_SUCCESS
  }
  imports.clock_res_get = (clock: number, ptr: number) => {
    if (clock !== defs.CLOCKID_REALTIME && clock !== defs.CLOCKID_MONOTONIC) return defs.ERRNO_INVAL
    memory().setBigUint64(ptr, CLOCK_STEP_NS, true)
    return defs.ERRNO_SUCCESS
  }
  imports.poll_oneoff = (inPtr: number, outPtr: number, count: number, eventsPtr: number) => {
    // only clock subscriptions: stdin is always ready, so a job never waits on anything but time
    const view = memory()
    let events = 0
    let sleepNs = 0n
    for (let i = 0; i < count; i++) {
      const subscription = defs.Subscription.read_bytes(view, inPtr + i * 48)
      const event = new defs.Event(subscription.userdata, subscription.eventtype === defs.EVENTTYPE_CLOCK ? defs.ERRNO_SUCCESS : defs.ERRNO_NOTSUP, subscription.eventtype)
      if (subscription.eventtype === defs.EVENTTYPE_CLOCK) {
        const absolute = (subscription.flags & defs.SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME) !== 0
        const wait = absolute ? subscription.timeout - nowNs(subscription.clockid) : subscription.timeout
        if (wait > sleepNs) sleepNs = wait
      }
      event.write_bytes(view, outPtr + events * 32)
      events++
    }
    monotonicNs += sleepNs
    view.setUint32(eventsPtr, events, true)
    return defs.ERRNO_SUCCESS
  }
  const random = new SeededRandom(init.seed)
  imports.random_get = (ptr: number, length: number) => {
    const memoryBytes = new Uint8Array((wasi.inst.exports.memory as unknown as { buffer: ArrayBuffer }).buffer)
    if (ptr + length > memoryBytes.byteLength) return defs.ERRNO_FAULT
    random.fill(memoryBytes.subarray(ptr, ptr + length))
    return defs.ERRNO_SUCCESS
  }
  imports.proc_raise = (signal: number) => { throw new JobTrapError(`The job raised signal ${signal}`) }
  for (const name of ['sock_accept', 'sock_recv', 'sock_send', 'sock_shutdown']) imports[name] = () => defs.ERRNO_NOTSUP

  return {
    wasi,
    stdout: () => uint8ArrayConcat(out[0]!),
    stderr: () => uint8ArrayConcat(out[1]!),
    files: () => listFiles(preopen.dir)
  }
}

function placeFile (root: Map<string, Inode>, path: string, file: File): void {
  const parts = path.split('/').filter(p => p !== '' && p !== '.')
  let dir = root
  for (const part of parts.slice(0, -1)) {
    let next = dir.get(part)
    if (!(next instanceof Directory)) {
      next = new Directory(new Map())
      dir.set(part, next)
    }
    dir = (next as Directory).contents
  }
  dir.set(parts[parts.length - 1] as string, file)
}

function listFiles (dir: Directory, prefix = ''): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>()
  for (const [name, inode] of dir.contents) {
    if (inode instanceof File) found.set(prefix + name, inode.data)
    else if (inode instanceof Directory) for (const [path, data] of listFiles(inode, `${prefix}${name}/`)) found.set(path, data)
  }
  return found
}
