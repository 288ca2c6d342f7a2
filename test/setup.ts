// Every vitest worker loads this first: libp2p 3 needs Promise.withResolvers on Node 20.
import '../node/polyfill.js'
