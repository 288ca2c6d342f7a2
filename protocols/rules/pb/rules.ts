import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface RuleSet {
  version: number
  issuedAtMs: number
  rulesJson: string
  keyId: string
}

export namespace RuleSet {
  let _codec: Codec<RuleSet>

  export const codec = (): Codec<RuleSet> => {
    if (_codec == null) {
      _codec = message<RuleSet>((obj, w, opts = {}) => {
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

        if ((obj.rulesJson != null && obj.rulesJson !== '')) {
          w.uint32(26)
          w.string(obj.rulesJson)
        }

        if ((obj.keyId != null && obj.keyId !== '')) {
          w.uint32(34)
          w.string(obj.keyId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          issuedAtMs: 0,
          rulesJson: '',
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
              obj.rulesJson = reader.string()
              break
            }
            case 4: {
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
              yield {
                field: `${prefix}.rulesJson`,
                value: reader.string()
              }
              break
            }
            case 4: {
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

  export interface RuleSetVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface RuleSetIssuedAtMsFieldEvent {
    field: '$.issuedAtMs'
    value: number
  }

  export interface RuleSetRulesJsonFieldEvent {
    field: '$.rulesJson'
    value: string
  }

  export interface RuleSetKeyIdFieldEvent {
    field: '$.keyId'
    value: string
  }

  export function encode (obj: Partial<RuleSet>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RuleSet.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RuleSet>): RuleSet {
    return decodeMessage(buf, RuleSet.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RuleSet>): Generator<RuleSetVersionFieldEvent | RuleSetIssuedAtMsFieldEvent | RuleSetRulesJsonFieldEvent | RuleSetKeyIdFieldEvent> {
    return streamMessage(buf, RuleSet.codec(), opts)
  }
}

export interface SignedRuleSet {
  ruleSet: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedRuleSet {
  let _codec: Codec<SignedRuleSet>

  export const codec = (): Codec<SignedRuleSet> => {
    if (_codec == null) {
      _codec = message<SignedRuleSet>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.ruleSet != null && obj.ruleSet.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.ruleSet)
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
          ruleSet: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ruleSet = reader.bytes()
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
                field: `${prefix}.ruleSet`,
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

  export interface SignedRuleSetRuleSetFieldEvent {
    field: '$.ruleSet'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRuleSetSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedRuleSet>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedRuleSet.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRuleSet>): SignedRuleSet {
    return decodeMessage(buf, SignedRuleSet.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRuleSet>): Generator<SignedRuleSetRuleSetFieldEvent | SignedRuleSetSignatureFieldEvent> {
    return streamMessage(buf, SignedRuleSet.codec(), opts)
  }
}
