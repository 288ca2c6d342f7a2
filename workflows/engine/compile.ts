import { MAX_MAP_DEPTH, MAX_NODES, MAX_PROBLEMS } from './constants.js'
import { workflowDocument } from './document-validator.generated.js'
import { InvalidWorkflowError } from './errors.js'
import { compileExpression } from './expression.js'
import type { CompiledExpression } from './expression.js'
import type { MapNode, WorkflowDocument, WorkflowNode } from './document.js'
import type { WorkflowProblem } from './errors.js'

/** The names every expression may use besides node ids. */
const INPUT = 'input'

/** A node ready to run: its parsed expressions and what it waits for. */
export interface CompiledNode {
  id: string
  /** `id`, or `map[].id` inside a map's sub-graph */
  path: string
  /** its index in its graph's plan */
  index: number
  node: WorkflowNode
  /** its expression fields, parsed */
  expressions: Record<string, CompiledExpression>
  /** nodes of the same graph it waits for, by plan index (from its expressions, a merge's `from`) */
  after: number[]
  /** a map's sub-graph */
  graph?: CompiledGraph
}

/** One graph (the workflow's, or a map's sub-graph) in plan order: every node after all it waits for. */
export interface CompiledGraph {
  nodes: CompiledNode[]
  byId: ReadonlyMap<string, CompiledNode>
  /** by plan index: the nodes that wait for it */
  next: number[][]
}

/** A workflow checked and planned, ready for runWorkflow. */
export interface CompiledWorkflow {
  document: WorkflowDocument
  graph: CompiledGraph
  output: CompiledExpression
  /** every node, counting those inside maps */
  size: number
}

const EXPRESSION_FIELDS: Record<string, readonly string[]> = {
  transform: ['when', 'value'],
  job: ['when', 'args', 'stdin', 'files', 'env'],
  fetch: ['when', 'url', 'headers', 'body', 'country', 'session'],
  switch: ['when'],
  map: ['when', 'over', 'value'],
  merge: ['when'],
  assert: ['when', 'check', 'message']
}

/**
 * Checks a workflow document and plans it: its form against
 * WORKFLOW_DOCUMENT_SCHEMA (precompiled with ajv by `npm run generate`: the
 * interpreting validator took 20 ms for a 1,000-node document), unique ids, every expression parsed, every name
 * an expression uses known (the input, a node of its graph or an enclosing
 * one, a map's item and index), no cycles; then each graph in plan order.
 * Throws InvalidWorkflowError listing every problem with its node and path.
 */
export function compileWorkflow (document: unknown): CompiledWorkflow {
  if (!workflowDocument(document)) throw new InvalidWorkflowError(formProblems(document, workflowDocument.errors ?? []))
  const doc = document as WorkflowDocument
  const problems: WorkflowProblem[] = []
  const counter = { size: 0 }
  const graph = compileGraph(doc.nodes, { prefix: '', path: '/nodes', outer: new Map(), names: new Set([INPUT]), depth: 0 }, problems, counter)
  let output: CompiledExpression | undefined
  try {
    output = compileExpression(doc.output)
    for (const name of output.names) {
      if (name !== INPUT && !graph.byId.has(name)) problems.push({ path: '/output', message: `names ${name}, which is no node of the workflow` })
    }
  } catch (err: any) {
    problems.push({ path: '/output', message: err.message })
  }
  if (counter.size > MAX_NODES) problems.push({ path: '/nodes', message: `the workflow has ${counter.size} nodes; the limit is ${MAX_NODES}` })
  if (problems.length > 0) throw new InvalidWorkflowError(problems.slice(0, MAX_PROBLEMS))
  return { document: doc, graph, output: output as CompiledExpression, size: counter.size }
}

interface Scope {
  /** path prefix of this graph's nodes */
  prefix: string
  /** JSON pointer of this graph's nodes array */
  path: string
  /** nodes of enclosing graphs an expression here may name (they resolve to the enclosing map's wait) */
  outer: ReadonlyMap<string, string>
  /** other names in scope: input, map items and indexes */
  names: ReadonlySet<string>
  depth: number
}

function compileGraph (nodes: WorkflowNode[], scope: Scope, problems: WorkflowProblem[], counter: { size: number }): CompiledGraph & { outerNames: Set<string> } {
  counter.size += nodes.length
  const ids = new Map<string, number>()
  nodes.forEach((node, i) => {
    const path = `${scope.path}/${i}`
    if (ids.has(node.id)) problems.push({ node: scope.prefix + node.id, path: `${path}/id`, message: `the id ${node.id} is used twice` })
    else if (scope.outer.has(node.id) || scope.names.has(node.id)) problems.push({ node: scope.prefix + node.id, path: `${path}/id`, message: `the id ${node.id} hides a name of an enclosing graph` })
    ids.set(node.id, i)
  })
  const outerNames = new Set<string>()
  const compiled: CompiledNode[] = nodes.map((node, i) => {
    const path = `${scope.path}/${i}`
    const name = scope.prefix + node.id
    const waits = new Set<number>()
    const expressions: Record<string, CompiledExpression> = {}
    const use = (names: Iterable<string>, field: string, local: ReadonlySet<string> = new Set()): void => {
      for (const used of names) {
        if (local.has(used) || scope.names.has(used)) continue
        const at = ids.get(used)
        if (at === i) problems.push({ node: name, path: `${path}/${field}`, message: 'names the node itself' })
        else if (at != null) waits.add(at)
        else if (scope.outer.has(used)) outerNames.add(used)
        else problems.push({ node: name, path: `${path}/${field}`, message: `names ${used}, which is no node, input or map item in scope` })
      }
    }
    for (const field of EXPRESSION_FIELDS[node.type] ?? []) {
      const source = (node as unknown as Record<string, unknown>)[field]
      if (typeof source !== 'string') continue
      try {
        expressions[field] = compileExpression(source)
      } catch (err: any) {
        problems.push({ node: name, path: `${path}/${field}`, message: `the expression does not parse: ${err.message}` })
        continue
      }
      // a map's `value` is evaluated per item, with the sub-graph's nodes in scope (checked there)
      if (!(node.type === 'map' && field === 'value')) use(expressions[field].names, field)
    }
    if (node.type === 'switch') {
      for (const [c, entry] of node.cases.entries()) {
        try {
          const when = compileExpression(entry.when)
          expressions[`cases/${c}/when`] = when
          use(when.names, `cases/${c}/when`)
        } catch (err: any) {
          problems.push({ node: name, path: `${path}/cases/${c}/when`, message: `the expression does not parse: ${err.message}` })
        }
      }
    }
    if (node.type === 'merge') {
      for (const [f, from] of node.from.entries()) {
        const at = ids.get(from)
        if (at == null || at === i) problems.push({ node: name, path: `${path}/from/${f}`, message: `merges ${from}, which is no other node of this graph` })
        else waits.add(at)
      }
    }
    let graph: CompiledGraph | undefined
    if (node.type === 'map') graph = compileMap(node, name, path, ids, scope, problems, counter, expressions, (names) => { use(names, 'nodes') })
    return { id: node.id, path: name, index: i, node, expressions, after: [...waits].sort((a, b) => a - b), ...(graph != null ? { graph } : {}) }
  })
  const planned = plan(compiled, scope, problems)
  const next = planned.map(() => [] as number[])
  for (const n of planned) for (const a of n.after) next[a]?.push(n.index)
  return { nodes: planned, byId: new Map(planned.map(n => [n.id, n])), next, outerNames }
}

/** A map's sub-graph: its nodes see the enclosing graphs' nodes, the item and the index; what they name outside becomes the map's own wait. */
function compileMap (node: MapNode, name: string, path: string, siblings: ReadonlyMap<string, number>, scope: Scope, problems: WorkflowProblem[], counter: { size: number }, expressions: Record<string, CompiledExpression>, waitFor: (names: Iterable<string>) => void): CompiledGraph | undefined {
  if (scope.depth + 1 > MAX_MAP_DEPTH) {
    problems.push({ node: name, path, message: `maps nest ${scope.depth + 1} deep; the limit is ${MAX_MAP_DEPTH}` })
    return undefined
  }
  const item = node.as ?? 'item'
  const index = node.indexAs ?? 'index'
  if (item === index) problems.push({ node: name, path: `${path}/indexAs`, message: 'the item and its index need different names' })
  const outer = new Map(scope.outer)
  for (const id of siblings.keys()) outer.set(id, id)
  const sub = compileGraph(node.nodes, { prefix: `${name}[].`, path: `${path}/nodes`, outer, names: new Set([...scope.names, item, index]), depth: scope.depth + 1 }, problems, counter)
  // the value is evaluated per item: the item, its index, the sub-graph's nodes, and outer nodes
  const value = expressions.value
  if (value != null) {
    const outside: string[] = []
    for (const used of value.names) {
      if (used === item || used === index || scope.names.has(used) || sub.byId.has(used)) continue
      if (siblings.has(used) || scope.outer.has(used)) outside.push(used)
      else problems.push({ node: name, path: `${path}/value`, message: `names ${used}, which is no node of the sub-graph, input or map item in scope` })
    }
    waitFor(outside)
  }
  if (sub.outerNames.has(node.id)) problems.push({ node: name, path: `${path}/nodes`, message: 'its sub-graph names the map node itself' })
  sub.outerNames.delete(node.id)
  waitFor(sub.outerNames)
  return sub
}

/** Plan order (Kahn's algorithm, ties by document order); a cycle is a problem naming its nodes. */
function plan (nodes: CompiledNode[], scope: Scope, problems: WorkflowProblem[]): CompiledNode[] {
  const waiting = nodes.map(n => n.after.length)
  const next = nodes.map(() => [] as number[])
  nodes.forEach(n => { for (const a of n.after) next[a]!.push(n.index) })
  const ready = new MinHeap()
  for (const n of nodes) if (n.after.length === 0) ready.push(n.index)
  const order: number[] = []
  while (ready.size > 0) {
    const at = ready.pop()
    order.push(at)
    for (const n of next[at]!) if (--waiting[n]! === 0) ready.push(n)
  }
  if (order.length < nodes.length) {
    const stuck = nodes.filter((_, i) => waiting[i]! > 0)
    problems.push({ node: stuck[0]!.path, path: scope.path, message: `the nodes ${stuck.map(n => n.id).join(', ')} wait for each other (a cycle)` })
    return nodes
  }
  // plan indexes: `after` is rewritten to the new positions (in place: nothing else holds these nodes yet)
  const position = new Array<number>(nodes.length)
  order.forEach((original, i) => { position[original] = i })
  return order.map((original, i) => {
    const n = nodes[original]!
    n.index = i
    n.after = n.after.map(a => position[a]!).sort((a, b) => a - b)
    return n
  })
}

/** Schema errors of the document's form, each with the node it falls in and said plainly. */
function formProblems (document: unknown, errors: ReadonlyArray<{ instancePath: string, keyword: string, message?: string, params: Record<string, any> }>): WorkflowProblem[] {
  const seen = new Set<string>()
  const problems: WorkflowProblem[] = []
  for (const e of errors) {
    // the discriminator's complaint about `type` is said better by the enum's or required's beside it
    if (e.keyword === 'discriminator') continue
    const path = e.instancePath === '' ? '/' : e.instancePath
    const message = e.keyword === 'additionalProperties'
      ? `has a field ${String(e.params.additionalProperty)} that ${nodeType(document, path) ?? 'a workflow'} does not take`
      : e.keyword === 'required'
        ? `needs a field ${String(e.params.missingProperty)}`
        : e.keyword === 'enum'
          ? `must be one of ${(e.params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`
          : (e.message ?? e.keyword)
    const key = `${path} ${message}`
    if (seen.has(key)) continue
    seen.add(key)
    const node = nodeAt(document, path)
    problems.push({ ...(node != null ? { node } : {}), path, message })
    if (problems.length >= MAX_PROBLEMS) break
  }
  return problems
}

/** "a transform node" for a path into a node of that type. */
function nodeType (document: unknown, path: string): string | undefined {
  const parts = path.split('/').slice(1)
  let at: any = document
  for (let i = 0; i + 1 < parts.length && parts[i] === 'nodes'; i += 2) at = at?.nodes?.[Number(parts[i + 1])]
  return typeof at?.type === 'string' && at !== document ? `a ${at.type} node` : undefined
}

/** The path of the node a JSON pointer falls in (`/nodes/2/nodes/0/url` → `pages[].parse`), when it falls in one with an id. */
function nodeAt (document: unknown, path: string): string | undefined {
  const parts = path.split('/').slice(1)
  let at: any = document
  let name: string | undefined
  let prefix = ''
  for (let i = 0; i + 1 < parts.length && parts[i] === 'nodes'; i += 2) {
    at = at?.nodes?.[Number(parts[i + 1])]
    if (at == null || typeof at !== 'object') break
    const id = typeof at.id === 'string' ? at.id : `#${parts[i + 1]}`
    name = prefix + id
    prefix = `${name}[].`
  }
  return name
}

/** The smallest of a set of numbers first: the plan takes the ready node that comes first in the document. */
class MinHeap {
  private readonly items: number[] = []

  get size (): number {
    return this.items.length
  }

  push (value: number): void {
    const items = this.items
    let i = items.push(value) - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (items[parent]! <= value) break
      items[i] = items[parent]!
      i = parent
    }
    items[i] = value
  }

  pop (): number {
    const items = this.items
    const top = items[0]!
    const last = items.pop()!
    if (items.length > 0) {
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        if (left >= items.length) break
        const child = left + 1 < items.length && items[left + 1]! < items[left]! ? left + 1 : left
        if (items[child]! >= last) break
        items[i] = items[child]!
        i = child
      }
      items[i] = last
    }
    return top
  }
}
