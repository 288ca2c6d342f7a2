import { connect } from 'node:net'
import type { ProxyRequest } from '../../node/gateway/proxy-request.js'
import type { Socket } from 'node:net'

/** A front's connect handler that goes straight to the destination: the plain relays the mesh is measured against. */
export async function connectDirect (request: ProxyRequest): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: request.host, port: request.port, allowHalfOpen: true, noDelay: true })
    socket.once('connect', () => { resolve(socket) })
    socket.once('error', reject)
  })
}
