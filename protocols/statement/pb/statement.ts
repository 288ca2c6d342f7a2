import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface StatementRequest {
  sinceMs: number
  after: string
  limit: number
}

export namespace StatementRequest {
  let _codec: Codec<StatementRequest>

  export const codec = (): Codec<StatementRequest> => {
    if (_codec == null) {
      _codec = message<StatementRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.sinceMs != null && obj.sinceMs !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.sinceMs)
        }

        if ((obj.after != null && obj.after !== '')) {
          w.uint32(18)
          w.string(obj.after)
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(24)
          w.uint32(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          sinceMs: 0,
          after: '',
          limit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.sinceMs = reader.uint64Number()
              break
            }
            case 2: {
              obj.after = reader.string()
              break
            }
            case 3: {
              obj.limit = reader.uint32()
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
                field: `${prefix}.sinceMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.after`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.limit`,
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

  export interface StatementRequestSinceMsFieldEvent {
    field: '$.sinceMs'
    value: number
  }

  export interface StatementRequestAfterFieldEvent {
    field: '$.after'
    value: string
  }

  export interface StatementRequestLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<StatementRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StatementRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatementRequest>): StatementRequest {
    return decodeMessage(buf, StatementRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatementRequest>): Generator<StatementRequestSinceMsFieldEvent | StatementRequestAfterFieldEvent | StatementRequestLimitFieldEvent> {
    return streamMessage(buf, StatementRequest.codec(), opts)
  }
}

export interface StatementResponse {
  status: StatementResponse.Status
  sessions: BookedSession[]
  next?: string
}

export namespace StatementResponse {
  export enum Status {
    UNSPECIFIED = 'UNSPECIFIED',
    OK = 'OK',
    BAD_REQUEST = 'BAD_REQUEST',
    FAILURE = 'FAILURE'
  }

  enum __StatusValues {
    UNSPECIFIED = 0,
    OK = 1,
    BAD_REQUEST = 2,
    FAILURE = 3
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<StatementResponse>

  export const codec = (): Codec<StatementResponse> => {
    if (_codec == null) {
      _codec = message<StatementResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          StatementResponse.Status.codec().encode(obj.status, w)
        }

        if (obj.sessions != null && obj.sessions.length > 0) {
          for (const value of obj.sessions) {
            w.uint32(18)
            BookedSession.codec().encode(value, w)
          }
        }

        if (obj.next != null) {
          w.uint32(26)
          w.string(obj.next)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.UNSPECIFIED,
          sessions: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = StatementResponse.Status.codec().decode(reader)
              break
            }
            case 2: {
              if (opts.limits?.sessions != null && obj.sessions.length === opts.limits.sessions) {
                throw new MaxLengthError('Decode error - repeated field "sessions" had too many elements')
              }

              obj.sessions.push(BookedSession.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sessions$
              }))
              break
            }
            case 3: {
              obj.next = reader.string()
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
          sessions: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: StatementResponse.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              if (opts.limits?.sessions != null && obj.sessions === opts.limits.sessions) {
                throw new MaxLengthError('Streaming decode error - repeated field "sessions" had too many elements')
              }

              for (const evt of BookedSession.codec().stream(reader, reader.uint32(), `${prefix}.sessions[]`, {
                limits: opts.limits?.sessions$
              })) {
                yield {
                  ...evt,
                  index: obj.sessions
                }
              }

              obj.sessions++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.next`,
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

  export interface StatementResponseStatusFieldEvent {
    field: '$.status'
    value: StatementResponse.Status
  }

  export interface StatementResponseSessionsSessionFieldEvent {
    field: '$.sessions[].session'
    value: string
    index: number
  }

  export interface StatementResponseSessionsSeqFieldEvent {
    field: '$.sessions[].seq'
    value: number
    index: number
  }

  export interface StatementResponseSessionsBytesUpFieldEvent {
    field: '$.sessions[].bytesUp'
    value: number
    index: number
  }

  export interface StatementResponseSessionsBytesDownFieldEvent {
    field: '$.sessions[].bytesDown'
    value: number
    index: number
  }

  export interface StatementResponseSessionsAmountFieldEvent {
    field: '$.sessions[].amount'
    value: number
    index: number
  }

  export interface StatementResponseSessionsPricePerGibFieldEvent {
    field: '$.sessions[].pricePerGib'
    value: number
    index: number
  }

  export interface StatementResponseSessionsPayingAccountFieldEvent {
    field: '$.sessions[].payingAccount'
    value: string
    index: number
  }

  export interface StatementResponseSessionsProviderAccountFieldEvent {
    field: '$.sessions[].providerAccount'
    value: string
    index: number
  }

  export interface StatementResponseSessionsLastAtMsFieldEvent {
    field: '$.sessions[].lastAtMs'
    value: number
    index: number
  }

  export interface StatementResponseSessionsCpuMsFieldEvent {
    field: '$.sessions[].cpuMs'
    value: number
    index: number
  }

  export interface StatementResponseSessionsPricePerCpuSecondFieldEvent {
    field: '$.sessions[].pricePerCpuSecond'
    value: number
    index: number
  }

  export interface StatementResponseNextFieldEvent {
    field: '$.next'
    value: string
  }

  export function encode (obj: Partial<StatementResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StatementResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatementResponse>): StatementResponse {
    return decodeMessage(buf, StatementResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StatementResponse>): Generator<StatementResponseStatusFieldEvent | StatementResponseSessionsSessionFieldEvent | StatementResponseSessionsSeqFieldEvent | StatementResponseSessionsBytesUpFieldEvent | StatementResponseSessionsBytesDownFieldEvent | StatementResponseSessionsAmountFieldEvent | StatementResponseSessionsPricePerGibFieldEvent | StatementResponseSessionsPayingAccountFieldEvent | StatementResponseSessionsProviderAccountFieldEvent | StatementResponseSessionsLastAtMsFieldEvent | StatementResponseSessionsCpuMsFieldEvent | StatementResponseSessionsPricePerCpuSecondFieldEvent | StatementResponseNextFieldEvent> {
    return streamMessage(buf, StatementResponse.codec(), opts)
  }
}

export interface BookedSession {
  session: string
  seq: number
  bytesUp: number
  bytesDown: number
  amount: number
  pricePerGib: number
  payingAccount: string
  providerAccount: string
  lastAtMs: number
  cpuMs: number
  pricePerCpuSecond: number
}

export namespace BookedSession {
  let _codec: Codec<BookedSession>

  export const codec = (): Codec<BookedSession> => {
    if (_codec == null) {
      _codec = message<BookedSession>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.session != null && obj.session !== '')) {
          w.uint32(10)
          w.string(obj.session)
        }

        if ((obj.seq != null && obj.seq !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.seq)
        }

        if ((obj.bytesUp != null && obj.bytesUp !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.bytesUp)
        }

        if ((obj.bytesDown != null && obj.bytesDown !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.bytesDown)
        }

        if ((obj.amount != null && obj.amount !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.amount)
        }

        if ((obj.pricePerGib != null && obj.pricePerGib !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.pricePerGib)
        }

        if ((obj.payingAccount != null && obj.payingAccount !== '')) {
          w.uint32(58)
          w.string(obj.payingAccount)
        }

        if ((obj.providerAccount != null && obj.providerAccount !== '')) {
          w.uint32(66)
          w.string(obj.providerAccount)
        }

        if ((obj.lastAtMs != null && obj.lastAtMs !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.lastAtMs)
        }

        if ((obj.cpuMs != null && obj.cpuMs !== 0)) {
          w.uint32(80)
          w.uint64Number(obj.cpuMs)
        }

        if ((obj.pricePerCpuSecond != null && obj.pricePerCpuSecond !== 0)) {
          w.uint32(88)
          w.uint64Number(obj.pricePerCpuSecond)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          session: '',
          seq: 0,
          bytesUp: 0,
          bytesDown: 0,
          amount: 0,
          pricePerGib: 0,
          payingAccount: '',
          providerAccount: '',
          lastAtMs: 0,
          cpuMs: 0,
          pricePerCpuSecond: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.session = reader.string()
              break
            }
            case 2: {
              obj.seq = reader.uint64Number()
              break
            }
            case 3: {
              obj.bytesUp = reader.uint64Number()
              break
            }
            case 4: {
              obj.bytesDown = reader.uint64Number()
              break
            }
            case 5: {
              obj.amount = reader.uint64Number()
              break
            }
            case 6: {
              obj.pricePerGib = reader.uint64Number()
              break
            }
            case 7: {
              obj.payingAccount = reader.string()
              break
            }
            case 8: {
              obj.providerAccount = reader.string()
              break
            }
            case 9: {
              obj.lastAtMs = reader.uint64Number()
              break
            }
            case 10: {
              obj.cpuMs = reader.uint64Number()
              break
            }
            case 11: {
              obj.pricePerCpuSecond = reader.uint64Number()
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
                field: `${prefix}.session`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.bytesUp`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.bytesDown`,
                value: reader.uint64Number()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.amount`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.pricePerGib`,
                value: reader.uint64Number()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.payingAccount`,
                value: reader.string()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.providerAccount`,
                value: reader.string()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.lastAtMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.cpuMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.pricePerCpuSecond`,
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

  export interface BookedSessionSessionFieldEvent {
    field: '$.session'
    value: string
  }

  export interface BookedSessionSeqFieldEvent {
    field: '$.seq'
    value: number
  }

  export interface BookedSessionBytesUpFieldEvent {
    field: '$.bytesUp'
    value: number
  }

  export interface BookedSessionBytesDownFieldEvent {
    field: '$.bytesDown'
    value: number
  }

  export interface BookedSessionAmountFieldEvent {
    field: '$.amount'
    value: number
  }

  export interface BookedSessionPricePerGibFieldEvent {
    field: '$.pricePerGib'
    value: number
  }

  export interface BookedSessionPayingAccountFieldEvent {
    field: '$.payingAccount'
    value: string
  }

  export interface BookedSessionProviderAccountFieldEvent {
    field: '$.providerAccount'
    value: string
  }

  export interface BookedSessionLastAtMsFieldEvent {
    field: '$.lastAtMs'
    value: number
  }

  export interface BookedSessionCpuMsFieldEvent {
    field: '$.cpuMs'
    value: number
  }

  export interface BookedSessionPricePerCpuSecondFieldEvent {
    field: '$.pricePerCpuSecond'
    value: number
  }

  export function encode (obj: Partial<BookedSession>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BookedSession.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BookedSession>): BookedSession {
    return decodeMessage(buf, BookedSession.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BookedSession>): Generator<BookedSessionSessionFieldEvent | BookedSessionSeqFieldEvent | BookedSessionBytesUpFieldEvent | BookedSessionBytesDownFieldEvent | BookedSessionAmountFieldEvent | BookedSessionPricePerGibFieldEvent | BookedSessionPayingAccountFieldEvent | BookedSessionProviderAccountFieldEvent | BookedSessionLastAtMsFieldEvent | BookedSessionCpuMsFieldEvent | BookedSessionPricePerCpuSecondFieldEvent> {
    return streamMessage(buf, BookedSession.codec(), opts)
  }
}
