import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { getJson, postJson, resolveGatewayApi } from '../api-client.js'
import { CommandError } from '../errors.js'
import type { JobRequestBody, JobView } from '../../gateway/jobs/api.js'
import type { ApiTargetOptions } from '../api-client.js'

/** How often `peergrid job run` asks the gateway how the job goes. */
export const JOB_POLL_INTERVAL_MS = 100

/** Options of `peergrid job run`. */
export interface JobRunOptions extends ApiTargetOptions {
  stdin?: string
  file?: string[]
  mem?: string
  timeout?: string
  country?: string
  replicas?: string
  out?: string
  json?: boolean
}

const SIZE = /^(\d+)(B|KiB|MiB|GiB)?$/i
const UNITS: Record<string, number> = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 }
const DURATION = /^(\d+)(ms|s|m)?$/

/** "64MiB", "512KiB", "1GiB" or bytes. */
export function parseSize (text: string, what: string): number {
  const match = SIZE.exec(text.trim())
  if (match == null) throw new CommandError(`${what} must be a size such as 64MiB, 512KiB or a number of bytes, not ${JSON.stringify(text)}`)
  return Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] as number)
}

/** "10s", "500ms", "2m" or seconds. */
export function parseDuration (text: string, what: string): number {
  const match = DURATION.exec(text.trim())
  if (match == null) throw new CommandError(`${what} must be a duration such as 10s, 500ms or 2m, not ${JSON.stringify(text)}`)
  const n = Number(match[1])
  return match[2] === 'ms' ? n : match[2] === 'm' ? n * 60_000 : n * 1000
}

/** `peergrid job run module.wasm [args…]`: runs a WASI module on a provider through the local gateway and prints what it wrote. */
export async function runJobCommand (modulePath: string, args: string[], options: JobRunOptions): Promise<void> {
  const read = async (path: string, what: string): Promise<Buffer> => {
    try {
      return await readFile(path)
    } catch (err: any) {
      throw new CommandError(`Cannot read ${what} ${path}: ${err.code ?? err.message}`)
    }
  }
  const files: Record<string, string> = {}
  for (const spec of options.file ?? []) {
    const at = spec.indexOf('=')
    if (at <= 0) throw new CommandError(`--file takes NAME=PATH (the name the job sees, the file here), not ${JSON.stringify(spec)}`)
    files[spec.slice(0, at)] = (await read(spec.slice(at + 1), 'the file')).toString('base64')
  }
  const timeoutMs = options.timeout != null ? parseDuration(options.timeout, '--timeout') : 10_000
  const body: JobRequestBody = {
    module: (await read(modulePath, 'the module')).toString('base64'),
    args: [modulePath.split('/').pop() as string, ...args],
    ...(options.stdin != null ? { stdin: (await read(options.stdin, 'stdin')).toString('base64') } : {}),
    ...(Object.keys(files).length > 0 ? { files } : {}),
    ...(options.mem != null ? { memoryBytes: parseSize(options.mem, '--mem') } : {}),
    timeoutMs,
    ...(options.country != null ? { country: options.country } : {}),
    ...(options.replicas != null ? { replicas: Number(options.replicas) } : {})
  }
  if (body.replicas != null && (!Number.isInteger(body.replicas) || body.replicas < 1)) throw new CommandError('--replicas must be a whole number of at least 1')
  const target = await resolveGatewayApi(options)
  let job = await postJson<JobView>(target, '/api/jobs', body, 120_000)
  const progress = process.stderr.isTTY && options.json !== true
  const started = Date.now()
  // the job's own limit, plus time to find providers, wait in their queue and try others
  const deadline = started + timeoutMs * 3 + 120_000
  while (job.state === 'running') {
    if (Date.now() > deadline) throw new CommandError(`The job ${job.id} has not finished; ask again with the gateway API: GET /api/jobs/${job.id}`)
    if (progress) process.stderr.write(`\r\x1b[Kjob ${job.id.slice(0, 8)}: ${job.replicas.map(r => `${r.state}${r.provider != null ? ` on ${r.provider.slice(-8)}` : ''}`).join(', ')} · ${((Date.now() - started) / 1000).toFixed(1)} s`)
    await new Promise(resolve => setTimeout(resolve, JOB_POLL_INTERVAL_MS))
    job = await getJson<JobView>(target, `/api/jobs/${job.id}`)
  }
  if (progress) process.stderr.write('\r\x1b[K')
  if (options.json === true) {
    process.stdout.write(JSON.stringify(job) + '\n')
    if (job.state !== 'done') process.exitCode = 1
    return
  }
  const done = job.replicas.find(r => r.result != null)
  if (done?.result == null) throw new CommandError(job.replicas.map(r => r.error ?? 'the job failed').join('; '))
  const result = done.result
  process.stdout.write(Buffer.from(result.stdout, 'base64'))
  process.stderr.write(Buffer.from(result.stderr, 'base64'))
  const outputs = Object.entries(result.files)
  if (outputs.length > 0) {
    const dir = resolve(options.out ?? `job-${job.id.slice(0, 8)}`)
    for (const [path, data] of outputs) {
      await mkdir(dirname(join(dir, path)), { recursive: true })
      await writeFile(join(dir, path), Buffer.from(data, 'base64'))
    }
    process.stderr.write(`${outputs.length} output file${outputs.length === 1 ? '' : 's'} in ${dir}\n`)
  }
  const cost = job.replicas.reduce((n, r) => n + (r.cost?.amount ?? 0), 0)
  const summary = `job ${job.id.slice(0, 8)} on ${done.provider ?? '?'}: ${result.cpuMs} CPU-ms, ${result.wallMs} ms, cost ${cost} micro-units, outputs sha-256 ${result.outputsSha256.slice(0, 16)}…`
  if (process.stderr.isTTY) process.stderr.write(summary + '\n')
  if (job.replicas.length > 1) {
    const finished = job.replicas.filter(r => r.result != null).length
    process.stderr.write(job.agree === true
      ? `${finished} replicas agree: outputs sha-256 ${result.outputsSha256}\n`
      : `replicas DISAGREE or failed: ${job.replicas.map(r => r.result?.outputsSha256.slice(0, 16) ?? r.error ?? r.state).join(' | ')}\n`)
    if (job.agree !== true) process.exitCode = 1
  }
  if (result.errorName != null) {
    process.stderr.write(`The job did not finish: ${result.errorMessage ?? result.errorName}\n`)
    process.exitCode = 1
  } else if ((result.exitCode ?? 0) !== 0) {
    process.exitCode = result.exitCode ?? 1
  }
}
