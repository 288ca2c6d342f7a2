/**
 * Yamux per-stream receive window. Must stay at or below the read buffer:
 * a paused reader (slow SOCKS client) otherwise lets the sender overrun the
 * buffer and the stream is reset (measured: shared/LIBP2P-NOTES.md).
 */
export const YAMUX_MAX_STREAM_WINDOW_BYTES = 2 * 1024 * 1024

/** Bytes a stream buffers for a paused reader before it is reset; 2x the window. */
export const YAMUX_MAX_READ_BUFFER_BYTES = 4 * 1024 * 1024

/*
 * No cap on a stream's write buffer (the library default). Measured: with an
 * 8 MiB cap a 64 MiB transfer was reset (StreamBufferError) although the
 * writer waited on onDrain() whenever send() returned false, because send()
 * returns true while an earlier send is still in flight, whatever the buffer
 * holds. A bulk writer must bound its own buffering (stream.writeBufferLength).
 */

/**
 * Concurrent streams a peer may open to us over one connection, all protocols
 * together: a gateway's tunnels to one provider are one connection's streams,
 * and a hosted gateway holds thousands (npm run bench holds 10,000 on one
 * provider, about 30 KiB of RSS per tunnel on each side with its sockets);
 * each protocol's own limit still applies.
 */
export const YAMUX_MAX_INBOUND_STREAMS = 16_384

/**
 * Streams a peer may open on a new connection before our side has finished
 * setting it up. yamux's default of 10 aborts the whole connection (all its
 * streams reset) when a gateway opens a burst of tunnels to a provider it was
 * not connected to yet (measured: 40 opens at once failed every time the burst
 * beat the upgrade).
 */
export const YAMUX_MAX_EARLY_STREAMS = 512

/** Concurrent streams we may open to a peer over one connection (yamux's default of 1,000 caps a gateway's tunnels to one provider). */
export const YAMUX_MAX_OUTBOUND_STREAMS = 16_384

/** Default connection cap of providers and gateways (libp2p's own default is 300). */
export const DEFAULT_MAX_CONNECTIONS = 300

/** Rendezvous servers are every node's first peer. */
export const RENDEZVOUS_MAX_CONNECTIONS = 2_000

/**
 * New inbound connections per second from one IP. Public: libp2p's default.
 * Private networks (devnet, testnets) put every node behind 127.0.0.1.
 */
export const PUBLIC_INBOUND_CONNECTIONS_PER_SECOND = 5
export const PRIVATE_INBOUND_CONNECTIONS_PER_SECOND = 1_000

/** Inbound connections still in their handshake at once (libp2p's default is 10). */
export const PUBLIC_MAX_PENDING_INBOUND_CONNECTIONS = 10
export const PRIVATE_MAX_PENDING_INBOUND_CONNECTIONS = 200

/** A whole dial (all addresses of a peer) must finish within this time. */
export const DIAL_TIMEOUT_MS = 10_000

/**
 * How often libp2p's connection monitor pings each connection (its default is
 * 10 s, in both directions). Yamux already sends a keep-alive every 30 s, so
 * a slower monitor costs little liveness and most of an idle node's CPU.
 */
export const CONNECTION_PING_INTERVAL_MS = 60_000

/** How a peergrid port forwarding shows in the home router's table. */
export const UPNP_MAPPING_DESCRIPTION = 'peergrid'

/** A UPnP port forwarding lasts this long and is renewed before it ends (@libp2p/upnp-nat's default). */
export const UPNP_MAPPING_TTL_MS = 12 * 60 * 1000

/** A relay reservation (circuit relay v2) must complete within this time. */
export const RELAY_RESERVATION_TIMEOUT_MS = 10_000
