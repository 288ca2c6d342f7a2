// The peergrid CLI entry point. The polyfill must be the first import.
import '../polyfill.js'
import { createProgram, reportError } from './program.js'

createProgram().parseAsync(process.argv).catch(reportError)
