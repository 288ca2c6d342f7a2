/** One thing wrong with a workflow document: which node, where in the document, and what. */
export interface WorkflowProblem {
  /** the node's path (`fetch_de`, `pages[].parse` inside a map), absent for the document itself */
  node?: string
  /** a JSON pointer into the document, e.g. `/nodes/2/url` */
  path: string
  message: string
}

/** The document is not a workflow this engine can run; `problems` lists each (at most MAX_PROBLEMS). */
export class InvalidWorkflowError extends Error {
  static override name = 'InvalidWorkflowError'
  override name = 'InvalidWorkflowError'
  code = 'ERR_INVALID_WORKFLOW'
  readonly problems: WorkflowProblem[]

  constructor (problems: WorkflowProblem[]) {
    super(problems.map(p => `${p.node != null ? `node ${p.node}` : 'workflow'} (${p.path === '' ? '/' : p.path}): ${p.message}`).join('\n'))
    this.problems = problems
  }
}

/** The workflow's input does not fit its inputSchema, or is too large. */
export class InvalidWorkflowInputError extends Error {
  static override name = 'InvalidWorkflowInputError'
  override name = 'InvalidWorkflowInputError'
  code = 'ERR_INVALID_WORKFLOW_INPUT'
}

/** A node failed: its expression threw, a schema refused its input or output, an assert failed, an effect failed. */
export class NodeFailedError extends Error {
  static override name = 'NodeFailedError'
  override name = 'NodeFailedError'
  code = 'ERR_NODE_FAILED'
  /** the failed node's path */
  readonly node: string
  /** what failed it: ExpressionError, SchemaError, AssertionError, a limit, or the effect's error name */
  readonly reason: { name: string, message: string }

  constructor (node: string, reason: { name: string, message: string }) {
    super(`node ${node}: ${reason.message}`)
    this.node = node
    this.reason = reason
  }
}

/** An expression failed to evaluate (no such key, no such overload, division by zero…), or gave a value that is not JSON. */
export class ExpressionError extends Error {
  static override name = 'ExpressionError'
  override name = 'ExpressionError'
  code = 'ERR_EXPRESSION'
}

/** A value does not fit a JSON Schema. */
export class SchemaError extends Error {
  static override name = 'SchemaError'
  override name = 'SchemaError'
  code = 'ERR_SCHEMA'
}

/** An assert node's check was false. */
export class AssertionFailedError extends Error {
  static override name = 'AssertionFailedError'
  override name = 'AssertionFailedError'
  code = 'ERR_ASSERTION_FAILED'
}

/** A limit of the engine was passed (a map over too many items, a value too large). */
export class WorkflowLimitError extends Error {
  static override name = 'WorkflowLimitError'
  override name = 'WorkflowLimitError'
  code = 'ERR_WORKFLOW_LIMIT'
}
