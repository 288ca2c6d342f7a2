// One fuzz worker thread: runs the targets it is given and posts a report per target.
import '../../node/polyfill.js'
import { parentPort, workerData } from 'node:worker_threads'
import { fuzz } from './harness.js'
import { TARGETS, prepareTargets } from './targets.js'
import type { FuzzOptions } from './harness.js'

const { names, options, deadline } = workerData as { names: string[], options: FuzzOptions, deadline: number }
await prepareTargets()
for (const [index, name] of names.entries()) {
  const target = TARGETS.find(t => t.name === name)
  if (target == null) throw new Error(`No fuzz target ${name}`)
  // an even share of the time left: a target that finishes early leaves more to the slow ones after it
  const timeLimitMs = Math.max(1_000, Math.floor((deadline - Date.now()) / (names.length - index)))
  const report = await fuzz(target, { ...options, timeLimitMs })
  parentPort?.postMessage(JSON.parse(JSON.stringify(report, (_key, value) => value instanceof Uint8Array ? `bytes:${Buffer.from(value).toString('hex')}` : typeof value === 'bigint' ? String(value) : value)))
}
