import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'

/** What a curl run produced. */
export interface CurlResult {
  /** curl's exit code (0 = success; 97 = SOCKS connection failed, 56 = receive failure, ...) */
  code: number
  /** sha-256 (hex) of the body curl wrote to stdout */
  sha256: string
  bytes: number
  /** the first 4 KiB of stdout, as text (e.g. what -w prints) */
  stdout: string
  stderr: string
}

/** Runs the real curl with `args`, hashing what it writes to stdout; `prefix` runs it through another command (e.g. `ip netns exec <ns>`). */
export async function curl (args: string[], timeoutMs = 120_000, prefix: string[] = []): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    const command = [...prefix, 'curl', '-sS', '--max-time', String(Math.ceil(timeoutMs / 1000)), ...args]
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
    const hash = createHash('sha256')
    let bytes = 0
    let stderr = ''
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => {
      hash.update(chunk)
      bytes += chunk.byteLength
      if (stdout.length < 4096) stdout += chunk.subarray(0, 4096 - stdout.length).toString()
    })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    child.on('error', reject)
    child.on('close', (code) => { resolve({ code: code ?? -1, sha256: hash.digest('hex'), bytes, stdout, stderr }) })
  })
}
