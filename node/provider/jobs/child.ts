import { setFlagsFromString } from 'node:v8'
import { LRUCache } from 'lru-cache'
import { runJob, wasmApi } from '../../../protocols/job/sandbox/run.js'
import type { SandboxMessage, SandboxRequest } from './messages.js'

/** Compiled modules one sandbox process keeps. */
export const MAX_COMPILED_MODULES = 16

/** A module using a relaxed-SIMD instruction (i32x4.relaxed_trunc_f32x4_s): what a sandbox must refuse, as its results can differ by CPU. */
const RELAXED_SIMD_PROBE = Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 25, 1, 23, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 129, 2, 11])

/**
 * The sandbox process: runs one job at a time for its parent, over IPC,
 * until the parent goes. Relaxed SIMD is switched off before anything
 * compiles (its results may differ between CPUs; the same job must give the
 * same output everywhere), and the process tells its parent whether that
 * held. CPU time is the process's own, measured around each job.
 */
export function runSandboxProcess (): void {
  setFlagsFromString('--no-experimental-wasm-relaxed-simd')
  // optimised code from the first instruction: a fresh, niced process would run a short job in
  // baseline (Liftoff) code while the optimising tier waits for a core (measured: 0.35x of node:wasi)
  setFlagsFromString('--no-liftoff')
  const send = (message: SandboxMessage): void => { process.send?.(message) }
  process.on('disconnect', () => { process.exit(0) })
  // compiled modules by hash and memory limit (the limit is written into the bytes): optimised
  // compilation of a large module takes seconds, and a customer sends the same module again
  const compiled = new LRUCache<string, Promise<unknown>>({ max: MAX_COMPILED_MODULES })
  process.on('message', (request: SandboxRequest) => {
    void (async () => {
      const cpu = process.cpuUsage()
      const started = performance.now()
      const key = `${request.hash}/${request.input.maxMemoryBytes}`
      const outcome = await runJob(request.module, request.input, {
        compile: async (bytes) => {
          let module = compiled.get(key)
          if (module == null) {
            module = wasmApi().compile(bytes)
            module.catch(() => { compiled.delete(key) })
            compiled.set(key, module)
          }
          return module
        }
      })
      const used = process.cpuUsage(cpu)
      send({ type: 'done', id: request.id, outcome, cpuMicros: used.user + used.system, wallMs: performance.now() - started })
    })()
  })
  send({ type: 'ready', relaxedSimd: wasmApi().validate(RELAXED_SIMD_PROBE) })
}
