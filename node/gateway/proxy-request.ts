import type { AbortOptions } from '@libp2p/interface'
import type { Duplex } from 'node:stream'

/** A tunnel request from either front (SOCKS5 or HTTP CONNECT), after authentication. */
export interface ProxyRequest {
  host: string
  port: number
  /** credentials the client sent (the username carries the proxy options) */
  username?: string
  password?: string
  /** the client's address, for logs */
  client: string
}

/**
 * Opens a tunnel for a front: resolves with the stream to pipe the client to,
 * or throws OpenFailedError with the reason the client is told.
 */
export type ConnectHandler = (request: ProxyRequest, options: AbortOptions) => Promise<Duplex>

/** Checks a client's credentials. */
export type Authenticator = (username: string, password: string) => boolean | Promise<boolean>
