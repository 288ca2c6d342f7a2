import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface SubmitReceipts {
  receipts: Uint8Array<ArrayBuffer>[]
}

export namespace SubmitReceipts {
  let _codec: Codec<SubmitReceipts>

  export const codec = (): Codec<SubmitReceipts> => {
    if (_codec == null) {
      _codec = message<SubmitReceipts>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.receipts != null && obj.receipts.length > 0) {
          for (const value of obj.receipts) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          receipts: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.receipts != null && obj.receipts.length === opts.limits.receipts) {
                throw new MaxLengthError('Decode error - repeated field "receipts" had too many elements')
              }

              obj.receipts.push(reader.bytes())
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
          receipts: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.receipts != null && obj.receipts === opts.limits.receipts) {
                throw new MaxLengthError('Streaming decode error - repeated field "receipts" had too many elements')
              }

              yield {
                field: `${prefix}.receipts[]`,
                index: obj.receipts,
                value: reader.bytes()
              }

              obj.receipts++

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

  export interface SubmitReceiptsReceiptsFieldEvent {
    field: '$.receipts[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SubmitReceipts>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SubmitReceipts.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitReceipts>): SubmitReceipts {
    return decodeMessage(buf, SubmitReceipts.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitReceipts>): Generator<SubmitReceiptsReceiptsFieldEvent> {
    return streamMessage(buf, SubmitReceipts.codec(), opts)
  }
}

export interface SubmitReceiptsResult {
  status: SubmitReceiptsResult.Status
  answers: ReceiptAnswer[]
}

export namespace SubmitReceiptsResult {
  export enum Status {
    UNSPECIFIED = 'UNSPECIFIED',
    OK = 'OK',
    BUSY = 'BUSY',
    BAD_REQUEST = 'BAD_REQUEST',
    FAILURE = 'FAILURE'
  }

  enum __StatusValues {
    UNSPECIFIED = 0,
    OK = 1,
    BUSY = 2,
    BAD_REQUEST = 3,
    FAILURE = 4
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<SubmitReceiptsResult>

  export const codec = (): Codec<SubmitReceiptsResult> => {
    if (_codec == null) {
      _codec = message<SubmitReceiptsResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          SubmitReceiptsResult.Status.codec().encode(obj.status, w)
        }

        if (obj.answers != null && obj.answers.length > 0) {
          for (const value of obj.answers) {
            w.uint32(18)
            ReceiptAnswer.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.UNSPECIFIED,
          answers: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = SubmitReceiptsResult.Status.codec().decode(reader)
              break
            }
            case 2: {
              if (opts.limits?.answers != null && obj.answers.length === opts.limits.answers) {
                throw new MaxLengthError('Decode error - repeated field "answers" had too many elements')
              }

              obj.answers.push(ReceiptAnswer.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.answers$
              }))
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
          answers: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: SubmitReceiptsResult.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              if (opts.limits?.answers != null && obj.answers === opts.limits.answers) {
                throw new MaxLengthError('Streaming decode error - repeated field "answers" had too many elements')
              }

              for (const evt of ReceiptAnswer.codec().stream(reader, reader.uint32(), `${prefix}.answers[]`, {
                limits: opts.limits?.answers$
              })) {
                yield {
                  ...evt,
                  index: obj.answers
                }
              }

              obj.answers++

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

  export interface SubmitReceiptsResultStatusFieldEvent {
    field: '$.status'
    value: SubmitReceiptsResult.Status
  }

  export interface SubmitReceiptsResultAnswersOutcomeFieldEvent {
    field: '$.answers[].outcome'
    value: ReceiptAnswer.Outcome
    index: number
  }

  export interface SubmitReceiptsResultAnswersReasonFieldEvent {
    field: '$.answers[].reason'
    value: string
    index: number
  }

  export function encode (obj: Partial<SubmitReceiptsResult>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SubmitReceiptsResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitReceiptsResult>): SubmitReceiptsResult {
    return decodeMessage(buf, SubmitReceiptsResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SubmitReceiptsResult>): Generator<SubmitReceiptsResultStatusFieldEvent | SubmitReceiptsResultAnswersOutcomeFieldEvent | SubmitReceiptsResultAnswersReasonFieldEvent> {
    return streamMessage(buf, SubmitReceiptsResult.codec(), opts)
  }
}

export interface ReceiptAnswer {
  outcome: ReceiptAnswer.Outcome
  reason?: string
}

export namespace ReceiptAnswer {
  export enum Outcome {
    UNSPECIFIED = 'UNSPECIFIED',
    BOOKED = 'BOOKED',
    DUPLICATE = 'DUPLICATE',
    SUPERSEDED = 'SUPERSEDED',
    INVALID = 'INVALID',
    BAD_SIGNATURE = 'BAD_SIGNATURE',
    BAD_CREDENTIAL = 'BAD_CREDENTIAL',
    UNKNOWN_ACCOUNT = 'UNKNOWN_ACCOUNT',
    INCONSISTENT = 'INCONSISTENT'
  }

  enum __OutcomeValues {
    UNSPECIFIED = 0,
    BOOKED = 1,
    DUPLICATE = 2,
    SUPERSEDED = 3,
    INVALID = 4,
    BAD_SIGNATURE = 5,
    BAD_CREDENTIAL = 6,
    UNKNOWN_ACCOUNT = 7,
    INCONSISTENT = 8
  }

  export namespace Outcome {
    export const codec = (): Codec<Outcome> => {
      return enumeration<Outcome>(__OutcomeValues)
    }
  }

  let _codec: Codec<ReceiptAnswer>

  export const codec = (): Codec<ReceiptAnswer> => {
    if (_codec == null) {
      _codec = message<ReceiptAnswer>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.outcome != null && __OutcomeValues[obj.outcome] !== 0) {
          w.uint32(8)
          ReceiptAnswer.Outcome.codec().encode(obj.outcome, w)
        }

        if (obj.reason != null) {
          w.uint32(18)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          outcome: Outcome.UNSPECIFIED
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.outcome = ReceiptAnswer.Outcome.codec().decode(reader)
              break
            }
            case 2: {
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
                field: `${prefix}.outcome`,
                value: ReceiptAnswer.Outcome.codec().decode(reader)
              }
              break
            }
            case 2: {
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

  export interface ReceiptAnswerOutcomeFieldEvent {
    field: '$.outcome'
    value: ReceiptAnswer.Outcome
  }

  export interface ReceiptAnswerReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<ReceiptAnswer>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReceiptAnswer.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReceiptAnswer>): ReceiptAnswer {
    return decodeMessage(buf, ReceiptAnswer.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReceiptAnswer>): Generator<ReceiptAnswerOutcomeFieldEvent | ReceiptAnswerReasonFieldEvent> {
    return streamMessage(buf, ReceiptAnswer.codec(), opts)
  }
}
