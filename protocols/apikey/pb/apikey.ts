import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

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
