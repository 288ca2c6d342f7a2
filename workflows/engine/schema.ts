import { Validator } from '@cfworker/json-schema'
import { SchemaError } from './errors.js'
import type { JsonSchema } from './document.js'

/** What one JSON Schema says about a value: nothing (it fits), or why not. */
export type SchemaCheck = (value: unknown) => void

const validators = new WeakMap<object, SchemaCheck>()

/**
 * A check of values against a JSON Schema (draft 2020-12) with
 * @cfworker/json-schema: it interprets schemas (no `new Function`, so it
 * runs under a strict page CSP) and needs no compile step, which suits
 * schemas that come with each document. Throws SchemaError naming the
 * first problem's location. Kept per schema object.
 */
export function schemaCheck (schema: JsonSchema): SchemaCheck {
  if (typeof schema === 'boolean') {
    return (value) => { if (!schema) throw new SchemaError(`no value is allowed here (got ${JSON.stringify(value)?.slice(0, 60)})`) }
  }
  const known = validators.get(schema)
  if (known != null) return known
  const validator = new Validator(schema as any, '2020-12', true)
  const check: SchemaCheck = (value) => {
    const result = validator.validate(value)
    if (result.valid) return
    throw new SchemaError(describeErrors(result.errors)[0] ?? 'the value does not fit its schema')
  }
  validators.set(schema, check)
  return check
}

/** The errors that say something (not the allOf/if/$ref wrappers around them), as `at /pointer: message`. */
export function describeErrors (errors: Array<{ instanceLocation: string, keyword: string, error: string }>): string[] {
  const wrappers = new Set(['allOf', 'anyOf', 'if', 'then', '$ref', 'properties', 'items', 'prefixItems', 'additionalProperties-wrapper', 'unevaluatedProperties-wrapper'])
  const useful = errors.filter(e => !wrappers.has(e.keyword))
  return (useful.length > 0 ? useful : errors).map(e => `${pointer(e.instanceLocation)}: ${e.error}`)
}

/** "#/nodes/2/url" → "/nodes/2/url" ("#" → "/"). */
export function pointer (instanceLocation: string): string {
  const path = instanceLocation.replace(/^#/, '')
  return path === '' ? '/' : path
}
