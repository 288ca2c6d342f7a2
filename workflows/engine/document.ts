/** A JSON Schema, as a document carries it. */
export type JsonSchema = Record<string, unknown> | boolean

/** A CEL expression over the workflow's `input`, earlier nodes' outputs by id, and a map's item and index. */
export type Expression = string

/** What every node has. */
interface NodeBase {
  id: string
  description?: string
  /** the node runs only when this is true; else it (and what depends on it) is skipped */
  when?: Expression
  /** checks the node's evaluated parameters, and its output */
  inputSchema?: JsonSchema
  outputSchema?: JsonSchema
}

/** Evaluates one expression: its value is the node's output. */
export interface TransformNode extends NodeBase {
  type: 'transform'
  value: Expression
}

/** A WebAssembly job on a provider: the module by its sha-256 (hex), the rest evaluated. */
export interface JobNode extends NodeBase {
  type: 'job'
  module: string
  /** list of strings (argv[1..]) */
  args?: Expression
  /** a string */
  stdin?: Expression
  /** a map of path to string */
  files?: Expression
  /** a list of NAME=value strings */
  env?: Expression
  memoryMiB?: number
  timeoutMs?: number
  country?: string
}

/** An HTTP request through the proxy mesh. */
export interface FetchNode extends NodeBase {
  type: 'fetch'
  url: Expression
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'PATCH'
  /** a map of header name to string */
  headers?: Expression
  /** a string */
  body?: Expression
  /** exit country (ISO 3166-1 alpha-2), an expression */
  country?: Expression
  /** a sticky-session id, an expression */
  session?: Expression
}

/** Chooses a branch: its output is the name of the first case whose `when` holds, else `default`. */
export interface SwitchNode extends NodeBase {
  type: 'switch'
  cases: Array<{ case: string, when: Expression }>
  default?: string
}

/** Runs a sub-graph for each item of a list; its output is the list of each item's `value`. */
export interface MapNode extends NodeBase {
  type: 'map'
  over: Expression
  /** the item's and its index's names in the sub-graph (default `item` and `index`) */
  as?: string
  indexAs?: string
  nodes: WorkflowNode[]
  value: Expression
  /** at most this many items (default and cap MAX_MAP_ITEMS) */
  maxItems?: number
  /** items in flight at once (default DEFAULT_MAP_CONCURRENCY) */
  concurrency?: number
}

/** Joins branches: the first of `from` that ran (first), a list of those that ran (all), or an object of them by id (object). */
export interface MergeNode extends NodeBase {
  type: 'merge'
  from: string[]
  mode?: 'first' | 'all' | 'object'
}

/** Fails the run with `message` unless `check` is true; its output is true. */
export interface AssertNode extends NodeBase {
  type: 'assert'
  check: Expression
  message?: Expression
}

export type WorkflowNode = TransformNode | JobNode | FetchNode | SwitchNode | MapNode | MergeNode | AssertNode

/** The node types, and those whose result comes from outside (recorded in the history, replayed from it). */
export const NODE_TYPES = ['transform', 'job', 'fetch', 'switch', 'map', 'merge', 'assert'] as const
export const EFFECT_TYPES: ReadonlySet<string> = new Set(['job', 'fetch'])

/** A workflow document. */
export interface WorkflowDocument {
  workflow: 1
  name?: string
  description?: string
  inputSchema?: JsonSchema
  outputSchema?: JsonSchema
  nodes: WorkflowNode[]
  /** the run's output */
  output: Expression
}
