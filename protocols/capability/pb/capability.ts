import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Prices {
  microsPerGib: number
  microsPerCpuSecond: number
}

export namespace Prices {
  let _codec: Codec<Prices>

  export const codec = (): Codec<Prices> => {
    if (_codec == null) {
      _codec = message<Prices>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.microsPerGib != null && obj.microsPerGib !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.microsPerGib)
        }

        if ((obj.microsPerCpuSecond != null && obj.microsPerCpuSecond !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.microsPerCpuSecond)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          microsPerGib: 0,
          microsPerCpuSecond: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.microsPerGib = reader.uint64Number()
              break
            }
            case 2: {
              obj.microsPerCpuSecond = reader.uint64Number()
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
                field: `${prefix}.microsPerGib`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.microsPerCpuSecond`,
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

  export interface PricesMicrosPerGibFieldEvent {
    field: '$.microsPerGib'
    value: number
  }

  export interface PricesMicrosPerCpuSecondFieldEvent {
    field: '$.microsPerCpuSecond'
    value: number
  }

  export function encode (obj: Partial<Prices>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Prices.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Prices>): Prices {
    return decodeMessage(buf, Prices.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Prices>): Generator<PricesMicrosPerGibFieldEvent | PricesMicrosPerCpuSecondFieldEvent> {
    return streamMessage(buf, Prices.codec(), opts)
  }
}

export interface Limits {
  maxProxyStreams: number
  maxBandwidthBytesPerSecond: number
  maxJobs: number
  maxJobMemoryMib: number
}

export namespace Limits {
  let _codec: Codec<Limits>

  export const codec = (): Codec<Limits> => {
    if (_codec == null) {
      _codec = message<Limits>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.maxProxyStreams != null && obj.maxProxyStreams !== 0)) {
          w.uint32(8)
          w.uint32(obj.maxProxyStreams)
        }

        if ((obj.maxBandwidthBytesPerSecond != null && obj.maxBandwidthBytesPerSecond !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.maxBandwidthBytesPerSecond)
        }

        if ((obj.maxJobs != null && obj.maxJobs !== 0)) {
          w.uint32(24)
          w.uint32(obj.maxJobs)
        }

        if ((obj.maxJobMemoryMib != null && obj.maxJobMemoryMib !== 0)) {
          w.uint32(32)
          w.uint32(obj.maxJobMemoryMib)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          maxProxyStreams: 0,
          maxBandwidthBytesPerSecond: 0,
          maxJobs: 0,
          maxJobMemoryMib: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.maxProxyStreams = reader.uint32()
              break
            }
            case 2: {
              obj.maxBandwidthBytesPerSecond = reader.uint64Number()
              break
            }
            case 3: {
              obj.maxJobs = reader.uint32()
              break
            }
            case 4: {
              obj.maxJobMemoryMib = reader.uint32()
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
                field: `${prefix}.maxProxyStreams`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.maxBandwidthBytesPerSecond`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.maxJobs`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.maxJobMemoryMib`,
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

  export interface LimitsMaxProxyStreamsFieldEvent {
    field: '$.maxProxyStreams'
    value: number
  }

  export interface LimitsMaxBandwidthBytesPerSecondFieldEvent {
    field: '$.maxBandwidthBytesPerSecond'
    value: number
  }

  export interface LimitsMaxJobsFieldEvent {
    field: '$.maxJobs'
    value: number
  }

  export interface LimitsMaxJobMemoryMibFieldEvent {
    field: '$.maxJobMemoryMib'
    value: number
  }

  export function encode (obj: Partial<Limits>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Limits.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Limits>): Limits {
    return decodeMessage(buf, Limits.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Limits>): Generator<LimitsMaxProxyStreamsFieldEvent | LimitsMaxBandwidthBytesPerSecondFieldEvent | LimitsMaxJobsFieldEvent | LimitsMaxJobMemoryMibFieldEvent> {
    return streamMessage(buf, Limits.codec(), opts)
  }
}

export interface PolicySummary {
  categories: string[]
  customerAllowlist: boolean
  blockedPorts: number[]
  deniedDomains: string[]
}

export namespace PolicySummary {
  let _codec: Codec<PolicySummary>

  export const codec = (): Codec<PolicySummary> => {
    if (_codec == null) {
      _codec = message<PolicySummary>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.categories != null && obj.categories.length > 0) {
          for (const value of obj.categories) {
            w.uint32(10)
            w.string(value)
          }
        }

        if ((obj.customerAllowlist != null && obj.customerAllowlist !== false)) {
          w.uint32(16)
          w.bool(obj.customerAllowlist)
        }

        if (obj.blockedPorts != null && obj.blockedPorts.length > 0) {
          for (const value of obj.blockedPorts) {
            w.uint32(24)
            w.uint32(value)
          }
        }

        if (obj.deniedDomains != null && obj.deniedDomains.length > 0) {
          for (const value of obj.deniedDomains) {
            w.uint32(34)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          categories: [],
          customerAllowlist: false,
          blockedPorts: [],
          deniedDomains: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.categories != null && obj.categories.length === opts.limits.categories) {
                throw new MaxLengthError('Decode error - repeated field "categories" had too many elements')
              }

              if (obj.categories.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "categories" had too many elements')
              }

              obj.categories.push(reader.string())
              break
            }
            case 2: {
              obj.customerAllowlist = reader.bool()
              break
            }
            case 3: {
              if (opts.limits?.blockedPorts != null && obj.blockedPorts.length === opts.limits.blockedPorts) {
                throw new MaxLengthError('Decode error - repeated field "blockedPorts" had too many elements')
              }

              if (obj.blockedPorts.length === 64) {
                throw new MaxLengthError('Decode error - repeated field "blockedPorts" had too many elements')
              }

              obj.blockedPorts.push(reader.uint32())
              break
            }
            case 4: {
              if (opts.limits?.deniedDomains != null && obj.deniedDomains.length === opts.limits.deniedDomains) {
                throw new MaxLengthError('Decode error - repeated field "deniedDomains" had too many elements')
              }

              if (obj.deniedDomains.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "deniedDomains" had too many elements')
              }

              obj.deniedDomains.push(reader.string())
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
          categories: 16,
          blockedPorts: 64,
          deniedDomains: 16
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.categories != null && obj.categories === opts.limits.categories) {
                throw new MaxLengthError('Streaming decode error - repeated field "categories" had too many elements')
              }

              if (obj.categories === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "categories" had too many elements')
              }

              yield {
                field: `${prefix}.categories[]`,
                index: obj.categories,
                value: reader.string()
              }

              obj.categories++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.customerAllowlist`,
                value: reader.bool()
              }
              break
            }
            case 3: {
              if (opts.limits?.blockedPorts != null && obj.blockedPorts === opts.limits.blockedPorts) {
                throw new MaxLengthError('Streaming decode error - repeated field "blockedPorts" had too many elements')
              }

              if (obj.blockedPorts === 64) {
                throw new MaxLengthError('Streaming decode error - repeated field "blockedPorts" had too many elements')
              }

              yield {
                field: `${prefix}.blockedPorts[]`,
                index: obj.blockedPorts,
                value: reader.uint32()
              }

              obj.blockedPorts++

              break
            }
            case 4: {
              if (opts.limits?.deniedDomains != null && obj.deniedDomains === opts.limits.deniedDomains) {
                throw new MaxLengthError('Streaming decode error - repeated field "deniedDomains" had too many elements')
              }

              if (obj.deniedDomains === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "deniedDomains" had too many elements')
              }

              yield {
                field: `${prefix}.deniedDomains[]`,
                index: obj.deniedDomains,
                value: reader.string()
              }

              obj.deniedDomains++

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

  export interface PolicySummaryCategoriesFieldEvent {
    field: '$.categories[]'
    index: number
    value: string
  }

  export interface PolicySummaryCustomerAllowlistFieldEvent {
    field: '$.customerAllowlist'
    value: boolean
  }

  export interface PolicySummaryBlockedPortsFieldEvent {
    field: '$.blockedPorts[]'
    index: number
    value: number
  }

  export interface PolicySummaryDeniedDomainsFieldEvent {
    field: '$.deniedDomains[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<PolicySummary>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PolicySummary.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PolicySummary>): PolicySummary {
    return decodeMessage(buf, PolicySummary.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PolicySummary>): Generator<PolicySummaryCategoriesFieldEvent | PolicySummaryCustomerAllowlistFieldEvent | PolicySummaryBlockedPortsFieldEvent | PolicySummaryDeniedDomainsFieldEvent> {
    return streamMessage(buf, PolicySummary.codec(), opts)
  }
}

export interface Reach {
  status: Reach.Status
  nat: Reach.Nat
  dataRelays: string[]
}

export namespace Reach {
  export enum Status {
    UNKNOWN = 'UNKNOWN',
    PUBLIC = 'PUBLIC',
    PRIVATE = 'PRIVATE'
  }

  enum __StatusValues {
    UNKNOWN = 0,
    PUBLIC = 1,
    PRIVATE = 2
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  export enum Nat {
    NAT_UNKNOWN = 'NAT_UNKNOWN',
    NO_NAT = 'NO_NAT',
    PORT_PRESERVING = 'PORT_PRESERVING',
    PORT_CHANGING = 'PORT_CHANGING'
  }

  enum __NatValues {
    NAT_UNKNOWN = 0,
    NO_NAT = 1,
    PORT_PRESERVING = 2,
    PORT_CHANGING = 3
  }

  export namespace Nat {
    export const codec = (): Codec<Nat> => {
      return enumeration<Nat>(__NatValues)
    }
  }

  let _codec: Codec<Reach>

  export const codec = (): Codec<Reach> => {
    if (_codec == null) {
      _codec = message<Reach>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          Reach.Status.codec().encode(obj.status, w)
        }

        if (obj.nat != null && __NatValues[obj.nat] !== 0) {
          w.uint32(16)
          Reach.Nat.codec().encode(obj.nat, w)
        }

        if (obj.dataRelays != null && obj.dataRelays.length > 0) {
          for (const value of obj.dataRelays) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.UNKNOWN,
          nat: Nat.NAT_UNKNOWN,
          dataRelays: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = Reach.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.nat = Reach.Nat.codec().decode(reader)
              break
            }
            case 3: {
              if (opts.limits?.dataRelays != null && obj.dataRelays.length === opts.limits.dataRelays) {
                throw new MaxLengthError('Decode error - repeated field "dataRelays" had too many elements')
              }

              if (obj.dataRelays.length === 4) {
                throw new MaxLengthError('Decode error - repeated field "dataRelays" had too many elements')
              }

              obj.dataRelays.push(reader.string())
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
          dataRelays: 4
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: Reach.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.nat`,
                value: Reach.Nat.codec().decode(reader)
              }
              break
            }
            case 3: {
              if (opts.limits?.dataRelays != null && obj.dataRelays === opts.limits.dataRelays) {
                throw new MaxLengthError('Streaming decode error - repeated field "dataRelays" had too many elements')
              }

              if (obj.dataRelays === 4) {
                throw new MaxLengthError('Streaming decode error - repeated field "dataRelays" had too many elements')
              }

              yield {
                field: `${prefix}.dataRelays[]`,
                index: obj.dataRelays,
                value: reader.string()
              }

              obj.dataRelays++

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

  export interface ReachStatusFieldEvent {
    field: '$.status'
    value: Reach.Status
  }

  export interface ReachNatFieldEvent {
    field: '$.nat'
    value: Reach.Nat
  }

  export interface ReachDataRelaysFieldEvent {
    field: '$.dataRelays[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Reach>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Reach.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Reach>): Reach {
    return decodeMessage(buf, Reach.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Reach>): Generator<ReachStatusFieldEvent | ReachNatFieldEvent | ReachDataRelaysFieldEvent> {
    return streamMessage(buf, Reach.codec(), opts)
  }
}

export interface Serving {
  serving: boolean
  reasons: string[]
}

export namespace Serving {
  let _codec: Codec<Serving>

  export const codec = (): Codec<Serving> => {
    if (_codec == null) {
      _codec = message<Serving>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.serving != null && obj.serving !== false)) {
          w.uint32(8)
          w.bool(obj.serving)
        }

        if (obj.reasons != null && obj.reasons.length > 0) {
          for (const value of obj.reasons) {
            w.uint32(18)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          serving: false,
          reasons: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.serving = reader.bool()
              break
            }
            case 2: {
              if (opts.limits?.reasons != null && obj.reasons.length === opts.limits.reasons) {
                throw new MaxLengthError('Decode error - repeated field "reasons" had too many elements')
              }

              if (obj.reasons.length === 4) {
                throw new MaxLengthError('Decode error - repeated field "reasons" had too many elements')
              }

              obj.reasons.push(reader.string())
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
          reasons: 4
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.serving`,
                value: reader.bool()
              }
              break
            }
            case 2: {
              if (opts.limits?.reasons != null && obj.reasons === opts.limits.reasons) {
                throw new MaxLengthError('Streaming decode error - repeated field "reasons" had too many elements')
              }

              if (obj.reasons === 4) {
                throw new MaxLengthError('Streaming decode error - repeated field "reasons" had too many elements')
              }

              yield {
                field: `${prefix}.reasons[]`,
                index: obj.reasons,
                value: reader.string()
              }

              obj.reasons++

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

  export interface ServingServingFieldEvent {
    field: '$.serving'
    value: boolean
  }

  export interface ServingReasonsFieldEvent {
    field: '$.reasons[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<Serving>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Serving.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Serving>): Serving {
    return decodeMessage(buf, Serving.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Serving>): Generator<ServingServingFieldEvent | ServingReasonsFieldEvent> {
    return streamMessage(buf, Serving.codec(), opts)
  }
}

export interface CapabilityRecord {
  peerId: Uint8Array<ArrayBuffer>
  services: string[]
  country: string
  asn: number
  prices?: Prices
  limits?: Limits
  policy?: PolicySummary
  seq: number
  issuedAtMs: number
  expiresAtMs: number
  addrs: Uint8Array<ArrayBuffer>[]
  reach?: Reach
  serving?: Serving
}

export namespace CapabilityRecord {
  let _codec: Codec<CapabilityRecord>

  export const codec = (): Codec<CapabilityRecord> => {
    if (_codec == null) {
      _codec = message<CapabilityRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.peerId)
        }

        if (obj.services != null && obj.services.length > 0) {
          for (const value of obj.services) {
            w.uint32(18)
            w.string(value)
          }
        }

        if ((obj.country != null && obj.country !== '')) {
          w.uint32(26)
          w.string(obj.country)
        }

        if ((obj.asn != null && obj.asn !== 0)) {
          w.uint32(32)
          w.uint32(obj.asn)
        }

        if (obj.prices != null) {
          w.uint32(42)
          Prices.codec().encode(obj.prices, w)
        }

        if (obj.limits != null) {
          w.uint32(50)
          Limits.codec().encode(obj.limits, w)
        }

        if (obj.policy != null) {
          w.uint32(58)
          PolicySummary.codec().encode(obj.policy, w)
        }

        if ((obj.seq != null && obj.seq !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.seq)
        }

        if ((obj.issuedAtMs != null && obj.issuedAtMs !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.issuedAtMs)
        }

        if ((obj.expiresAtMs != null && obj.expiresAtMs !== 0)) {
          w.uint32(80)
          w.uint64Number(obj.expiresAtMs)
        }

        if (obj.addrs != null && obj.addrs.length > 0) {
          for (const value of obj.addrs) {
            w.uint32(90)
            w.bytes(value)
          }
        }

        if (obj.reach != null) {
          w.uint32(98)
          Reach.codec().encode(obj.reach, w)
        }

        if (obj.serving != null) {
          w.uint32(106)
          Serving.codec().encode(obj.serving, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: uint8ArrayAlloc(0),
          services: [],
          country: '',
          asn: 0,
          seq: 0,
          issuedAtMs: 0,
          expiresAtMs: 0,
          addrs: []
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
              if (opts.limits?.services != null && obj.services.length === opts.limits.services) {
                throw new MaxLengthError('Decode error - repeated field "services" had too many elements')
              }

              if (obj.services.length === 8) {
                throw new MaxLengthError('Decode error - repeated field "services" had too many elements')
              }

              obj.services.push(reader.string())
              break
            }
            case 3: {
              obj.country = reader.string()
              break
            }
            case 4: {
              obj.asn = reader.uint32()
              break
            }
            case 5: {
              obj.prices = Prices.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.prices
              })
              break
            }
            case 6: {
              obj.limits = Limits.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.limits
              })
              break
            }
            case 7: {
              obj.policy = PolicySummary.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.policy
              })
              break
            }
            case 8: {
              obj.seq = reader.uint64Number()
              break
            }
            case 9: {
              obj.issuedAtMs = reader.uint64Number()
              break
            }
            case 10: {
              obj.expiresAtMs = reader.uint64Number()
              break
            }
            case 11: {
              if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              if (obj.addrs.length === 16) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              obj.addrs.push(reader.bytes())
              break
            }
            case 12: {
              obj.reach = Reach.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.reach
              })
              break
            }
            case 13: {
              obj.serving = Serving.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.serving
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
          services: 8,
          addrs: 16
        }

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
              if (opts.limits?.services != null && obj.services === opts.limits.services) {
                throw new MaxLengthError('Streaming decode error - repeated field "services" had too many elements')
              }

              if (obj.services === 8) {
                throw new MaxLengthError('Streaming decode error - repeated field "services" had too many elements')
              }

              yield {
                field: `${prefix}.services[]`,
                index: obj.services,
                value: reader.string()
              }

              obj.services++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.country`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.asn`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield * Prices.codec().stream(reader, reader.uint32(), `${prefix}.prices`, {
                limits: opts.limits?.prices
              })

              break
            }
            case 6: {
              yield * Limits.codec().stream(reader, reader.uint32(), `${prefix}.limits`, {
                limits: opts.limits?.limits
              })

              break
            }
            case 7: {
              yield * PolicySummary.codec().stream(reader, reader.uint32(), `${prefix}.policy`, {
                limits: opts.limits?.policy
              })

              break
            }
            case 8: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64Number()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.issuedAtMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.expiresAtMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 11: {
              if (opts.limits?.addrs != null && obj.addrs === opts.limits.addrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              if (obj.addrs === 16) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              yield {
                field: `${prefix}.addrs[]`,
                index: obj.addrs,
                value: reader.bytes()
              }

              obj.addrs++

              break
            }
            case 12: {
              yield * Reach.codec().stream(reader, reader.uint32(), `${prefix}.reach`, {
                limits: opts.limits?.reach
              })

              break
            }
            case 13: {
              yield * Serving.codec().stream(reader, reader.uint32(), `${prefix}.serving`, {
                limits: opts.limits?.serving
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

  export interface CapabilityRecordPeerIdFieldEvent {
    field: '$.peerId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CapabilityRecordServicesFieldEvent {
    field: '$.services[]'
    index: number
    value: string
  }

  export interface CapabilityRecordCountryFieldEvent {
    field: '$.country'
    value: string
  }

  export interface CapabilityRecordAsnFieldEvent {
    field: '$.asn'
    value: number
  }

  export interface CapabilityRecordPricesMicrosPerGibFieldEvent {
    field: '$.prices.microsPerGib'
    value: number
  }

  export interface CapabilityRecordPricesMicrosPerCpuSecondFieldEvent {
    field: '$.prices.microsPerCpuSecond'
    value: number
  }

  export interface CapabilityRecordLimitsMaxProxyStreamsFieldEvent {
    field: '$.limits.maxProxyStreams'
    value: number
  }

  export interface CapabilityRecordLimitsMaxBandwidthBytesPerSecondFieldEvent {
    field: '$.limits.maxBandwidthBytesPerSecond'
    value: number
  }

  export interface CapabilityRecordLimitsMaxJobsFieldEvent {
    field: '$.limits.maxJobs'
    value: number
  }

  export interface CapabilityRecordLimitsMaxJobMemoryMibFieldEvent {
    field: '$.limits.maxJobMemoryMib'
    value: number
  }

  export interface CapabilityRecordPolicyCategoriesFieldEvent {
    field: '$.policy.categories[]'
    index: number
    value: string
  }

  export interface CapabilityRecordPolicyCustomerAllowlistFieldEvent {
    field: '$.policy.customerAllowlist'
    value: boolean
  }

  export interface CapabilityRecordPolicyBlockedPortsFieldEvent {
    field: '$.policy.blockedPorts[]'
    index: number
    value: number
  }

  export interface CapabilityRecordPolicyDeniedDomainsFieldEvent {
    field: '$.policy.deniedDomains[]'
    index: number
    value: string
  }

  export interface CapabilityRecordSeqFieldEvent {
    field: '$.seq'
    value: number
  }

  export interface CapabilityRecordIssuedAtMsFieldEvent {
    field: '$.issuedAtMs'
    value: number
  }

  export interface CapabilityRecordExpiresAtMsFieldEvent {
    field: '$.expiresAtMs'
    value: number
  }

  export interface CapabilityRecordAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface CapabilityRecordReachStatusFieldEvent {
    field: '$.reach.status'
    value: Reach.Status
  }

  export interface CapabilityRecordReachNatFieldEvent {
    field: '$.reach.nat'
    value: Reach.Nat
  }

  export interface CapabilityRecordReachDataRelaysFieldEvent {
    field: '$.reach.dataRelays[]'
    index: number
    value: string
  }

  export interface CapabilityRecordServingServingFieldEvent {
    field: '$.serving.serving'
    value: boolean
  }

  export interface CapabilityRecordServingReasonsFieldEvent {
    field: '$.serving.reasons[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<CapabilityRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CapabilityRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CapabilityRecord>): CapabilityRecord {
    return decodeMessage(buf, CapabilityRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CapabilityRecord>): Generator<CapabilityRecordPeerIdFieldEvent | CapabilityRecordServicesFieldEvent | CapabilityRecordCountryFieldEvent | CapabilityRecordAsnFieldEvent | CapabilityRecordPricesMicrosPerGibFieldEvent | CapabilityRecordPricesMicrosPerCpuSecondFieldEvent | CapabilityRecordLimitsMaxProxyStreamsFieldEvent | CapabilityRecordLimitsMaxBandwidthBytesPerSecondFieldEvent | CapabilityRecordLimitsMaxJobsFieldEvent | CapabilityRecordLimitsMaxJobMemoryMibFieldEvent | CapabilityRecordPolicyCategoriesFieldEvent | CapabilityRecordPolicyCustomerAllowlistFieldEvent | CapabilityRecordPolicyBlockedPortsFieldEvent | CapabilityRecordPolicyDeniedDomainsFieldEvent | CapabilityRecordSeqFieldEvent | CapabilityRecordIssuedAtMsFieldEvent | CapabilityRecordExpiresAtMsFieldEvent | CapabilityRecordAddrsFieldEvent | CapabilityRecordReachStatusFieldEvent | CapabilityRecordReachNatFieldEvent | CapabilityRecordReachDataRelaysFieldEvent | CapabilityRecordServingServingFieldEvent | CapabilityRecordServingReasonsFieldEvent> {
    return streamMessage(buf, CapabilityRecord.codec(), opts)
  }
}

export interface SignedCapabilityRecord {
  record: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedCapabilityRecord {
  let _codec: Codec<SignedCapabilityRecord>

  export const codec = (): Codec<SignedCapabilityRecord> => {
    if (_codec == null) {
      _codec = message<SignedCapabilityRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.record != null && obj.record.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.record)
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
          record: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.record = reader.bytes()
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
                field: `${prefix}.record`,
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

  export interface SignedCapabilityRecordRecordFieldEvent {
    field: '$.record'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedCapabilityRecordSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedCapabilityRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedCapabilityRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedCapabilityRecord>): SignedCapabilityRecord {
    return decodeMessage(buf, SignedCapabilityRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedCapabilityRecord>): Generator<SignedCapabilityRecordRecordFieldEvent | SignedCapabilityRecordSignatureFieldEvent> {
    return streamMessage(buf, SignedCapabilityRecord.codec(), opts)
  }
}

export interface CapabilityRequest {
  knownSeq: number
}

export namespace CapabilityRequest {
  let _codec: Codec<CapabilityRequest>

  export const codec = (): Codec<CapabilityRequest> => {
    if (_codec == null) {
      _codec = message<CapabilityRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.knownSeq != null && obj.knownSeq !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.knownSeq)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          knownSeq: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.knownSeq = reader.uint64Number()
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
                field: `${prefix}.knownSeq`,
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

  export interface CapabilityRequestKnownSeqFieldEvent {
    field: '$.knownSeq'
    value: number
  }

  export function encode (obj: Partial<CapabilityRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CapabilityRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CapabilityRequest>): CapabilityRequest {
    return decodeMessage(buf, CapabilityRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CapabilityRequest>): Generator<CapabilityRequestKnownSeqFieldEvent> {
    return streamMessage(buf, CapabilityRequest.codec(), opts)
  }
}

export interface CapabilityResponse {
  status: CapabilityResponse.Status
  record?: Uint8Array<ArrayBuffer>
}

export namespace CapabilityResponse {
  export enum Status {
    OK = 'OK',
    NOT_MODIFIED = 'NOT_MODIFIED',
    NOT_A_PROVIDER = 'NOT_A_PROVIDER'
  }

  enum __StatusValues {
    OK = 0,
    NOT_MODIFIED = 1,
    NOT_A_PROVIDER = 2
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<CapabilityResponse>

  export const codec = (): Codec<CapabilityResponse> => {
    if (_codec == null) {
      _codec = message<CapabilityResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          CapabilityResponse.Status.codec().encode(obj.status, w)
        }

        if (obj.record != null) {
          w.uint32(18)
          w.bytes(obj.record)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OK
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = CapabilityResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.record = reader.bytes()
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
                value: CapabilityResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.record`,
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

  export interface CapabilityResponseStatusFieldEvent {
    field: '$.status'
    value: CapabilityResponse.Status
  }

  export interface CapabilityResponseRecordFieldEvent {
    field: '$.record'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<CapabilityResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CapabilityResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CapabilityResponse>): CapabilityResponse {
    return decodeMessage(buf, CapabilityResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CapabilityResponse>): Generator<CapabilityResponseStatusFieldEvent | CapabilityResponseRecordFieldEvent> {
    return streamMessage(buf, CapabilityResponse.codec(), opts)
  }
}
