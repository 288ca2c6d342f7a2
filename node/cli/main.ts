// The peergrid CLI entry point. The polyfill must be the first import.
import '../polyfill.js'
import module from 'node:module'
import { createProgram, reportError } from './program.js'

// Node 22.1+ caches compiled code between runs; start-up is a measured goal
;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()

try {
  await createProgram().parseAsync(process.argv)
} catch (err) {
  reportError(err)
}
