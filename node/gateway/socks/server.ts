import { createServer } from 'node:net'
import ipaddr from 'ipaddr.js'
import { OPEN_FAILURES, openFailureReason } from '../open-failure.js'
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_OPEN_TIMEOUT_MS, openSignal, pipeTunnel } from '../tunnel.js'
import {
  ADDRESS_TYPE,
  COMMAND,
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  METHOD,
  REPLY,
  SOCKS_VERSION,
  USERPASS_VERSION
} from './constants.js'
import { HandshakeError, HandshakeReader } from './handshake-reader.js'
import type { SocksReply } from './constants.js'
import type { Logger } from '../../logger.js'
import type { Authenticator, ProxyRequest } from '../proxy-request.js'
import type { AbortOptions } from '@libp2p/interface'
import type { Server, Socket } from 'node:net'
import type { Duplex } from 'node:stream'

/** A CONNECT request, after authentication. */
export interface SocksRequest extends ProxyRequest {
  addressType: 'ipv4' | 'ipv6' | 'domain'
}

/** Ends a handshake the server itself refuses (bad method, bad credentials, unsupported command). */
class SocksRefusal extends Error {
  static override name = 'SocksRefusal'
  override name = 'SocksRefusal'
}

/** How the SOCKS5 front behaves. */
export interface SocksServerInit {
  /** opens the tunnel: resolves with the stream to pipe to, or throws OpenFailedError */
  connect(request: SocksRequest, options: AbortOptions): Promise<Duplex>
  /** checks credentials; without it any username/password is accepted (its options still count) */
  authenticate?: Authenticator
  /** refuse clients that offer no username/password (default false) */
  requireAuth?: boolean
  /** whether a client address may use the front at all (default: every one) */
  acceptClient?(address: string | undefined): boolean
  /** default DEFAULT_HANDSHAKE_TIMEOUT_MS */
  handshakeTimeoutMs?: number
  /** the tunnel must be open within this time of the request (default DEFAULT_OPEN_TIMEOUT_MS) */
  openTimeoutMs?: number
  /** default DEFAULT_IDLE_TIMEOUT_MS */
  idleTimeoutMs?: number
  logger?: Logger
}

/**
 * A SOCKS5 server (RFC 1928 CONNECT with IPv4, IPv6 and domain addresses;
 * no-auth and RFC 1929 username/password). Build it here, listen() in the
 * caller. Every connection has one handshake deadline and an idle timeout;
 * a malformed handshake closes that connection and nothing else.
 */
export function createSocksServer (init: SocksServerInit): Server {
  const server = createServer({ allowHalfOpen: true, noDelay: true }, socket => {
    void serve(socket, init)
  })
  return server
}

async function serve (socket: Socket, init: SocksServerInit): Promise<void> {
  const reader = new HandshakeReader(socket)
  // the client's part of the handshake has one deadline; opening the tunnel has its own
  const timer = setTimeout(() => { socket.destroy() }, init.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS)
  socket.on('error', () => { socket.destroy() })
  try {
    const credentials = await negotiate(socket, reader, init)
    const request = await readRequest(socket, reader, credentials)
    clearTimeout(timer)
    let upstream: Duplex
    try {
      upstream = await init.connect(request, { signal: openSignal(socket, init.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS) })
    } catch (err: any) {
      if (!socket.destroyed) socket.end(reply(OPEN_FAILURES[openFailureReason(err)].socks))
      return
    }
    socket.write(reply(REPLY.SUCCEEDED))
    pipeTunnel(socket, upstream, reader.release(), init.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS)
  } catch (err: any) {
    if (!(err instanceof HandshakeError) && !(err instanceof SocksRefusal)) {
      init.logger?.debug({ err: err.message }, 'SOCKS handshake failed')
    }
    socket.destroy()
  } finally {
    clearTimeout(timer)
  }
}

async function negotiate (socket: Socket, reader: HandshakeReader, init: SocksServerInit): Promise<{ username: string, password: string } | undefined> {
  const [version, count] = await reader.read(2)
  if (version !== SOCKS_VERSION || count === 0) throw new HandshakeError('Not a SOCKS5 greeting')
  const methods = await reader.read(count as number)
  if (init.acceptClient?.(socket.remoteAddress) === false) {
    socket.end(Buffer.from([SOCKS_VERSION, METHOD.NO_ACCEPTABLE]))
    throw new SocksRefusal(`Client ${socket.remoteAddress ?? '?'} is not allowed`)
  }
  if (methods.includes(METHOD.USERPASS)) {
    socket.write(Buffer.from([SOCKS_VERSION, METHOD.USERPASS]))
    const [authVersion, userLength] = await reader.read(2)
    if (authVersion !== USERPASS_VERSION) throw new HandshakeError('Not an RFC 1929 request')
    const username = (await reader.read(userLength as number)).toString('utf8')
    const [passLength] = await reader.read(1)
    const password = (await reader.read(passLength as number)).toString('utf8')
    const ok = init.authenticate == null || await init.authenticate(username, password)
    socket.write(Buffer.from([USERPASS_VERSION, ok ? 0x00 : 0x01]))
    if (!ok) throw new SocksRefusal('Bad credentials')
    return { username, password }
  }
  if (methods.includes(METHOD.NO_AUTH) && init.requireAuth !== true) {
    socket.write(Buffer.from([SOCKS_VERSION, METHOD.NO_AUTH]))
    return undefined
  }
  socket.end(Buffer.from([SOCKS_VERSION, METHOD.NO_ACCEPTABLE]))
  throw new SocksRefusal('No acceptable authentication method')
}

async function readRequest (socket: Socket, reader: HandshakeReader, credentials?: { username: string, password: string }): Promise<SocksRequest> {
  const [version, command, , addressType] = await reader.read(4)
  if (version !== SOCKS_VERSION) throw new HandshakeError('Not a SOCKS5 request')
  let host: string
  let type: SocksRequest['addressType']
  if (addressType === ADDRESS_TYPE.IPV4) {
    host = [...await reader.read(4)].join('.')
    type = 'ipv4'
  } else if (addressType === ADDRESS_TYPE.IPV6) {
    host = ipaddr.fromByteArray([...await reader.read(16)]).toString()
    type = 'ipv6'
  } else if (addressType === ADDRESS_TYPE.DOMAIN) {
    const [length] = await reader.read(1)
    if (length === 0) throw new HandshakeError('Empty domain name')
    host = (await reader.read(length as number)).toString('latin1')
    type = 'domain'
  } else {
    socket.end(reply(REPLY.ADDRESS_TYPE_NOT_SUPPORTED))
    throw new SocksRefusal('Address type not supported')
  }
  const port = (await reader.read(2)).readUInt16BE(0)
  if (command !== COMMAND.CONNECT) {
    socket.end(reply(REPLY.COMMAND_NOT_SUPPORTED))
    throw new SocksRefusal('Command not supported')
  }
  return { host, port, addressType: type, ...credentials, client: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}` }
}

/** A reply with BND.ADDR 0.0.0.0:0: clients of CONNECT do not use it, and the exit's address is not the gateway's to tell. */
function reply (code: SocksReply): Buffer {
  return Buffer.from([SOCKS_VERSION, code, 0x00, ADDRESS_TYPE.IPV4, 0, 0, 0, 0, 0, 0])
}
