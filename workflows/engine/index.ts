/**
 * @packageDocumentation
 *
 * The workflow engine: deterministic DAGs of transforms, WebAssembly jobs,
 * fetches through the proxy mesh, switches, maps, merges and asserts. No
 * Node built-ins: `node/` runs it on a gateway with jobs and fetches on
 * providers, `web/` runs the same code in a browser. Expressions are CEL
 * (@marcbachmann/cel-js), schemas JSON Schema 2020-12 (@cfworker/json-schema).
 *
 * @example
 *
 * ```TypeScript
 * const workflow = compileWorkflow(JSON.parse(text)) // throws InvalidWorkflowError listing each problem
 * const result = await runWorkflow(workflow, input, { effects: { job, fetch }, onRecord: save })
 * // result.output, result.history; a later run with { recorded: recordsOf(result.history) } replays it
 * ```
 */

export * from './compile.js'
export * from './constants.js'
export * from './document.js'
export * from './document-schema.js'
export * from './effects.js'
export * from './errors.js'
export * from './expression.js'
export * from './history.js'
export * from './run.js'
export * from './schema.js'
