import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { runJob, wasmApi } from '../../protocols/job/sandbox/run.js'
import { inspectModule } from '../../protocols/job/sandbox/wasm-module.js'
import { compileTestModule } from '../modules/compile.js'
import type { JobInput } from '../../protocols/job/sandbox/run.js'

const MiB = 1024 * 1024
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

function input (fields: Partial<JobInput> = {}): JobInput {
  return {
    args: ['job'],
    env: [],
    stdin: new Uint8Array(0),
    files: new Map(),
    seed: new Uint8Array(16).fill(7),
    clockStartNs: 1_800_000_000_000_000_000n,
    maxOutputBytes: MiB,
    maxFilesystemBytes: MiB,
    maxMemoryBytes: 16 * MiB,
    ...fields
  }
}

describe('the WASI sandbox (in this thread)', () => {
  it('runs a command module and captures stdout', async () => {
    const outcome = await runJob(await compileTestModule('hello'), input())
    expect(outcome).toMatchObject({ exitCode: 0 })
    expect(outcome.error).toBeUndefined()
    expect(text(outcome.stdout)).toBe('hello from the sandbox\n')
  })

  it('filters stdin to stdout', async () => {
    const stdin = new TextEncoder().encode('Hello, peergrid! '.repeat(10_000))
    const outcome = await runJob(await compileTestModule('upper'), input({ stdin }))
    expect(outcome.exitCode).toBe(0)
    expect(text(outcome.stdout)).toBe('HELLO, PEERGRID! '.repeat(10_000))
  })

  it('refuses imports outside WASI preview 1, and sockets, before compiling', async () => {
    expect((await runJob(await compileTestModule('badimport'), input())).error).toEqual({ name: 'InvalidModuleError', message: expect.stringMatching(/imports env\.fetch/) })
    expect((await runJob(await compileTestModule('socket'), input())).error).toEqual({ name: 'InvalidModuleError', message: expect.stringMatching(/sock_send.*no sockets/) })
    expect((await runJob(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 5, 200]), input())).error?.name).toBe('InvalidModuleError')
    expect((await runJob(new TextEncoder().encode('#!/bin/sh\nrm -rf /'), input())).error?.message).toMatch(/not a WebAssembly module/)
  })

  it('caps memory: refuses a module that starts over the limit, and growth past it fails inside the module', async () => {
    expect((await runJob(await compileTestModule('bigmem'), input())).error).toEqual({ name: 'JobLimitError', message: expect.stringMatching(/memory starts at 16384 pages, over the limit of 256/) })
    const grown = await runJob(await compileTestModule('grow'), input())
    expect(grown.exitCode).toBe(3)
    expect(grown.memoryBytes).toBeLessThanOrEqual(16 * MiB)
    expect(grown.memoryBytes).toBeGreaterThan(15 * MiB)
  })

  it('caps table growth', async () => {
    const module = await compileTestModule('table')
    expect((await runJob(module, input())).exitCode).toBe(4)
  })

  it('rewrites the memory maximum in the module bytes, keeping the module valid', async () => {
    const inspected = inspectModule(await compileTestModule('grow'), 2 * MiB)
    expect(inspected.memory).toEqual({ minPages: 1, maxPages: 32 })
    expect(inspected.imports).toEqual(['proc_exit'])
    expect(wasmApi().validate(inspected.bytes)).toBe(true)
  })

  it('stops a job that floods stdout at the output limit', async () => {
    const outcome = await runJob(await compileTestModule('flood'), input({ maxOutputBytes: 200_000 }))
    expect(outcome.error).toEqual({ name: 'JobLimitError', message: 'The job wrote more than 200000 bytes to stdout and stderr' })
    expect(outcome.stdout.byteLength).toBeLessThanOrEqual(200_000)
  })

  it('ends a stack overflow and a trap as traps', async () => {
    expect((await runJob(await compileTestModule('recurse'), input())).error).toEqual({ name: 'JobTrapError', message: expect.stringMatching(/call stack/i) })
    expect((await runJob(await compileTestModule('trap'), input())).error).toEqual({ name: 'JobTrapError', message: expect.stringMatching(/unreachable/) })
  })

  it('gives the same random bytes and clock for the same seed, and sleeps on a virtual clock', async () => {
    const module = await compileTestModule('entropy')
    const [a, b, c] = await Promise.all([runJob(module, input()), runJob(module, input()), runJob(module, input({ seed: new Uint8Array(16).fill(8) }))])
    expect(a.stdout).toEqual(b.stdout)
    expect(a.stdout.subarray(0, 16)).not.toEqual(c.stdout.subarray(0, 16))
    const view = new DataView(a.stdout.buffer, a.stdout.byteOffset)
    const before = view.getBigUint64(16, true)
    const after = view.getBigUint64(24, true)
    expect(before).toBeGreaterThanOrEqual(1_800_000_000_000_000_000n)
    // the module slept 10 s: on the virtual clock, which moved on without waiting
    expect(after - before).toBeGreaterThanOrEqual(10_000_000_000n)
  })

  it('never writes into stdin, which holds the caller\'s own bytes', async () => {
    const stdin = new TextEncoder().encode('the caller\'s bytes')
    const outcome = await runJob(await compileTestModule('stdin-write'), input({ stdin }))
    expect(outcome.exitCode).toBe(8)
    expect(text(stdin)).toBe('the caller\'s bytes')
  })

  it('works on an in-memory filesystem whose size is capped', async () => {
    const outcome = await runJob(await compileTestModule('files'), input({ files: new Map([['in.txt', new TextEncoder().encode('copied through the sandbox')]]) }))
    // the write at 1 TiB was refused (FBIG), not attempted
    expect(outcome.exitCode).toBe(5)
    expect([...outcome.files.keys()]).toEqual(['out.txt'])
    expect(text(outcome.files.get('out.txt')!)).toBe('copied through the sandbox')
    const tooBig = await runJob(await compileTestModule('files'), input({ files: new Map([['in.txt', new Uint8Array(2 * MiB)]]) }))
    expect(tooBig.error?.name).toBe('JobLimitError')
  })
})

describe('the example modules', () => {
  it('sha256sum hashes stdin as sha256sum(1) does', async () => {
    const module = await compileTestModule('sha256sum')
    for (const size of [0, 1, 55, 56, 63, 64, 65, 1000, 200_000]) {
      const stdin = Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) & 0xff)
      const outcome = await runJob(module, input({ stdin }))
      expect(text(outcome.stdout), `${size} bytes`).toBe(`${createHash('sha256').update(stdin).digest('hex')}  -\n`)
    }
  })

  it('json-compact drops the whitespace between tokens and keeps strings as they are', async () => {
    const json = '{\n  "a b": [1, 2,\t3],\r\n  "s": "keep  \\"  spaces\\\\",\n  "n": null\n}\n'
    const outcome = await runJob(await compileTestModule('json-compact'), input({ stdin: new TextEncoder().encode(json) }))
    expect(text(outcome.stdout)).toBe(JSON.stringify(JSON.parse(json)) + '\n')
  })
})
