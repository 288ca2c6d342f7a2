import { MAX_SIGNED_REVOCATION_BYTES, REVOCATION_PROTOCOL, REVOCATION_TOPIC } from './constants.js'
import { openRevocationList } from './revocation-list.js'
import type { VerifiedRevocationList } from './revocation-list.js'
import type { DocumentKind } from '../documents/kind.js'

/** Where the revocation list travels and its size limit: what a document server needs. */
export const REVOCATION_LIST_DOCUMENT: Omit<DocumentKind<VerifiedRevocationList>, 'open'> = {
  name: 'revocation list',
  topic: REVOCATION_TOPIC,
  protocol: REVOCATION_PROTOCOL,
  maxBytes: MAX_SIGNED_REVOCATION_BYTES
}

/** The revocation list as a versioned document, checked against `trustedKeys`: what a document watcher needs. */
export function revocationListDocument (trustedKeys: ReadonlySet<string>): DocumentKind<VerifiedRevocationList> {
  return { ...REVOCATION_LIST_DOCUMENT, open: async (bytes) => openRevocationList(bytes, trustedKeys) }
}
