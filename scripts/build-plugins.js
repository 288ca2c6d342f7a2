// esbuild plugins that keep work out of the CLI's start-up (a measured goal,
// npm run bench): each replaces one dependency module in the bundle.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * kad-dht's table of 65,536 key prefixes is 388 KB of source that every start
 * would read and the code cache would carry, but it is read only when the
 * routing table refreshes. It moves to a JSON file beside the bundle, parsed
 * on the first read.
 */
export function kadPrefixesFromFile (outdir) {
  const filter = /@libp2p[\\/]kad-dht[\\/]dist[\\/]src[\\/]routing-table[\\/]generated-prefix-list\.js$/
  const file = 'kad-dht-prefixes.json'
  return {
    name: 'kad-prefixes-from-file',
    setup (build) {
      build.onLoad({ filter }, async ({ path }) => {
        const source = await readFile(path, 'utf8')
        const literal = /^export default (\[[\s\d,]*\]);?$/m.exec(source)
        if (literal == null) throw new Error(`kadPrefixesFromFile: ${path} no longer exports an array of numbers; update scripts/build-plugins.js`)
        const values = JSON.parse(literal[1].replace(/,\s*\]$/, ']'))
        if (values.length !== 65536) throw new Error(`kadPrefixesFromFile: expected 65,536 prefixes in ${path}, found ${values.length}`)
        await mkdir(outdir, { recursive: true })
        await writeFile(join(outdir, file), JSON.stringify(values))
        return {
          loader: 'js',
          contents: `import { readFileSync } from 'node:fs'
import { join } from 'node:path'
let values
const load = () => (values ??= JSON.parse(readFileSync(join(__dirname, ${JSON.stringify(file)}), 'utf8')))
export default new Proxy([], {
  get: (_, key) => Reflect.get(load(), key),
  has: (_, key) => Reflect.has(load(), key)
})
`
        }
      })
    }
  }
}

/**
 * classic-level is bundled (its JavaScript joins the code cache) except its
 * native binding, which node-gyp-build finds from classic-level's own
 * package directory in node_modules.
 */
export function classicLevelBinding () {
  return {
    name: 'classic-level-binding',
    setup (build) {
      build.onLoad({ filter: /[\\/]classic-level[\\/]binding\.js$/ }, () => ({
        loader: 'js',
        contents: "module.exports = require('node-gyp-build')(require('node:path').dirname(require.resolve('classic-level/package.json')))"
      }))
    }
  }
}

/**
 * prom-client's index loads its Pushgateway (http, https, zlib) and its
 * cluster aggregator (cluster) eagerly; peergrid uses neither.
 */
export function promClientWithoutPushOrCluster () {
  return {
    name: 'prom-client-without-push-or-cluster',
    setup (build) {
      build.onLoad({ filter: /[\\/]prom-client[\\/]lib[\\/](pushgateway|cluster)\.js$/ }, ({ path }) => ({
        loader: 'js',
        contents: `module.exports = class { constructor () { throw new Error(${JSON.stringify(`prom-client's ${basename(path)} is not in the peergrid bundle (scripts/build-plugins.js)`)}) } }`
      }))
    }
  }
}

/**
 * The bundle must be ASCII (Node then keeps it as a one-byte string), and
 * esbuild leaves non-ASCII characters inside regular expression literals as
 * they are: cel-js has one (`µs` in its duration pattern). Such a module's
 * non-ASCII characters become \u escapes, which mean the same in a regex
 * literal, a string or a template.
 */
export function asciiRegexLiterals () {
  const filter = /@marcbachmann[\\/]cel-js[\\/]lib[\\/].*\.js$/
  return {
    name: 'ascii-regex-literals',
    setup (build) {
      build.onLoad({ filter }, async ({ path }) => {
        const source = await readFile(path, 'utf8')
        return { contents: source.replace(/[^\x00-\x7f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), loader: 'js' }
      })
    }
  }
}

/**
 * @achingbrain/ssdp (UPnP discovery, for `--upnp`) reads its own
 * package.json relative to its file at run time, which is not there in the
 * bundle: its name and version are written in at build time.
 */
export function ssdpPackageJson () {
  return {
    name: 'ssdp-package-json',
    setup (build) {
      build.onLoad({ filter: /[\\/]@achingbrain[\\/]ssdp[\\/]dist[\\/]src[\\/]ssdp\.js$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8')
        const pkg = JSON.parse(await readFile(new URL('../../package.json', pathToFileURL(path)), 'utf8'))
        const call = "req('../../package.json')"
        if (!source.includes(call)) throw new Error('@achingbrain/ssdp no longer reads its package.json as expected: revisit scripts/build-plugins.js')
        return { contents: source.replace(call, JSON.stringify({ name: pkg.name, version: pkg.version })), loader: 'js' }
      })
    }
  }
}
