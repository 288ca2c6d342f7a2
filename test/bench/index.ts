// npm run bench: figures for start-up, idle cost and discovery, each next to a
// baseline measured in the same run. Figures only; nothing here asserts.
import '../../node/polyfill.js'
import { existsSync } from 'node:fs'
import { coldStart } from './cold-start.js'
import { dhtFind } from './dht-find.js'
import { idleProvider } from './idle.js'
import { printFigures } from './stats.js'

if (!existsSync(new URL('../../dist/peergrid.js', import.meta.url))) {
  throw new Error('dist/peergrid.js is missing: run `npm run build` (npm run bench does)')
}
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30)
const started = Date.now()
process.stdout.write(`peergrid bench on Node ${process.version}, ${new Date().toISOString()}\n`)
printFigures('Cold start (bundled CLI)', await coldStart(10))
printFigures('Idle provider', await idleProvider(idleSeconds))
printFigures('DHT find (30-node testnet, in one process)', await dhtFind(30, 30))
process.stdout.write(`\ndone in ${Math.round((Date.now() - started) / 1000)} s\n`)
