/** A document the rendezvous signs, versions and spreads. */
export interface VersionedDocument {
  /** higher replaces lower */
  version: number
  /** the signed document as it travels */
  bytes: Uint8Array
}

/** A kind of versioned document (revocation list, rule set): where it travels and how it is checked. */
export interface DocumentKind<T extends VersionedDocument> {
  /** for logs and metrics, e.g. 'rule set' */
  name: string
  /** gossipsub topic new versions are published on */
  topic: string
  /** protocol to fetch the current version from a rendezvous */
  protocol: string
  /** hard limit on one signed document */
  maxBytes: number
  /** verifies a signed document (trusted key, signature, form); throws a typed error when it is not good */
  open(bytes: Uint8Array): Promise<T>
}
