import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { InvalidWorkflowError, compileWorkflow } from '../../../workflows/engine/index.js'
import { getJson, postJson, resolveGatewayApi } from '../api-client.js'
import { CommandError } from '../errors.js'
import type { WorkflowRequestBody } from '../../gateway/workflows/api.js'
import type { WorkflowRunView } from '../../gateway/workflows/service.js'
import type { NodeRecord } from '../../../workflows/engine/index.js'
import type { ApiTargetOptions } from '../api-client.js'

/** How often `peergrid workflow run` asks the gateway how the run goes. */
export const WORKFLOW_POLL_INTERVAL_MS = 200

/** Options of `peergrid workflow run`. */
export interface WorkflowRunOptions extends ApiTargetOptions {
  input?: string
  module?: string[]
  verify?: string
  json?: boolean
}

async function readJson (path: string, what: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err: any) {
    throw new CommandError(`Cannot read ${what} ${path}: ${err.code ?? err.message}`)
  }
  try {
    return JSON.parse(text)
  } catch (err: any) {
    throw new CommandError(`${what} ${path} is not JSON: ${err.message}`)
  }
}

/** `peergrid workflow validate FLOW.json`: checks a workflow here (no gateway needed); exit 1 with each problem when it is not valid. */
export async function validateWorkflowCommand (path: string): Promise<void> {
  const document = await readJson(path, 'the workflow')
  try {
    const workflow = compileWorkflow(document)
    process.stdout.write(`${path}: a valid workflow of ${workflow.size} node${workflow.size === 1 ? '' : 's'}\n`)
  } catch (err: any) {
    if (!(err instanceof InvalidWorkflowError)) throw err
    throw new CommandError(`${path} is not a valid workflow:\n${err.problems.map(p => `  ${p.node != null ? `node ${p.node}` : 'workflow'} at ${p.path}: ${p.message}`).join('\n')}`)
  }
}

/** `peergrid workflow run FLOW.json --input IN.json [--module M.wasm…] [--verify N]`: runs a workflow on the local gateway and prints its output. */
export async function runWorkflowCommand (path: string, options: WorkflowRunOptions): Promise<void> {
  const document = await readJson(path, 'the workflow')
  const input = options.input != null ? await readJson(options.input, 'the input') : null
  const modules: Record<string, string> = {}
  for (const file of options.module ?? []) {
    let bytes: Buffer
    try {
      bytes = await readFile(file)
    } catch (err: any) {
      throw new CommandError(`Cannot read the module ${file}: ${err.code ?? err.message}`)
    }
    modules[createHash('sha256').update(bytes).digest('hex')] = bytes.toString('base64')
  }
  const verify = options.verify != null ? Number(options.verify) : undefined
  if (verify != null && (!Number.isInteger(verify) || verify < 1)) throw new CommandError('--verify must be a whole number of at least 1')
  const body: WorkflowRequestBody = { document, input, ...(Object.keys(modules).length > 0 ? { modules } : {}), ...(verify != null ? { verify } : {}) }
  const target = await resolveGatewayApi(options)
  let run = await postJson<WorkflowRunView>(target, '/api/workflows', body, 120_000)
  const progress = process.stderr.isTTY && options.json !== true
  const started = Date.now()
  while (run.state === 'running') {
    if (progress) process.stderr.write(`\r\x1b[Kworkflow ${run.id.slice(0, 8)}: ${run.effectsDone} job${run.effectsDone === 1 ? '' : 's'} and fetches done · ${((Date.now() - started) / 1000).toFixed(1)} s`)
    await new Promise(resolve => setTimeout(resolve, WORKFLOW_POLL_INTERVAL_MS))
    run = await getJson<WorkflowRunView>(target, `/api/workflows/${run.id}`)
  }
  if (progress) process.stderr.write('\r\x1b[K')
  if (options.json === true) {
    process.stdout.write(JSON.stringify(run) + '\n')
    if (run.state !== 'done') process.exitCode = 1
    return
  }
  if (run.state !== 'done') {
    throw new CommandError(`The workflow ${run.id} failed${run.error?.node != null ? ` at node ${run.error.node}` : ''}: ${run.error?.message ?? 'unknown error'} (history: peergrid workflow history ${run.id})`)
  }
  process.stdout.write(JSON.stringify(run.output, null, 2) + '\n')
  if (process.stderr.isTTY) process.stderr.write(`workflow ${run.id}: done, ${run.effectsDone} jobs and fetches (history: peergrid workflow history ${run.id})\n`)
}

/** `peergrid workflow history ID`: a run's history, a node per line (or JSON). */
export async function workflowHistoryCommand (id: string, options: ApiTargetOptions & { json?: boolean }): Promise<void> {
  const target = await resolveGatewayApi(options)
  const { history } = await getJson<{ history: NodeRecord[] }>(target, `/api/workflows/${encodeURIComponent(id)}/history`)
  if (options.json === true) {
    process.stdout.write(JSON.stringify(history) + '\n')
    return
  }
  const lines = history.map(r => `${r.status.padEnd(8)} ${r.node}${r.status === 'failed' ? `  ${r.error?.name ?? ''}: ${r.error?.message ?? ''}` : r.status === 'done' ? `  ${JSON.stringify(r.output)?.slice(0, 100) ?? ''}` : ''}`)
  process.stdout.write((lines.length > 0 ? lines.join('\n') : 'no node has finished yet') + '\n')
}
