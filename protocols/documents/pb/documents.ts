import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

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
