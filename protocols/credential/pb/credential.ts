import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Credential {
  peerId: Uint8Array<ArrayBuffer>
  account: string
  role: string
  issuedAtMs: number
  expiresAtMs: number
  keyId: string
  hosted?: boolean
}

export namespace Credential {
  let _codec: Codec<Credential>

  export const codec = (): Codec<Credential> => {
    if (_codec == null) {
      _codec = message<Credential>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.peerId)
        }

        if ((obj.account != null && obj.account !== '')) {
          w.uint32(18)
          w.string(obj.account)
        }

        if ((obj.role != null && obj.role !== '')) {
          w.uint32(26)
          w.string(obj.role)
        }

        if ((obj.issuedAtMs != null && obj.issuedAtMs !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.issuedAtMs)
        }

        if ((obj.expiresAtMs != null && obj.expiresAtMs !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.expiresAtMs)
        }

        if ((obj.keyId != null && obj.keyId !== '')) {
          w.uint32(50)
          w.string(obj.keyId)
        }

        if (obj.hosted != null) {
          w.uint32(56)
          w.bool(obj.hosted)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: uint8ArrayAlloc(0),
          account: '',
          role: '',
          issuedAtMs: 0,
          expiresAtMs: 0,
          keyId: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peerId = reader.bytes()
              break
            }
            case 2: {
              obj.account = reader.string()
              break
            }
            case 3: {
              obj.role = reader.string()
              break
            }
            case 4: {
              obj.issuedAtMs = reader.uint64Number()
              break
            }
            case 5: {
              obj.expiresAtMs = reader.uint64Number()
              break
            }
            case 6: {
              obj.keyId = reader.string()
              break
            }
            case 7: {
              obj.hosted = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.account`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.role`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.issuedAtMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.expiresAtMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.keyId`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.hosted`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CredentialPeerIdFieldEvent {
    field: '$.peerId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CredentialAccountFieldEvent {
    field: '$.account'
    value: string
  }

  export interface CredentialRoleFieldEvent {
    field: '$.role'
    value: string
  }

  export interface CredentialIssuedAtMsFieldEvent {
    field: '$.issuedAtMs'
    value: number
  }

  export interface CredentialExpiresAtMsFieldEvent {
    field: '$.expiresAtMs'
    value: number
  }

  export interface CredentialKeyIdFieldEvent {
    field: '$.keyId'
    value: string
  }

  export interface CredentialHostedFieldEvent {
    field: '$.hosted'
    value: boolean
  }

  export function encode (obj: Partial<Credential>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Credential.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Credential>): Credential {
    return decodeMessage(buf, Credential.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Credential>): Generator<CredentialPeerIdFieldEvent | CredentialAccountFieldEvent | CredentialRoleFieldEvent | CredentialIssuedAtMsFieldEvent | CredentialExpiresAtMsFieldEvent | CredentialKeyIdFieldEvent | CredentialHostedFieldEvent> {
    return streamMessage(buf, Credential.codec(), opts)
  }
}

export interface SignedCredential {
  credential: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedCredential {
  let _codec: Codec<SignedCredential>

  export const codec = (): Codec<SignedCredential> => {
    if (_codec == null) {
      _codec = message<SignedCredential>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.credential != null && obj.credential.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.credential)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          credential: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.credential = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.credential`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SignedCredentialCredentialFieldEvent {
    field: '$.credential'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedCredentialSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedCredential>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedCredential.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedCredential>): SignedCredential {
    return decodeMessage(buf, SignedCredential.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedCredential>): Generator<SignedCredentialCredentialFieldEvent | SignedCredentialSignatureFieldEvent> {
    return streamMessage(buf, SignedCredential.codec(), opts)
  }
}
