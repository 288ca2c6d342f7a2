/** Protocol id of the pull exchange: ask a provider for its current record. */
export const CAPABILITY_PROTOCOL = '/peergrid/capability/1.0.0'

/** Gossipsub topic on which providers announce their signed records. */
export const CAPABILITY_TOPIC = '/peergrid/capabilities/1'

/** Domain separation prefix of the record signature, so a record signature can never be replayed as another message's. */
export const SIGNATURE_DOMAIN = 'peergrid-capability-record/1'

/** Hard limit on a signed record on the wire (gossip message or protocol response), in bytes. */
export const MAX_SIGNED_RECORD_BYTES = 4096

/** Hard limit on a record's lifetime: a record that claims to live longer is refused. */
export const MAX_RECORD_TTL_MS = 60 * 60_000

/** How long a provider's record is valid by default. */
export const DEFAULT_RECORD_TTL_MS = 5 * 60_000

/** How far a record's issue time may lie in our future (the peers' clocks disagree). */
export const MAX_CLOCK_SKEW_MS = 60_000

/** Longest category name in a policy summary, in characters. */
export const MAX_CATEGORY_LENGTH = 32

/** Hard limit on the encoded request of the pull exchange, in bytes. */
export const MAX_CAPABILITY_REQUEST_BYTES = 32

/** Hard limit on the encoded response: the signed record and room for the response's own fields. */
export const MAX_CAPABILITY_RESPONSE_BYTES = MAX_SIGNED_RECORD_BYTES + 16

/** The whole pull exchange (open, ask, answer) must finish within this time, on both sides. */
export const DEFAULT_CAPABILITY_TIMEOUT_MS = 5_000

/** Concurrent inbound pull exchanges per connection. */
export const MAX_CAPABILITY_STREAMS_PER_CONNECTION = 4
