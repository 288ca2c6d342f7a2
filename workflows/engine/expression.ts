import { Environment } from '@marcbachmann/cel-js'
import { EXPRESSION_CACHE_SIZE, EXPRESSION_LIMITS, MAX_VALUE_CHARS } from './constants.js'
import { ExpressionError, WorkflowLimitError } from './errors.js'

/** A parsed expression: what it names, and how to evaluate it. */
export interface CompiledExpression {
  source: string
  /** the free identifiers it names (not those its macros bind) */
  names: ReadonlySet<string>
  evaluate(context: Record<string, unknown>): unknown
}

/** Macros that bind their first argument as a variable in the others. */
const BINDING_MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter', 'transformList', 'transformMap'])

/**
 * The one CEL environment of workflows (@marcbachmann/cel-js): every
 * variable dynamic, mixed int/double arithmetic allowed (JSON numbers are
 * doubles; `input.price + 1` should work), `parseJson`, `toJson`, and
 * `min()`, `max()`, `sum()` on lists of numbers, and the
 * parse limits of EXPRESSION_LIMITS. CEL has no loops, recursion, globals or
 * prototype access, so an expression reaches only the values it is given.
 */
function createEnvironment (): Environment {
  const env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false, limits: EXPRESSION_LIMITS })
  const arithmetic: Record<string, (a: number, b: number) => number> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b
  }
  for (const [op, apply] of Object.entries(arithmetic)) {
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => apply(a, Number(b)))
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => apply(Number(a), b))
  }
  env.registerFunction('parseJson(string): dyn', (text: string) => {
    if (text.length > MAX_VALUE_CHARS) throw new WorkflowLimitError(`parseJson: the text is over ${MAX_VALUE_CHARS} characters`)
    try {
      return JSON.parse(text)
    } catch (err: any) {
      throw new ExpressionError(`parseJson: ${err.message}`)
    }
  })
  env.registerFunction('toJson(dyn): string', (value: unknown) => JSON.stringify(toJson(value)))
  // list folds CEL leaves out; pipelines want them (numbers of either kind, as doubles)
  const numbers = (list: unknown[], what: string): number[] => list.map(v => {
    if (typeof v === 'number') return v
    if (typeof v === 'bigint') return Number(v)
    throw new ExpressionError(`${what}() takes a list of numbers`)
  })
  env.registerFunction('list.min(): dyn', (list: unknown[]) => { if (list.length === 0) throw new ExpressionError('min() of an empty list'); return Math.min(...numbers(list, 'min')) })
  env.registerFunction('list.max(): dyn', (list: unknown[]) => { if (list.length === 0) throw new ExpressionError('max() of an empty list'); return Math.max(...numbers(list, 'max')) })
  env.registerFunction('list.sum(): double', (list: unknown[]) => numbers(list, 'sum').reduce((a, b) => a + b, 0))
  return env
}

let environment: Environment | undefined
const cache = new Map<string, CompiledExpression>()

/** Parses an expression (cached by its text); throws ExpressionError with the parser's message. */
export function compileExpression (source: string): CompiledExpression {
  const known = cache.get(source)
  if (known != null) return known
  environment ??= createEnvironment()
  let parsed
  try {
    parsed = environment.parse(source)
  } catch (err: any) {
    throw new ExpressionError(firstLine(err.message))
  }
  const names = new Set<string>()
  collectNames(parsed.ast, new Set(), names)
  const compiled: CompiledExpression = {
    source,
    names,
    evaluate: (context) => {
      try {
        return toJson(parsed(context))
      } catch (err: any) {
        if (err instanceof WorkflowLimitError || err instanceof ExpressionError) throw err
        throw new ExpressionError(firstLine(err.message ?? String(err)))
      }
    }
  }
  if (cache.size >= EXPRESSION_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
  cache.set(source, compiled)
  return compiled
}

/** The free identifiers of a cel-js AST: `id` nodes not bound by an enclosing macro. */
function collectNames (node: any, bound: ReadonlySet<string>, names: Set<string>): void {
  if (node == null || typeof node !== 'object') return
  if (Array.isArray(node)) {
    for (const child of node) collectNames(child, bound, names)
    return
  }
  const { op, args } = node
  if (op === 'id') {
    if (typeof args === 'string' && !bound.has(args)) names.add(args)
    return
  }
  if (op === 'value') return
  if (op === 'rcall' && Array.isArray(args) && BINDING_MACROS.has(args[0]) && Array.isArray(args[2]) && args[2][0]?.op === 'id') {
    collectNames(args[1], bound, names)
    const inner = new Set(bound)
    inner.add(args[2][0].args)
    // transformList/transformMap bind two variables when given three arguments
    if (args[2].length === 4 && args[2][1]?.op === 'id') inner.add(args[2][1].args)
    collectNames(args[2].slice(1), inner, names)
    return
  }
  if (op === '.' && Array.isArray(args)) {
    // a field name is not a variable
    collectNames(args[0], bound, names)
    return
  }
  collectNames(args, bound, names)
}

/**
 * A CEL value as JSON: ints (BigInt) become numbers (refused past
 * Number.MAX_SAFE_INTEGER), maps and lists are copied, bytes and other
 * types are refused. Throws ExpressionError.
 */
export function toJson (value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (!Number.isFinite(value)) throw new ExpressionError(`${value} is not a JSON number`)
      return value
    case 'bigint':
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new ExpressionError(`${value} is past the largest exact JSON integer`)
      return Number(value)
    case 'object': {
      if (value === null) return null
      if (Array.isArray(value)) return value.map(toJson)
      if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJson(v)]))
      if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
        const out: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(value)) out[k] = toJson(v)
        return out
      }
      throw new ExpressionError(`a value of type ${(value as object).constructor?.name ?? 'object'} is not JSON`)
    }
    default:
      throw new ExpressionError(`a ${typeof value} is not JSON`)
  }
}

function firstLine (message: string): string {
  return message.split('\n')[0] ?? message
}
