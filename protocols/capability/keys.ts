import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { fromString as uint8ArrayFromString } from 'uint8arrays/from-string'

/** A service by the name used on the wire, in URLs and on the command line. */
export type ServiceName = 'proxy' | 'compute'

/** Every service this version knows. Records may list others; readers ignore those. */
export const SERVICE_NAMES: readonly ServiceName[] = ['proxy', 'compute']

/** True when `name` is a service this version knows. */
export function isServiceName (name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name)
}

/**
 * The DHT key under which providers of a service (optionally in one country)
 * are provided: a raw CID of the sha-256 of `peergrid/capability/1/<service>[/<CC>]`.
 * Providers provide one key per service and one per service and country.
 */
export async function capabilityKey (service: ServiceName, country?: string): Promise<CID> {
  const name = country == null ? `peergrid/capability/1/${service}` : `peergrid/capability/1/${service}/${country}`
  const digest = await sha256.digest(uint8ArrayFromString(name))
  return CID.createV1(raw.code, digest)
}
