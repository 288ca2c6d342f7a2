// A plain Node SOCKS5 relay without libp2p, for `npm run bench`: the
// gateway's own SOCKS5 front, connecting straight to the destination. The
// mesh path is measured against it. Prints its port, then runs until killed.
import '../../node/polyfill.js'
import { connect } from 'node:net'
import { createSocksServer } from '../../node/gateway/socks/index.js'
import type { AddressInfo } from 'node:net'

const server = createSocksServer({
  async connect (request) {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: request.host, port: request.port, allowHalfOpen: true, noDelay: true })
      socket.once('connect', () => { resolve(socket) })
      socket.once('error', reject)
    })
  }
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`)
})
