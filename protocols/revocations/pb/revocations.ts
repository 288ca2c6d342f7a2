import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface RevocationList {
  version: number
  issuedAtMs: number
  accounts: string[]
  peerIds: Uint8Array<ArrayBuffer>[]
  keyId: string
  unfundedAccounts: string[]
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

        if (obj.unfundedAccounts != null && obj.unfundedAccounts.length > 0) {
          for (const value of obj.unfundedAccounts) {
            w.uint32(50)
            w.string(value)
          }
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
          keyId: '',
          unfundedAccounts: []
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
            case 6: {
              if (opts.limits?.unfundedAccounts != null && obj.unfundedAccounts.length === opts.limits.unfundedAccounts) {
                throw new MaxLengthError('Decode error - repeated field "unfundedAccounts" had too many elements')
              }

              obj.unfundedAccounts.push(reader.string())
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
          peerIds: 0,
          unfundedAccounts: 0
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
            case 6: {
              if (opts.limits?.unfundedAccounts != null && obj.unfundedAccounts === opts.limits.unfundedAccounts) {
                throw new MaxLengthError('Streaming decode error - repeated field "unfundedAccounts" had too many elements')
              }

              yield {
                field: `${prefix}.unfundedAccounts[]`,
                index: obj.unfundedAccounts,
                value: reader.string()
              }

              obj.unfundedAccounts++

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

  export interface RevocationListUnfundedAccountsFieldEvent {
    field: '$.unfundedAccounts[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<RevocationList>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RevocationList.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RevocationList>): RevocationList {
    return decodeMessage(buf, RevocationList.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RevocationList>): Generator<RevocationListVersionFieldEvent | RevocationListIssuedAtMsFieldEvent | RevocationListAccountsFieldEvent | RevocationListPeerIdsFieldEvent | RevocationListKeyIdFieldEvent | RevocationListUnfundedAccountsFieldEvent> {
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
