import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface MeterRequest {
  receipt: Uint8Array<ArrayBuffer>
}

export namespace MeterRequest {
  let _codec: Codec<MeterRequest>

  export const codec = (): Codec<MeterRequest> => {
    if (_codec == null) {
      _codec = message<MeterRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.receipt != null && obj.receipt.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.receipt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          receipt: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.receipt = reader.bytes()
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
                field: `${prefix}.receipt`,
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

  export interface MeterRequestReceiptFieldEvent {
    field: '$.receipt'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<MeterRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MeterRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MeterRequest>): MeterRequest {
    return decodeMessage(buf, MeterRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MeterRequest>): Generator<MeterRequestReceiptFieldEvent> {
    return streamMessage(buf, MeterRequest.codec(), opts)
  }
}

export interface MeterResponse {
  status: MeterResponse.Status
  receipt?: Uint8Array<ArrayBuffer>
  reason?: string
}

export namespace MeterResponse {
  export enum Status {
    UNSPECIFIED = 'UNSPECIFIED',
    OK = 'OK',
    REFUSED = 'REFUSED',
    UNKNOWN_SESSION = 'UNKNOWN_SESSION'
  }

  enum __StatusValues {
    UNSPECIFIED = 0,
    OK = 1,
    REFUSED = 2,
    UNKNOWN_SESSION = 3
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<MeterResponse>

  export const codec = (): Codec<MeterResponse> => {
    if (_codec == null) {
      _codec = message<MeterResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          MeterResponse.Status.codec().encode(obj.status, w)
        }

        if (obj.receipt != null) {
          w.uint32(18)
          w.bytes(obj.receipt)
        }

        if (obj.reason != null) {
          w.uint32(26)
          w.string(obj.reason)
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
              obj.status = MeterResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.receipt = reader.bytes()
              break
            }
            case 3: {
              obj.reason = reader.string()
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
                value: MeterResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.receipt`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.reason`,
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

  export interface MeterResponseStatusFieldEvent {
    field: '$.status'
    value: MeterResponse.Status
  }

  export interface MeterResponseReceiptFieldEvent {
    field: '$.receipt'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MeterResponseReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<MeterResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MeterResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MeterResponse>): MeterResponse {
    return decodeMessage(buf, MeterResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MeterResponse>): Generator<MeterResponseStatusFieldEvent | MeterResponseReceiptFieldEvent | MeterResponseReasonFieldEvent> {
    return streamMessage(buf, MeterResponse.codec(), opts)
  }
}
