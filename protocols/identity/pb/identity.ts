import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
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

  export function encode (obj: Partial<Credential>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Credential.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Credential>): Credential {
    return decodeMessage(buf, Credential.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Credential>): Generator<CredentialPeerIdFieldEvent | CredentialAccountFieldEvent | CredentialRoleFieldEvent | CredentialIssuedAtMsFieldEvent | CredentialExpiresAtMsFieldEvent | CredentialKeyIdFieldEvent> {
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

export interface RegisterRequest {
  enrollmentKey: string
}

export namespace RegisterRequest {
  let _codec: Codec<RegisterRequest>

  export const codec = (): Codec<RegisterRequest> => {
    if (_codec == null) {
      _codec = message<RegisterRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.enrollmentKey != null && obj.enrollmentKey !== '')) {
          w.uint32(10)
          w.string(obj.enrollmentKey)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          enrollmentKey: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.enrollmentKey = reader.string()
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
                field: `${prefix}.enrollmentKey`,
                value: reader.string()
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

  export interface RegisterRequestEnrollmentKeyFieldEvent {
    field: '$.enrollmentKey'
    value: string
  }

  export function encode (obj: Partial<RegisterRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RegisterRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegisterRequest>): RegisterRequest {
    return decodeMessage(buf, RegisterRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegisterRequest>): Generator<RegisterRequestEnrollmentKeyFieldEvent> {
    return streamMessage(buf, RegisterRequest.codec(), opts)
  }
}

export interface RegisterResponse {
  status: RegisterResponse.Status
  credential?: Uint8Array<ArrayBuffer>
}

export namespace RegisterResponse {
  export enum Status {
    UNSPECIFIED = 'UNSPECIFIED',
    OK = 'OK',
    UNKNOWN_KEY = 'UNKNOWN_KEY',
    DISABLED = 'DISABLED',
    RATE_LIMITED = 'RATE_LIMITED',
    FAILURE = 'FAILURE'
  }

  enum __StatusValues {
    UNSPECIFIED = 0,
    OK = 1,
    UNKNOWN_KEY = 2,
    DISABLED = 3,
    RATE_LIMITED = 4,
    FAILURE = 5
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<RegisterResponse>

  export const codec = (): Codec<RegisterResponse> => {
    if (_codec == null) {
      _codec = message<RegisterResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          RegisterResponse.Status.codec().encode(obj.status, w)
        }

        if (obj.credential != null) {
          w.uint32(18)
          w.bytes(obj.credential)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.UNSPECIFIED
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = RegisterResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.credential = reader.bytes()
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
                field: `${prefix}.status`,
                value: RegisterResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.credential`,
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

  export interface RegisterResponseStatusFieldEvent {
    field: '$.status'
    value: RegisterResponse.Status
  }

  export interface RegisterResponseCredentialFieldEvent {
    field: '$.credential'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<RegisterResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RegisterResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegisterResponse>): RegisterResponse {
    return decodeMessage(buf, RegisterResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RegisterResponse>): Generator<RegisterResponseStatusFieldEvent | RegisterResponseCredentialFieldEvent> {
    return streamMessage(buf, RegisterResponse.codec(), opts)
  }
}

export interface RevocationList {
  version: number
  issuedAtMs: number
  accounts: string[]
  peerIds: Uint8Array<ArrayBuffer>[]
  keyId: string
}

export namespace RevocationList {
  let _codec: Codec<RevocationList>

  export const codec = (): Codec<RevocationList> => {
    if (_codec == null) {
      _codec = message<RevocationList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.version)
        }

        if ((obj.issuedAtMs != null && obj.issuedAtMs !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.issuedAtMs)
        }

        if (obj.accounts != null && obj.accounts.length > 0) {
          for (const value of obj.accounts) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (obj.peerIds != null && obj.peerIds.length > 0) {
          for (const value of obj.peerIds) {
            w.uint32(34)
            w.bytes(value)
          }
        }

        if ((obj.keyId != null && obj.keyId !== '')) {
          w.uint32(42)
          w.string(obj.keyId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          issuedAtMs: 0,
          accounts: [],
          peerIds: [],
          keyId: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint64Number()
              break
            }
            case 2: {
              obj.issuedAtMs = reader.uint64Number()
              break
            }
            case 3: {
              if (opts.limits?.accounts != null && obj.accounts.length === opts.limits.accounts) {
                throw new MaxLengthError('Decode error - repeated field "accounts" had too many elements')
              }

              obj.accounts.push(reader.string())
              break
            }
            case 4: {
              if (opts.limits?.peerIds != null && obj.peerIds.length === opts.limits.peerIds) {
                throw new MaxLengthError('Decode error - repeated field "peerIds" had too many elements')
              }

              obj.peerIds.push(reader.bytes())
              break
            }
            case 5: {
              obj.keyId = reader.string()
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
        const obj = {
          accounts: 0,
          peerIds: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.issuedAtMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              if (opts.limits?.accounts != null && obj.accounts === opts.limits.accounts) {
                throw new MaxLengthError('Streaming decode error - repeated field "accounts" had too many elements')
              }

              yield {
                field: `${prefix}.accounts[]`,
                index: obj.accounts,
                value: reader.string()
              }

              obj.accounts++

              break
            }
            case 4: {
              if (opts.limits?.peerIds != null && obj.peerIds === opts.limits.peerIds) {
                throw new MaxLengthError('Streaming decode error - repeated field "peerIds" had too many elements')
              }

              yield {
                field: `${prefix}.peerIds[]`,
                index: obj.peerIds,
                value: reader.bytes()
              }

              obj.peerIds++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.keyId`,
                value: reader.string()
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

  export interface RevocationListVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface RevocationListIssuedAtMsFieldEvent {
    field: '$.issuedAtMs'
    value: number
  }

  export interface RevocationListAccountsFieldEvent {
    field: '$.accounts[]'
    index: number
    value: string
  }

  export interface RevocationListPeerIdsFieldEvent {
    field: '$.peerIds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface RevocationListKeyIdFieldEvent {
    field: '$.keyId'
    value: string
  }

  export function encode (obj: Partial<RevocationList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RevocationList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RevocationList>): RevocationList {
    return decodeMessage(buf, RevocationList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RevocationList>): Generator<RevocationListVersionFieldEvent | RevocationListIssuedAtMsFieldEvent | RevocationListAccountsFieldEvent | RevocationListPeerIdsFieldEvent | RevocationListKeyIdFieldEvent> {
    return streamMessage(buf, RevocationList.codec(), opts)
  }
}

export interface SignedRevocationList {
  list: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedRevocationList {
  let _codec: Codec<SignedRevocationList>

  export const codec = (): Codec<SignedRevocationList> => {
    if (_codec == null) {
      _codec = message<SignedRevocationList>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.list != null && obj.list.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.list)
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
          list: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.list = reader.bytes()
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
                field: `${prefix}.list`,
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

  export interface SignedRevocationListListFieldEvent {
    field: '$.list'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRevocationListSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedRevocationList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedRevocationList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRevocationList>): SignedRevocationList {
    return decodeMessage(buf, SignedRevocationList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRevocationList>): Generator<SignedRevocationListListFieldEvent | SignedRevocationListSignatureFieldEvent> {
    return streamMessage(buf, SignedRevocationList.codec(), opts)
  }
}

export interface DocumentRequest {
  knownVersion: number
}

export namespace DocumentRequest {
  let _codec: Codec<DocumentRequest>

  export const codec = (): Codec<DocumentRequest> => {
    if (_codec == null) {
      _codec = message<DocumentRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.knownVersion != null && obj.knownVersion !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.knownVersion)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          knownVersion: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.knownVersion = reader.uint64Number()
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
                field: `${prefix}.knownVersion`,
                value: reader.uint64Number()
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

  export interface DocumentRequestKnownVersionFieldEvent {
    field: '$.knownVersion'
    value: number
  }

  export function encode (obj: Partial<DocumentRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DocumentRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DocumentRequest>): DocumentRequest {
    return decodeMessage(buf, DocumentRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DocumentRequest>): Generator<DocumentRequestKnownVersionFieldEvent> {
    return streamMessage(buf, DocumentRequest.codec(), opts)
  }
}

export interface DocumentResponse {
  status: DocumentResponse.Status
  document?: Uint8Array<ArrayBuffer>
}

export namespace DocumentResponse {
  export enum Status {
    UNSPECIFIED = 'UNSPECIFIED',
    OK = 'OK',
    NOT_MODIFIED = 'NOT_MODIFIED'
  }

  enum __StatusValues {
    UNSPECIFIED = 0,
    OK = 1,
    NOT_MODIFIED = 2
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<DocumentResponse>

  export const codec = (): Codec<DocumentResponse> => {
    if (_codec == null) {
      _codec = message<DocumentResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          DocumentResponse.Status.codec().encode(obj.status, w)
        }

        if (obj.document != null) {
          w.uint32(18)
          w.bytes(obj.document)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.UNSPECIFIED
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = DocumentResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.document = reader.bytes()
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
                field: `${prefix}.status`,
                value: DocumentResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.document`,
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

  export interface DocumentResponseStatusFieldEvent {
    field: '$.status'
    value: DocumentResponse.Status
  }

  export interface DocumentResponseDocumentFieldEvent {
    field: '$.document'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<DocumentResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DocumentResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DocumentResponse>): DocumentResponse {
    return decodeMessage(buf, DocumentResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DocumentResponse>): Generator<DocumentResponseStatusFieldEvent | DocumentResponseDocumentFieldEvent> {
    return streamMessage(buf, DocumentResponse.codec(), opts)
  }
}

export interface ApiKeyRequest {
  keyHash: string
}

export namespace ApiKeyRequest {
  let _codec: Codec<ApiKeyRequest>

  export const codec = (): Codec<ApiKeyRequest> => {
    if (_codec == null) {
      _codec = message<ApiKeyRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.keyHash != null && obj.keyHash !== '')) {
          w.uint32(10)
          w.string(obj.keyHash)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          keyHash: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.keyHash = reader.string()
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
                field: `${prefix}.keyHash`,
                value: reader.string()
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

  export interface ApiKeyRequestKeyHashFieldEvent {
    field: '$.keyHash'
    value: string
  }

  export function encode (obj: Partial<ApiKeyRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ApiKeyRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ApiKeyRequest>): ApiKeyRequest {
    return decodeMessage(buf, ApiKeyRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ApiKeyRequest>): Generator<ApiKeyRequestKeyHashFieldEvent> {
    return streamMessage(buf, ApiKeyRequest.codec(), opts)
  }
}

export interface ApiKeyResponse {
  status: ApiKeyResponse.Status
  account?: string
}

export namespace ApiKeyResponse {
  export enum Status {
    UNSPECIFIED = 'UNSPECIFIED',
    OK = 'OK',
    UNKNOWN = 'UNKNOWN',
    DISABLED = 'DISABLED'
  }

  enum __StatusValues {
    UNSPECIFIED = 0,
    OK = 1,
    UNKNOWN = 2,
    DISABLED = 3
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<ApiKeyResponse>

  export const codec = (): Codec<ApiKeyResponse> => {
    if (_codec == null) {
      _codec = message<ApiKeyResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          ApiKeyResponse.Status.codec().encode(obj.status, w)
        }

        if (obj.account != null) {
          w.uint32(18)
          w.string(obj.account)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.UNSPECIFIED
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = ApiKeyResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.account = reader.string()
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
                field: `${prefix}.status`,
                value: ApiKeyResponse.Status.codec().decode(reader)
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

  export interface ApiKeyResponseStatusFieldEvent {
    field: '$.status'
    value: ApiKeyResponse.Status
  }

  export interface ApiKeyResponseAccountFieldEvent {
    field: '$.account'
    value: string
  }

  export function encode (obj: Partial<ApiKeyResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ApiKeyResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ApiKeyResponse>): ApiKeyResponse {
    return decodeMessage(buf, ApiKeyResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ApiKeyResponse>): Generator<ApiKeyResponseStatusFieldEvent | ApiKeyResponseAccountFieldEvent> {
    return streamMessage(buf, ApiKeyResponse.codec(), opts)
  }
}
