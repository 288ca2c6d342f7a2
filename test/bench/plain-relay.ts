// A plain Node SOCKS5 relay without libp2p, for `npm run bench`: the
// gateway's own SOCKS5 front, connecting straight to the destination. The
// mesh path is measured against it. Prints its port, then runs until killed.
import '../../node/polyfill.js'
import { createSocksServer } from '../../node/gateway/socks/index.js'
import { connectDirect } from './direct-connect.js'
import type { AddressInfo } from 'node:net'

const server = createSocksServer({ connect: connectDirect })
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`)
})
