import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface ProxyOpen {
  host: string
  port: number
  sessionId?: string
  credential?: Uint8Array<ArrayBuffer>
  pricePerGib?: number
  payingAccount?: string
}

export namespace ProxyOpen {
  let _codec: Codec<ProxyOpen>

  export const codec = (): Codec<ProxyOpen> => {
    if (_codec == null) {
      _codec = message<ProxyOpen>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.host != null && obj.host !== '')) {
          w.uint32(10)
          w.string(obj.host)
        }

        if ((obj.port != null && obj.port !== 0)) {
          w.uint32(16)
          w.uint32(obj.port)
        }

        if (obj.sessionId != null) {
          w.uint32(26)
          w.string(obj.sessionId)
        }

        if (obj.credential != null) {
          w.uint32(34)
          w.bytes(obj.credential)
        }

        if (obj.pricePerGib != null) {
          w.uint32(40)
          w.uint64Number(obj.pricePerGib)
        }

        if (obj.payingAccount != null) {
          w.uint32(50)
          w.string(obj.payingAccount)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          host: '',
          port: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.host = reader.string()
              break
            }
            case 2: {
              obj.port = reader.uint32()
              break
            }
            case 3: {
              obj.sessionId = reader.string()
              break
            }
            case 4: {
              obj.credential = reader.bytes()
              break
            }
            case 5: {
              obj.pricePerGib = reader.uint64Number()
              break
            }
            case 6: {
              obj.payingAccount = reader.string()
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
                field: `${prefix}.host`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.port`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.sessionId`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.credential`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.pricePerGib`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.payingAccount`,
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

  export interface ProxyOpenHostFieldEvent {
    field: '$.host'
    value: string
  }

  export interface ProxyOpenPortFieldEvent {
    field: '$.port'
    value: number
  }

  export interface ProxyOpenSessionIdFieldEvent {
    field: '$.sessionId'
    value: string
  }

  export interface ProxyOpenCredentialFieldEvent {
    field: '$.credential'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ProxyOpenPricePerGibFieldEvent {
    field: '$.pricePerGib'
    value: number
  }

  export interface ProxyOpenPayingAccountFieldEvent {
    field: '$.payingAccount'
    value: string
  }

  export function encode (obj: Partial<ProxyOpen>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ProxyOpen.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProxyOpen>): ProxyOpen {
    return decodeMessage(buf, ProxyOpen.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProxyOpen>): Generator<ProxyOpenHostFieldEvent | ProxyOpenPortFieldEvent | ProxyOpenSessionIdFieldEvent | ProxyOpenCredentialFieldEvent | ProxyOpenPricePerGibFieldEvent | ProxyOpenPayingAccountFieldEvent> {
    return streamMessage(buf, ProxyOpen.codec(), opts)
  }
}

export interface ProxyOpenResult {
  status: ProxyOpenResult.Status
  dialled?: string
  rule?: string
  meteringSession?: string
  pricePerGib?: number
}

export namespace ProxyOpenResult {
  export enum Status {
    UNSPECIFIED = 'UNSPECIFIED',
    OK = 'OK',
    RULES = 'RULES',
    POLICY = 'POLICY',
    DNS = 'DNS',
    UNREACHABLE = 'UNREACHABLE',
    REFUSED = 'REFUSED',
    TIMEOUT = 'TIMEOUT',
    OVER_CAPACITY = 'OVER_CAPACITY',
    BAD_REQUEST = 'BAD_REQUEST',
    FAILURE = 'FAILURE',
    UNAUTHORIZED = 'UNAUTHORIZED',
    OVER_RATE = 'OVER_RATE',
    PRICE = 'PRICE',
    UNFUNDED = 'UNFUNDED',
    NOT_SERVING = 'NOT_SERVING'
  }

  enum __StatusValues {
    UNSPECIFIED = 0,
    OK = 1,
    RULES = 2,
    POLICY = 3,
    DNS = 4,
    UNREACHABLE = 5,
    REFUSED = 6,
    TIMEOUT = 7,
    OVER_CAPACITY = 8,
    BAD_REQUEST = 9,
    FAILURE = 10,
    UNAUTHORIZED = 11,
    OVER_RATE = 12,
    PRICE = 13,
    UNFUNDED = 14,
    NOT_SERVING = 15
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<ProxyOpenResult>

  export const codec = (): Codec<ProxyOpenResult> => {
    if (_codec == null) {
      _codec = message<ProxyOpenResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          ProxyOpenResult.Status.codec().encode(obj.status, w)
        }

        if (obj.dialled != null) {
          w.uint32(18)
          w.string(obj.dialled)
        }

        if (obj.rule != null) {
          w.uint32(26)
          w.string(obj.rule)
        }

        if (obj.meteringSession != null) {
          w.uint32(34)
          w.string(obj.meteringSession)
        }

        if (obj.pricePerGib != null) {
          w.uint32(40)
          w.uint64Number(obj.pricePerGib)
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
              obj.status = ProxyOpenResult.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.dialled = reader.string()
              break
            }
            case 3: {
              obj.rule = reader.string()
              break
            }
            case 4: {
              obj.meteringSession = reader.string()
              break
            }
            case 5: {
              obj.pricePerGib = reader.uint64Number()
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
                value: ProxyOpenResult.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.dialled`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.rule`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.meteringSession`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.pricePerGib`,
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

  export interface ProxyOpenResultStatusFieldEvent {
    field: '$.status'
    value: ProxyOpenResult.Status
  }

  export interface ProxyOpenResultDialledFieldEvent {
    field: '$.dialled'
    value: string
  }

  export interface ProxyOpenResultRuleFieldEvent {
    field: '$.rule'
    value: string
  }

  export interface ProxyOpenResultMeteringSessionFieldEvent {
    field: '$.meteringSession'
    value: string
  }

  export interface ProxyOpenResultPricePerGibFieldEvent {
    field: '$.pricePerGib'
    value: number
  }

  export function encode (obj: Partial<ProxyOpenResult>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ProxyOpenResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProxyOpenResult>): ProxyOpenResult {
    return decodeMessage(buf, ProxyOpenResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProxyOpenResult>): Generator<ProxyOpenResultStatusFieldEvent | ProxyOpenResultDialledFieldEvent | ProxyOpenResultRuleFieldEvent | ProxyOpenResultMeteringSessionFieldEvent | ProxyOpenResultPricePerGibFieldEvent> {
    return streamMessage(buf, ProxyOpenResult.codec(), opts)
  }
}

export interface ProxyClose {
  bytesSent: bigint
  bytesReceived: bigint
  durationMs: number
}

export namespace ProxyClose {
  let _codec: Codec<ProxyClose>

  export const codec = (): Codec<ProxyClose> => {
    if (_codec == null) {
      _codec = message<ProxyClose>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.bytesSent != null && obj.bytesSent !== 0n)) {
          w.uint32(8)
          w.uint64(obj.bytesSent)
        }

        if ((obj.bytesReceived != null && obj.bytesReceived !== 0n)) {
          w.uint32(16)
          w.uint64(obj.bytesReceived)
        }

        if ((obj.durationMs != null && obj.durationMs !== 0)) {
          w.uint32(24)
          w.uint32(obj.durationMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          bytesSent: 0n,
          bytesReceived: 0n,
          durationMs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.bytesSent = reader.uint64()
              break
            }
            case 2: {
              obj.bytesReceived = reader.uint64()
              break
            }
            case 3: {
              obj.durationMs = reader.uint32()
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
                field: `${prefix}.bytesSent`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.bytesReceived`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.durationMs`,
                value: reader.uint32()
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

  export interface ProxyCloseBytesSentFieldEvent {
    field: '$.bytesSent'
    value: bigint
  }

  export interface ProxyCloseBytesReceivedFieldEvent {
    field: '$.bytesReceived'
    value: bigint
  }

  export interface ProxyCloseDurationMsFieldEvent {
    field: '$.durationMs'
    value: number
  }

  export function encode (obj: Partial<ProxyClose>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ProxyClose.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProxyClose>): ProxyClose {
    return decodeMessage(buf, ProxyClose.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ProxyClose>): Generator<ProxyCloseBytesSentFieldEvent | ProxyCloseBytesReceivedFieldEvent | ProxyCloseDurationMsFieldEvent> {
    return streamMessage(buf, ProxyClose.codec(), opts)
  }
}
