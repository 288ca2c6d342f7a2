/** RFC 1928 protocol version. */
export const SOCKS_VERSION = 0x05

/** RFC 1929 username/password sub-negotiation version. */
export const USERPASS_VERSION = 0x01

/** Authentication methods (RFC 1928 section 3). */
export const METHOD = { NO_AUTH: 0x00, USERPASS: 0x02, NO_ACCEPTABLE: 0xff } as const

/** Commands (RFC 1928 section 4); only CONNECT is served. */
export const COMMAND = { CONNECT: 0x01, BIND: 0x02, UDP_ASSOCIATE: 0x03 } as const

/** Address types (RFC 1928 section 5). */
export const ADDRESS_TYPE = { IPV4: 0x01, DOMAIN: 0x03, IPV6: 0x04 } as const

/** Reply codes (RFC 1928 section 6). */
export const REPLY = {
  SUCCEEDED: 0x00,
  GENERAL_FAILURE: 0x01,
  NOT_ALLOWED: 0x02,
  NETWORK_UNREACHABLE: 0x03,
  HOST_UNREACHABLE: 0x04,
  CONNECTION_REFUSED: 0x05,
  TTL_EXPIRED: 0x06,
  COMMAND_NOT_SUPPORTED: 0x07,
  ADDRESS_TYPE_NOT_SUPPORTED: 0x08
} as const

export type SocksReply = (typeof REPLY)[keyof typeof REPLY]

/** The whole handshake (greeting, auth, request) must arrive within this time; slow or silent clients are cut off. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000

/** Bytes a client may send before the tunnel opens: the handshake (at most ~1 KiB) plus data it sends early. */
export const MAX_HANDSHAKE_BYTES = 64 * 1024
