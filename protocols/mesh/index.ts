/**
 * @packageDocumentation
 *
 * The mesh every role shares: the private Kademlia DHT's protocol id, and the
 * gossipsub topics peergrid uses with the RPC size limit. Messages on any
 * other topic are dropped.
 */

import { CAPABILITY_TOPIC } from '../capability/constants.js'
import { REVOCATION_TOPIC } from '../revocations/constants.js'
import { RULES_TOPIC } from '../rules/constants.js'

export * from './constants.js'

/** Every gossipsub topic peergrid uses. */
export const PEERGRID_TOPICS: readonly string[] = [CAPABILITY_TOPIC, REVOCATION_TOPIC, RULES_TOPIC]
