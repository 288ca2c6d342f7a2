import type { JobInput, JobOutcome } from '../../../protocols/job/sandbox/run.js'

/** Parent → sandbox process: run this module on this input. */
export interface SandboxRequest {
  id: number
  /** sha-256 (hex) of `module`: the sandbox keeps compiled modules by it */
  hash: string
  module: Uint8Array
  input: JobInput
}

/** Sandbox process → parent. */
export type SandboxMessage =
  | { type: 'ready', relaxedSimd: boolean }
  | { type: 'done', id: number, outcome: JobOutcome, cpuMicros: number, wallMs: number }
