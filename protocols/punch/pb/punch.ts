import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface PunchMessage {
  type: PunchMessage.Type
  ip: string
  port: number
  reason: string
}

export namespace PunchMessage {
  export enum Type {
    UNSPECIFIED = 'UNSPECIFIED',
    CONNECT = 'CONNECT',
    SYNC = 'SYNC',
    REFUSE = 'REFUSE'
  }

  enum __TypeValues {
    UNSPECIFIED = 0,
    CONNECT = 1,
    SYNC = 2,
    REFUSE = 3
  }

  export namespace Type {
    export const codec = (): Codec<Type> => {
      return enumeration<Type>(__TypeValues)
    }
  }

  let _codec: Codec<PunchMessage>

  export const codec = (): Codec<PunchMessage> => {
    if (_codec == null) {
      _codec = message<PunchMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.type != null && __TypeValues[obj.type] !== 0) {
          w.uint32(8)
          PunchMessage.Type.codec().encode(obj.type, w)
        }

        if ((obj.ip != null && obj.ip !== '')) {
          w.uint32(18)
          w.string(obj.ip)
        }

        if ((obj.port != null && obj.port !== 0)) {
          w.uint32(24)
          w.uint32(obj.port)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(34)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          type: Type.UNSPECIFIED,
          ip: '',
          port: 0,
          reason: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.type = PunchMessage.Type.codec().decode(reader)
              break
            }
            case 2: {
              obj.ip = reader.string()
              break
            }
            case 3: {
              obj.port = reader.uint32()
              break
            }
            case 4: {
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
                field: `${prefix}.type`,
                value: PunchMessage.Type.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.ip`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.port`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
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

  export interface PunchMessageTypeFieldEvent {
    field: '$.type'
    value: PunchMessage.Type
  }

  export interface PunchMessageIpFieldEvent {
    field: '$.ip'
    value: string
  }

  export interface PunchMessagePortFieldEvent {
    field: '$.port'
    value: number
  }

  export interface PunchMessageReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<PunchMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PunchMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PunchMessage>): PunchMessage {
    return decodeMessage(buf, PunchMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PunchMessage>): Generator<PunchMessageTypeFieldEvent | PunchMessageIpFieldEvent | PunchMessagePortFieldEvent | PunchMessageReasonFieldEvent> {
    return streamMessage(buf, PunchMessage.codec(), opts)
  }
}
