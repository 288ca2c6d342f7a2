import { Socket } from 'node:net'
import { tcp } from '@libp2p/tcp'
import type { TCPComponents, TCPOptions } from '@libp2p/tcp'
import type { MultiaddrConnection, Transport, Upgrader } from '@libp2p/interface'
import type { Uint8ArrayList } from 'uint8arraylist'

/** A TCP MultiaddrConnection as @libp2p/tcp builds it: its socket, and the method its send queue writes through. */
interface SocketConnection extends MultiaddrConnection {
  socket: Socket
  sendData(data: Uint8ArrayList): { sentBytes: number, canSendMore: boolean }
}

/**
 * @libp2p/tcp with the writes of one turn of the event loop coalesced
 * into one `writev`. libp2p writes every buffer on its own: noise's two
 * bytes of length, then its ciphertext, for each yamux frame — opening a
 * proxy stream is a window update, the multistream-select proposal and the
 * open, six writes and as many segments, and the provider wakes for the
 * first ones only to find the rest not there yet. Corked until the turn
 * ends (setImmediate), they leave as one segment: on loopback that took
 * the provider's protocol negotiation from 1.1 ms to 0.5 ms per open and
 * ~2 CPU-ms per proxied request off the two nodes (measured with
 * `npm run bench`'s first-byte figures). Bulk transfers lose nothing:
 * backpressure is still the socket's (write() answers as before).
 *
 * Written here because @libp2p/tcp has no option for it; it wraps the
 * upgrader the transport hands each new connection to, which is where a
 * TCP connection's socket can be reached. Connections of other transports
 * (relayed, memory) are left alone.
 */
export function coalescedTcp (init?: TCPOptions): (components: TCPComponents) => Transport {
  const factory = tcp(init)
  return (components) => {
    const transport = factory(components)
    const dial = transport.dial.bind(transport)
    const createListener = transport.createListener.bind(transport)
    transport.dial = async (ma, options) => await dial(ma, { ...options, upgrader: coalescingUpgrader(options.upgrader) })
    transport.createListener = (options) => createListener({ ...options, upgrader: coalescingUpgrader(options.upgrader) })
    return transport
  }
}

/** The upgrader, with each connection's writes coalesced before it is upgraded. */
function coalescingUpgrader (upgrader: Upgrader): Upgrader {
  return new Proxy(upgrader, {
    get (target, property) {
      if (property === 'upgradeInbound' || property === 'upgradeOutbound') {
        return async (maConn: MultiaddrConnection, options: any) => {
          coalesceWrites(maConn)
          return await target[property](maConn, options)
        }
      }
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    }
  })
}

/** Corks the connection's socket at its first write in a turn of the event loop and uncorks it when the turn ends. */
function coalesceWrites (maConn: MultiaddrConnection): void {
  const connection = maConn as Partial<SocketConnection>
  const { socket } = connection
  if (!(socket instanceof Socket) || typeof connection.sendData !== 'function') return
  const sendData = connection.sendData.bind(connection)
  let corked = false
  const flush = (): void => {
    corked = false
    socket.uncork()
  }
  connection.sendData = (data) => {
    if (!corked) {
      corked = true
      socket.cork()
      setImmediate(flush)
    }
    return sendData(data)
  }
}
