// The worker thread's entry: tsx's loader is registered per thread, so the worker registers it before loading the TypeScript.
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
