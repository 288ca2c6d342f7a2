import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import { InvalidModuleError, JobLimitError } from './errors.js'

/** A WebAssembly page: 64 KiB. */
export const WASM_PAGE_BYTES = 65_536

/** Most table elements a module may have (a funcref slot costs the engine ~8 bytes). */
export const MAX_TABLE_ELEMENTS = 100_000

/** The one import module a job may use. */
export const WASI_MODULE = 'wasi_snapshot_preview1'

/**
 * The WASI preview 1 functions a job may import. Socket calls are left out
 * (a job has no network); everything else is served by the sandbox, most of
 * it on the in-memory filesystem.
 */
export const ALLOWED_WASI_IMPORTS: ReadonlySet<string> = new Set([
  'args_get', 'args_sizes_get', 'environ_get', 'environ_sizes_get', 'clock_res_get', 'clock_time_get',
  'fd_advise', 'fd_allocate', 'fd_close', 'fd_datasync', 'fd_fdstat_get', 'fd_fdstat_set_flags', 'fd_fdstat_set_rights',
  'fd_filestat_get', 'fd_filestat_set_size', 'fd_filestat_set_times', 'fd_pread', 'fd_prestat_get', 'fd_prestat_dir_name',
  'fd_pwrite', 'fd_read', 'fd_readdir', 'fd_renumber', 'fd_seek', 'fd_sync', 'fd_tell', 'fd_write',
  'path_create_directory', 'path_filestat_get', 'path_filestat_set_times', 'path_link', 'path_open', 'path_readlink',
  'path_remove_directory', 'path_rename', 'path_symlink', 'path_unlink_file',
  'poll_oneoff', 'proc_exit', 'proc_raise', 'sched_yield', 'random_get'
])

const SECTION = { import: 2, table: 4, memory: 5 } as const
const IMPORT_KIND = ['function', 'table', 'memory', 'global', 'tag'] as const

/** What inspecting a module found, and the bytes to compile (with its maximums capped). */
export interface InspectedModule {
  bytes: Uint8Array
  /** the WASI functions it imports */
  imports: string[]
  /** its memory's initial and (capped) maximum size in pages; undefined when it has no memory */
  memory?: { minPages: number, maxPages: number }
}

interface Limits { flags: number, min: number, max?: number, start: number, end: number }

/** A cursor over module bytes that throws InvalidModuleError past the end or on a malformed number. */
class Reader {
  at = 0
  constructor (readonly bytes: Uint8Array, readonly end: number = bytes.byteLength) {}

  byte (): number {
    if (this.at >= this.end) throw new InvalidModuleError('The module ends in the middle of a section')
    return this.bytes[this.at++] as number
  }

  u32 (): number {
    let result = 0
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte()
      result += (b & 0x7f) * 2 ** shift
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) throw new InvalidModuleError('The module has a number out of range')
        return result
      }
    }
    throw new InvalidModuleError('The module has a malformed number')
  }

  name (): string {
    const length = this.u32()
    if (this.at + length > this.end) throw new InvalidModuleError('The module has a name past its section')
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(this.at, this.at + length))
    } catch {
      // found by the fuzzer: an import name that is not UTF-8 threw a TypeError
      throw new InvalidModuleError('The module has a name that is not UTF-8')
    }
    this.at += length
    return text
  }

  limits (): Limits {
    const start = this.at
    const flags = this.byte()
    if (flags > 1) throw new InvalidModuleError(flags & 2 ? 'The module uses shared memory (threads), which jobs may not' : 'The module uses 64-bit memory or tables, which jobs may not')
    const min = this.u32()
    const max = flags === 1 ? this.u32() : undefined
    return { flags, min, max, start, end: this.at }
  }
}

function uleb (value: number): number[] {
  const out: number[] = []
  do {
    let b = value & 0x7f
    value = Math.floor(value / 128)
    if (value !== 0) b |= 0x80
    out.push(b)
  } while (value !== 0)
  return out
}

/**
 * Reads a module's imports, tables and memory before anything compiles it:
 * refuses anything but WASI preview 1 function imports, shared or 64-bit
 * memory, more than one memory, and a memory whose initial size passes
 * `maxMemoryBytes`; rewrites the maximum of the memory and of every table to
 * at most the limit, so that growing past it fails inside the module (a
 * worker's heap limit caps no WebAssembly memory). The rest is left to
 * WebAssembly.compile.
 */
export function inspectModule (bytes: Uint8Array, maxMemoryBytes: number): InspectedModule {
  if (bytes.byteLength < 8 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new InvalidModuleError('The file is not a WebAssembly module')
  if (bytes[4] !== 0x01 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) throw new InvalidModuleError('The module is not WebAssembly version 1')
  const maxPages = Math.floor(maxMemoryBytes / WASM_PAGE_BYTES)
  const imports: string[] = []
  const patches: Array<{ start: number, end: number, bytes: number[], section: { start: number, sizeStart: number, end: number } }> = []
  let memory: InspectedModule['memory']
  let memories = 0
  const reader = new Reader(bytes)
  reader.at = 8
  while (reader.at < bytes.byteLength) {
    const id = reader.byte()
    const sizeStart = reader.at
    const size = reader.u32()
    const start = reader.at
    const end = start + size
    if (end > bytes.byteLength) throw new InvalidModuleError('A section of the module runs past its end')
    const section = new Reader(bytes, end)
    section.at = start
    const cap = (limits: Limits, ceiling: number, what: string): number => {
      if (limits.min > ceiling) throw new JobLimitError(`The module's ${what} starts at ${limits.min} ${what === 'memory' ? 'pages' : 'elements'}, over the limit of ${ceiling}`)
      const max = Math.min(limits.max ?? ceiling, ceiling)
      if (limits.max !== max) patches.push({ start: limits.start, end: limits.end, bytes: [1, ...uleb(limits.min), ...uleb(max)], section: { start, sizeStart, end } })
      return max
    }
    if (id === SECTION.import) {
      for (let n = section.u32(); n > 0; n--) {
        const module = section.name()
        const field = section.name()
        const kind = section.byte()
        if (kind !== 0) throw new InvalidModuleError(`The module imports a ${IMPORT_KIND[kind] ?? 'thing'} (${module}.${field}); jobs may import WASI functions only`)
        section.u32()
        if (module !== WASI_MODULE || !ALLOWED_WASI_IMPORTS.has(field)) throw new InvalidModuleError(`The module imports ${module}.${field}, which the sandbox does not offer (WASI preview 1, no sockets)`)
        imports.push(field)
      }
    } else if (id === SECTION.table) {
      for (let n = section.u32(); n > 0; n--) {
        section.byte()
        cap(section.limits(), MAX_TABLE_ELEMENTS, 'table')
      }
    } else if (id === SECTION.memory) {
      for (let n = section.u32(); n > 0; n--) {
        if (++memories > 1) throw new InvalidModuleError('The module has more than one memory')
        const limits = section.limits()
        memory = { minPages: limits.min, maxPages: cap(limits, maxPages, 'memory') }
      }
    }
    reader.at = end
  }
  return { bytes: patches.length === 0 ? bytes : applyPatches(bytes, patches), imports, memory }
}

/** Rewrites limits in place of the old ones, fixing the size of each section they are in. */
function applyPatches (bytes: Uint8Array, patches: Array<{ start: number, end: number, bytes: number[], section: { start: number, sizeStart: number, end: number } }>): Uint8Array {
  const pieces: Uint8Array[] = []
  let at = 0
  const bySection = new Map<number, typeof patches>()
  for (const p of patches) bySection.set(p.section.sizeStart, [...(bySection.get(p.section.sizeStart) ?? []), p])
  for (const [sizeStart, list] of [...bySection].sort((a, b) => a[0] - b[0])) {
    const { start, end } = list[0]!.section
    pieces.push(bytes.subarray(at, sizeStart))
    const body: Uint8Array[] = []
    let from = start
    for (const p of list.sort((a, b) => a.start - b.start)) {
      body.push(bytes.subarray(from, p.start), Uint8Array.from(p.bytes))
      from = p.end
    }
    body.push(bytes.subarray(from, end))
    const content = uint8ArrayConcat(body)
    pieces.push(Uint8Array.from(uleb(content.byteLength)), content)
    at = end
  }
  pieces.push(bytes.subarray(at))
  return uint8ArrayConcat(pieces)
}
