import { DEFAULT_MAP_CONCURRENCY, DEFAULT_MAX_CONCURRENT_EFFECTS, MAX_ERROR_MESSAGE_LENGTH, MAX_INPUT_CHARS, MAX_MAP_ITEMS, MAX_VALUE_CHARS } from './constants.js'
import { AssertionFailedError, ExpressionError, InvalidWorkflowInputError, NodeFailedError, WorkflowLimitError } from './errors.js'
import { fetchRequest, jobRequest } from './effects.js'
import { canonicalHistory } from './history.js'
import { schemaCheck } from './schema.js'
import type { CompiledGraph, CompiledNode, CompiledWorkflow } from './compile.js'
import type { WorkflowEffects } from './effects.js'
import type { NodeRecord } from './history.js'

/** How a run goes. */
export interface RunWorkflowOptions {
  /** jobs and fetches (absent: such nodes need a record) */
  effects?: WorkflowEffects
  /** records of an earlier run of the same document and input (its history): a job or fetch that finished there is not run again */
  recorded?: ReadonlyMap<string, NodeRecord>
  /** hears each job's and fetch's record as soon as it finished, before anything depends on it (to write it down) */
  onRecord?(record: NodeRecord): void | Promise<void>
  signal?: AbortSignal
  /** jobs and fetches in flight at once (default DEFAULT_MAX_CONCURRENT_EFFECTS) */
  maxConcurrentEffects?: number
}

/** A run's end: its output or the error that stopped it, and its history. */
export interface WorkflowResult {
  status: 'done' | 'failed'
  output?: unknown
  error?: { node?: string, name: string, message: string }
  /** every node that finished, ran or skipped, in plan order (the same for the same document and input, whatever the timing) */
  history: NodeRecord[]
}

interface RunState {
  options: RunWorkflowOptions
  records: Map<string, NodeRecord>
  /** item counts of the maps that started, by path */
  mapItems: Map<string, number>
  abort: AbortController
  failure?: NodeFailedError
  effects: Semaphore
}

/** A node's end within its graph (its output goes to the graph's values): ran or skipped (0: not yet). */
const RAN = 1
const SKIPPED = 2
type Finished = typeof RAN | typeof SKIPPED

/**
 * Runs a compiled workflow on an input: checks the input against the
 * document's inputSchema, then runs each node as soon as what it waits
 * for has finished (independent nodes concurrently, jobs and fetches
 * bounded by maxConcurrentEffects), checks each node's input and output
 * against its schemas, and evaluates the output. The first node to fail
 * stops the run (effects in flight are aborted). Pure: the same document,
 * input and effect results give the same output and history.
 */
export async function runWorkflow (workflow: CompiledWorkflow, input: unknown, options: RunWorkflowOptions = {}): Promise<WorkflowResult> {
  const { document } = workflow
  checkSize(input, MAX_INPUT_CHARS, 'the workflow input', InvalidWorkflowInputError)
  if (document.inputSchema != null) {
    try {
      schemaCheck(document.inputSchema)(input)
    } catch (err: any) {
      throw new InvalidWorkflowInputError(`The input does not fit the workflow's inputSchema: ${err.message}`)
    }
  }
  const abort = new AbortController()
  const onAbort = (): void => { abort.abort(options.signal?.reason) }
  options.signal?.addEventListener('abort', onAbort, { once: true })
  const state: RunState = { options, records: new Map(), mapItems: new Map(), abort, effects: new Semaphore(options.maxConcurrentEffects ?? DEFAULT_MAX_CONCURRENT_EFFECTS) }
  try {
    const values: Record<string, unknown> = { input }
    await runGraph(workflow.graph, values, '', state)
    const history = canonicalHistory(workflow.graph, state.records, state.mapItems)
    if (state.failure != null) return { status: 'failed', error: { node: state.failure.node, name: state.failure.reason.name, message: state.failure.message }, history }
    if (options.signal?.aborted === true) return { status: 'failed', error: { name: 'AbortError', message: 'The run was stopped' }, history }
    try {
      const output = workflow.output.evaluate(values)
      if (document.outputSchema != null) schemaCheck(document.outputSchema)(output)
      return { status: 'done', output, history }
    } catch (err: any) {
      return { status: 'failed', error: { name: err.name, message: `the workflow's output: ${err.message}` }, history }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }
}

/**
 * Runs one graph: `values` holds what its expressions may name (the input,
 * enclosing nodes, a map's item) and gets each node's output as it
 * finishes. Resolves when every node has finished or the run failed.
 */
async function runGraph (graph: CompiledGraph, values: Record<string, unknown>, prefix: string, state: RunState): Promise<void> {
  const { nodes } = graph
  const finished = new Uint8Array(nodes.length)
  const waiting = Int32Array.from(nodes, n => n.after.length)
  const { next } = graph
  await new Promise<void>((resolve) => {
    // ready nodes in the order they became ready; pure nodes run at once, jobs, fetches and maps asynchronously
    const queue: CompiledNode[] = nodes.filter(n => n.after.length === 0)
    let head = 0
    let running = 0
    const finish = (node: CompiledNode, end: Finished | undefined): void => {
      if (end == null) return
      finished[node.index] = end
      for (const n of next[node.index]!) if (--waiting[n]! === 0) queue.push(nodes[n]!)
    }
    const pump = (): void => {
      while (head < queue.length && state.failure == null && !state.abort.signal.aborted) {
        const node = queue[head++]!
        if (!ASYNC_TYPES.has(node.node.type)) {
          finish(node, runPureNode(node, finished, values, prefix, state))
          continue
        }
        running++
        void runNode(node, finished, values, prefix, state).then((end) => {
          running--
          finish(node, end)
          pump()
        })
      }
      if (running === 0) resolve()
    }
    pump()
  })
}

/** Node types that wait for something (an effect, a map's items): the rest run synchronously, without a promise each. */
const ASYNC_TYPES: ReadonlySet<string> = new Set(['job', 'fetch', 'map'])

/** Whether a node is skipped: what it waits for was skipped (a merge: all of it), or its `when` is false. Records it. */
function skipped (compiled: CompiledNode, finished: Uint8Array, values: Record<string, unknown>, path: string, state: RunState): boolean {
  let any = false
  let all = true
  for (const a of compiled.after) {
    if (finished[a] === SKIPPED) any = true
    else all = false
  }
  const skip = (compiled.node.type === 'merge' ? all && compiled.after.length > 0 : any) ||
    (compiled.expressions.when != null && compiled.expressions.when.evaluate(values) !== true)
  if (skip) state.records.set(path, { node: path, status: 'skipped' })
  return skip
}

/** A node's output checked (its schema, its size), recorded, and put where later expressions find it. */
function completed (compiled: CompiledNode, output: unknown, values: Record<string, unknown>, path: string, state: RunState): Finished {
  if (compiled.node.outputSchema != null) schemaCheck(compiled.node.outputSchema)(output)
  checkSize(output, MAX_VALUE_CHARS, 'the output', WorkflowLimitError)
  if (!state.records.has(path)) state.records.set(path, { node: path, status: 'done', output })
  values[compiled.id] = output
  return RAN
}

/** A node's failure: the run's, unless the run was stopped or another node failed first. */
function failed (err: any, path: string, state: RunState): undefined {
  // stopped from outside, or after another node failed: not this node's failure
  if (state.abort.signal.aborted && (state.failure != null || state.options.signal?.aborted === true)) return undefined
  const failure = err instanceof NodeFailedError ? err : new NodeFailedError(path, { name: err.name ?? 'Error', message: String(err.message ?? err).slice(0, MAX_ERROR_MESSAGE_LENGTH) })
  if (!(err instanceof NodeFailedError)) state.records.set(path, { node: path, status: 'failed', error: failure.reason })
  state.failure ??= failure
  state.abort.abort(failure)
  return undefined
}

/** Runs a transform, switch, merge or assert: undefined when it failed. */
function runPureNode (compiled: CompiledNode, finished: Uint8Array, values: Record<string, unknown>, prefix: string, state: RunState): Finished | undefined {
  const path = prefix + compiled.id
  try {
    if (skipped(compiled, finished, values, path, state)) return SKIPPED
    return completed(compiled, evaluatePure(compiled, values), values, path, state)
  } catch (err: any) {
    return failed(err, path, state)
  }
}

/** Runs a job, fetch or map: undefined when the run failed or stopped before it finished. */
async function runNode (compiled: CompiledNode, finished: Uint8Array, values: Record<string, unknown>, prefix: string, state: RunState): Promise<Finished | undefined> {
  const path = prefix + compiled.id
  try {
    if (skipped(compiled, finished, values, path, state)) return SKIPPED
    const output = await evaluateAsync(compiled, values, path, state)
    if (output === ABORTED) return undefined
    return completed(compiled, output, values, path, state)
  } catch (err: any) {
    return failed(err, path, state)
  }
}

const ABORTED = Symbol('aborted')

function evaluatePure (compiled: CompiledNode, values: Record<string, unknown>): unknown {
  const { node, expressions } = compiled
  const evaluate = (field: string): unknown => expressions[field]?.evaluate(values)
  switch (node.type) {
    case 'transform': {
      const value = evaluate('value')
      if (node.inputSchema != null) schemaCheck(node.inputSchema)({ value })
      return value
    }
    case 'assert': {
      const check = evaluate('check')
      if (typeof check !== 'boolean') throw new ExpressionError(`check must be true or false, not ${JSON.stringify(check)?.slice(0, 60)}`)
      if (!check) {
        const message = expressions.message != null ? evaluate('message') : `the check ${node.check} is false`
        throw new AssertionFailedError(typeof message === 'string' ? message : JSON.stringify(message))
      }
      return true
    }
    case 'switch': {
      for (const [c, entry] of node.cases.entries()) {
        const holds = evaluate(`cases/${c}/when`)
        if (typeof holds !== 'boolean') throw new ExpressionError(`case ${entry.case}: when must be true or false`)
        if (holds) return entry.case
      }
      if (node.default != null) return node.default
      throw new ExpressionError('no case holds, and the switch has no default')
    }
    case 'merge': {
      // a node that was skipped has no output in `values`
      const outputs = node.from.filter(id => Object.hasOwn(values, id)).map(id => ({ id, value: values[id] }))
      if ((node.mode ?? 'first') === 'first') return outputs[0]?.value ?? null
      if (node.mode === 'all') return outputs.map(o => o.value)
      return Object.fromEntries(outputs.map(o => [o.id, o.value]))
    }
    default:
      throw new Error(`a ${node.type} node does not run synchronously`)
  }
}

async function evaluateAsync (compiled: CompiledNode, values: Record<string, unknown>, path: string, state: RunState): Promise<unknown> {
  const { node, expressions } = compiled
  if (node.type === 'map') return runMap(compiled, values, path, state)
  if (node.type !== 'job' && node.type !== 'fetch') return evaluatePure(compiled, values)
  const fields: Record<string, unknown> = {}
  for (const field of Object.keys(expressions)) if (field !== 'when') fields[field] = expressions[field]!.evaluate(values)
  const request = node.type === 'job' ? jobRequest(node, fields) : fetchRequest(node, fields)
  if (node.inputSchema != null) schemaCheck(node.inputSchema)(request)
  return runEffect(node.type, request, path, state)
}

async function runEffect (type: 'job' | 'fetch', request: any, path: string, state: RunState): Promise<unknown> {
  const earlier = state.options.recorded?.get(path)
  if (earlier?.status === 'done') {
    state.records.set(path, earlier)
    return earlier.output
  }
  const effect = state.options.effects?.[type]
  if (effect == null) throw new ExpressionError(`this engine has no ${type === 'job' ? 'job runner' : 'fetcher'} and the history holds no result for the node`)
  await state.effects.acquire()
  try {
    if (state.abort.signal.aborted) return ABORTED
    const output = await effect(request, { node: path, signal: state.abort.signal })
    if (state.abort.signal.aborted) return ABORTED
    const entry: NodeRecord = { node: path, status: 'done', output }
    await state.options.onRecord?.(entry)
    state.records.set(path, entry)
    return output
  } finally {
    state.effects.release()
  }
}

async function runMap (compiled: CompiledNode, values: Record<string, unknown>, path: string, state: RunState): Promise<unknown> {
  const node = compiled.node as Extract<CompiledNode['node'], { type: 'map' }>
  const over = compiled.expressions.over!.evaluate(values)
  if (!Array.isArray(over)) throw new ExpressionError(`over must be a list, not ${over === null ? 'null' : typeof over}`)
  const limit = Math.min(node.maxItems ?? MAX_MAP_ITEMS, MAX_MAP_ITEMS)
  if (over.length > limit) throw new WorkflowLimitError(`the map is over ${over.length} items; the limit is ${limit}`)
  state.mapItems.set(path, over.length)
  const results: unknown[] = new Array(over.length)
  let nextItem = 0
  const worker = async (): Promise<void> => {
    while (nextItem < over.length && state.failure == null && !state.abort.signal.aborted) {
      const i = nextItem++
      const itemValues: Record<string, unknown> = { ...values, [node.as ?? 'item']: over[i], [node.indexAs ?? 'index']: i }
      await runGraph(compiled.graph!, itemValues, `${path}[${i}].`, state)
      if (state.failure != null || state.abort.signal.aborted) return
      results[i] = compiled.expressions.value!.evaluate(itemValues)
    }
  }
  await Promise.all(Array.from({ length: Math.min(node.concurrency ?? DEFAULT_MAP_CONCURRENCY, Math.max(1, over.length)) }, worker))
  if (state.failure != null) throw state.failure
  if (state.abort.signal.aborted) return ABORTED
  return results
}

function checkSize (value: unknown, limit: number, what: string, ErrorType: new (message: string) => Error): void {
  if (value == null || typeof value === 'number' || typeof value === 'boolean') return
  const length = typeof value === 'string' ? value.length : JSON.stringify(value).length
  if (length > limit) throw new ErrorType(`${what} is ${length} characters of JSON; the limit is ${limit}`)
}

/** At most `max` holders at once; the rest wait in order. */
class Semaphore {
  private free: number
  private readonly waiting: Array<() => void> = []

  constructor (max: number) {
    this.free = Math.max(1, max)
  }

  async acquire (): Promise<void> {
    if (this.free > 0) {
      this.free--
      return
    }
    await new Promise<void>(resolve => { this.waiting.push(resolve) })
  }

  release (): void {
    const next = this.waiting.shift()
    if (next != null) next()
    else this.free++
  }
}
