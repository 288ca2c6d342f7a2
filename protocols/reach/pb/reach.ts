import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface ReachRequest {
  dialBackPorts: number[]
}

export namespace ReachRequest {
  let _codec: Codec<ReachRequest>

  export const codec = (): Codec<ReachRequest> => {
    if (_codec == null) {
      _codec = message<ReachRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.dialBackPorts != null && obj.dialBackPorts.length > 0) {
          for (const value of obj.dialBackPorts) {
            w.uint32(8)
            w.uint32(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          dialBackPorts: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.dialBackPorts != null && obj.dialBackPorts.length === opts.limits.dialBackPorts) {
                throw new MaxLengthError('Decode error - repeated field "dialBackPorts" had too many elements')
              }

              if (obj.dialBackPorts.length === 4) {
                throw new MaxLengthError('Decode error - repeated field "dialBackPorts" had too many elements')
              }

              obj.dialBackPorts.push(reader.uint32())
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
          dialBackPorts: 4
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.dialBackPorts != null && obj.dialBackPorts === opts.limits.dialBackPorts) {
                throw new MaxLengthError('Streaming decode error - repeated field "dialBackPorts" had too many elements')
              }

              if (obj.dialBackPorts === 4) {
                throw new MaxLengthError('Streaming decode error - repeated field "dialBackPorts" had too many elements')
              }

              yield {
                field: `${prefix}.dialBackPorts[]`,
                index: obj.dialBackPorts,
                value: reader.uint32()
              }

              obj.dialBackPorts++

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

  export interface ReachRequestDialBackPortsFieldEvent {
    field: '$.dialBackPorts[]'
    index: number
    value: number
  }

  export function encode (obj: Partial<ReachRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReachRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReachRequest>): ReachRequest {
    return decodeMessage(buf, ReachRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReachRequest>): Generator<ReachRequestDialBackPortsFieldEvent> {
    return streamMessage(buf, ReachRequest.codec(), opts)
  }
}

export interface DialBack {
  port: number
  reachable: boolean
  error: string
}

export namespace DialBack {
  let _codec: Codec<DialBack>

  export const codec = (): Codec<DialBack> => {
    if (_codec == null) {
      _codec = message<DialBack>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.port != null && obj.port !== 0)) {
          w.uint32(8)
          w.uint32(obj.port)
        }

        if ((obj.reachable != null && obj.reachable !== false)) {
          w.uint32(16)
          w.bool(obj.reachable)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(26)
          w.string(obj.error)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          port: 0,
          reachable: false,
          error: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.port = reader.uint32()
              break
            }
            case 2: {
              obj.reachable = reader.bool()
              break
            }
            case 3: {
              obj.error = reader.string()
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
                field: `${prefix}.port`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.reachable`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.error`,
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

  export interface DialBackPortFieldEvent {
    field: '$.port'
    value: number
  }

  export interface DialBackReachableFieldEvent {
    field: '$.reachable'
    value: boolean
  }

  export interface DialBackErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export function encode (obj: Partial<DialBack>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DialBack.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DialBack>): DialBack {
    return decodeMessage(buf, DialBack.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DialBack>): Generator<DialBackPortFieldEvent | DialBackReachableFieldEvent | DialBackErrorFieldEvent> {
    return streamMessage(buf, DialBack.codec(), opts)
  }
}

export interface RelayPolicy {
  enabled: boolean
  data: boolean
  maxBytes: number
  maxSeconds: number
}

export namespace RelayPolicy {
  let _codec: Codec<RelayPolicy>

  export const codec = (): Codec<RelayPolicy> => {
    if (_codec == null) {
      _codec = message<RelayPolicy>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.enabled != null && obj.enabled !== false)) {
          w.uint32(8)
          w.bool(obj.enabled)
        }

        if ((obj.data != null && obj.data !== false)) {
          w.uint32(16)
          w.bool(obj.data)
        }

        if ((obj.maxBytes != null && obj.maxBytes !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.maxBytes)
        }

        if ((obj.maxSeconds != null && obj.maxSeconds !== 0)) {
          w.uint32(32)
          w.uint32(obj.maxSeconds)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          enabled: false,
          data: false,
          maxBytes: 0,
          maxSeconds: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.enabled = reader.bool()
              break
            }
            case 2: {
              obj.data = reader.bool()
              break
            }
            case 3: {
              obj.maxBytes = reader.uint64Number()
              break
            }
            case 4: {
              obj.maxSeconds = reader.uint32()
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
                field: `${prefix}.enabled`,
                value: reader.bool()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.data`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.maxBytes`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.maxSeconds`,
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

  export interface RelayPolicyEnabledFieldEvent {
    field: '$.enabled'
    value: boolean
  }

  export interface RelayPolicyDataFieldEvent {
    field: '$.data'
    value: boolean
  }

  export interface RelayPolicyMaxBytesFieldEvent {
    field: '$.maxBytes'
    value: number
  }

  export interface RelayPolicyMaxSecondsFieldEvent {
    field: '$.maxSeconds'
    value: number
  }

  export function encode (obj: Partial<RelayPolicy>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RelayPolicy.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RelayPolicy>): RelayPolicy {
    return decodeMessage(buf, RelayPolicy.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RelayPolicy>): Generator<RelayPolicyEnabledFieldEvent | RelayPolicyDataFieldEvent | RelayPolicyMaxBytesFieldEvent | RelayPolicyMaxSecondsFieldEvent> {
    return streamMessage(buf, RelayPolicy.codec(), opts)
  }
}

export interface ReachResponse {
  status: ReachResponse.Status
  observed: Uint8Array<ArrayBuffer>
  dialBack: DialBack[]
  relay?: RelayPolicy
}

export namespace ReachResponse {
  export enum Status {
    UNSPECIFIED = 'UNSPECIFIED',
    OK = 'OK',
    BAD_REQUEST = 'BAD_REQUEST'
  }

  enum __StatusValues {
    UNSPECIFIED = 0,
    OK = 1,
    BAD_REQUEST = 2
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<ReachResponse>

  export const codec = (): Codec<ReachResponse> => {
    if (_codec == null) {
      _codec = message<ReachResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          ReachResponse.Status.codec().encode(obj.status, w)
        }

        if ((obj.observed != null && obj.observed.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.observed)
        }

        if (obj.dialBack != null && obj.dialBack.length > 0) {
          for (const value of obj.dialBack) {
            w.uint32(26)
            DialBack.codec().encode(value, w)
          }
        }

        if (obj.relay != null) {
          w.uint32(34)
          RelayPolicy.codec().encode(obj.relay, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.UNSPECIFIED,
          observed: uint8ArrayAlloc(0),
          dialBack: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = ReachResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.observed = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.dialBack != null && obj.dialBack.length === opts.limits.dialBack) {
                throw new MaxLengthError('Decode error - repeated field "dialBack" had too many elements')
              }

              if (obj.dialBack.length === 4) {
                throw new MaxLengthError('Decode error - repeated field "dialBack" had too many elements')
              }

              obj.dialBack.push(DialBack.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.dialBack$
              }))
              break
            }
            case 4: {
              obj.relay = RelayPolicy.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.relay
              })
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
          dialBack: 4
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: ReachResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.observed`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.dialBack != null && obj.dialBack === opts.limits.dialBack) {
                throw new MaxLengthError('Streaming decode error - repeated field "dialBack" had too many elements')
              }

              if (obj.dialBack === 4) {
                throw new MaxLengthError('Streaming decode error - repeated field "dialBack" had too many elements')
              }

              for (const evt of DialBack.codec().stream(reader, reader.uint32(), `${prefix}.dialBack[]`, {
                limits: opts.limits?.dialBack$
              })) {
                yield {
                  ...evt,
                  index: obj.dialBack
                }
              }

              obj.dialBack++

              break
            }
            case 4: {
              yield * RelayPolicy.codec().stream(reader, reader.uint32(), `${prefix}.relay`, {
                limits: opts.limits?.relay
              })

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

  export interface ReachResponseStatusFieldEvent {
    field: '$.status'
    value: ReachResponse.Status
  }

  export interface ReachResponseObservedFieldEvent {
    field: '$.observed'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReachResponseDialBackPortFieldEvent {
    field: '$.dialBack[].port'
    value: number
    index: number
  }

  export interface ReachResponseDialBackReachableFieldEvent {
    field: '$.dialBack[].reachable'
    value: boolean
    index: number
  }

  export interface ReachResponseDialBackErrorFieldEvent {
    field: '$.dialBack[].error'
    value: string
    index: number
  }

  export interface ReachResponseRelayEnabledFieldEvent {
    field: '$.relay.enabled'
    value: boolean
  }

  export interface ReachResponseRelayDataFieldEvent {
    field: '$.relay.data'
    value: boolean
  }

  export interface ReachResponseRelayMaxBytesFieldEvent {
    field: '$.relay.maxBytes'
    value: number
  }

  export interface ReachResponseRelayMaxSecondsFieldEvent {
    field: '$.relay.maxSeconds'
    value: number
  }

  export function encode (obj: Partial<ReachResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReachResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReachResponse>): ReachResponse {
    return decodeMessage(buf, ReachResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReachResponse>): Generator<ReachResponseStatusFieldEvent | ReachResponseObservedFieldEvent | ReachResponseDialBackPortFieldEvent | ReachResponseDialBackReachableFieldEvent | ReachResponseDialBackErrorFieldEvent | ReachResponseRelayEnabledFieldEvent | ReachResponseRelayDataFieldEvent | ReachResponseRelayMaxBytesFieldEvent | ReachResponseRelayMaxSecondsFieldEvent> {
    return streamMessage(buf, ReachResponse.codec(), opts)
  }
}
