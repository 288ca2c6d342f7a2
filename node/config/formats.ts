import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import ipaddr from 'ipaddr.js'
import { isCountryCode } from '../../protocols/capability/index.js'
import { isDestinationPattern } from '../provider/exit/owner-policy.js'

function isMultiaddr (str: string): boolean {
  try {
    multiaddr(str)
    return true
  } catch {
    return false
  }
}

function isKeyId (str: string): boolean {
  try {
    return peerIdFromString(str).type === 'Ed25519'
  } catch {
    return false
  }
}

function isCidr (str: string): boolean {
  try {
    ipaddr.parseCIDR(str)
    return true
  } catch {
    return false
  }
}

function isHttpUrl (str: string): boolean {
  try {
    const url = new URL(str)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === ''
  } catch {
    return false
  }
}

/**
 * The custom JSON Schema formats of the config. The precompiled validators
 * (validators.generated.js) import this object by name.
 */
export const formats = {
  multiaddr: { type: 'string' as const, validate: isMultiaddr },
  'peer-multiaddr': { type: 'string' as const, validate: (str: string) => isMultiaddr(str) && /\/p2p\/[^/]+$/.test(str) },
  country: { type: 'string' as const, validate: isCountryCode },
  cidr: { type: 'string' as const, validate: isCidr },
  'key-id': { type: 'string' as const, validate: isKeyId },
  ip: { type: 'string' as const, validate: (str: string) => ipaddr.isValid(str) },
  'http-url': { type: 'string' as const, validate: isHttpUrl },
  'destination-pattern': { type: 'string' as const, validate: isDestinationPattern }
}
