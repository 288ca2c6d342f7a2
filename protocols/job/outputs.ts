import { sha256 } from 'multiformats/hashes/sha2'
import { concat as uint8ArrayConcat } from 'uint8arrays/concat'
import type { JobFile } from './pb/job.js'

const encoder = new TextEncoder()

function u64 (value: number): Uint8Array {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value), false)
  return bytes
}

/**
 * The sha-256 that names a job's outputs, the same on every provider and in
 * a browser: over the exit code (8 bytes, 2^64-1 when the job did not exit)
 * and the error name, stdout and stderr (each length-prefixed), then each
 * file in path order (path and data, length-prefixed). Two runs agree when
 * their hashes do.
 */
export async function outputsHash (outputs: { exitCode?: number, errorName?: string, stdout: Uint8Array, stderr: Uint8Array, files: JobFile[] }): Promise<Uint8Array> {
  const parts: Uint8Array[] = [new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])]
  if (outputs.exitCode != null) parts[0] = u64(outputs.exitCode >>> 0)
  const field = (bytes: Uint8Array): void => { parts.push(u64(bytes.byteLength), bytes) }
  field(encoder.encode(outputs.errorName ?? ''))
  field(outputs.stdout)
  field(outputs.stderr)
  for (const file of [...outputs.files].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) {
    field(encoder.encode(file.path))
    field(file.data)
  }
  const all = uint8ArrayConcat(parts)
  return (await sha256.digest(all)).digest
}
