import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface JobFile {
  path: string
  data: Uint8Array<ArrayBuffer>
}

export namespace JobFile {
  let _codec: Codec<JobFile>

  export const codec = (): Codec<JobFile> => {
    if (_codec == null) {
      _codec = message<JobFile>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.path != null && obj.path !== '')) {
          w.uint32(10)
          w.string(obj.path)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.data)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          path: '',
          data: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.path = reader.string()
              break
            }
            case 2: {
              obj.data = reader.bytes()
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
                field: `${prefix}.path`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.data`,
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

  export interface JobFilePathFieldEvent {
    field: '$.path'
    value: string
  }

  export interface JobFileDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<JobFile>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JobFile.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobFile>): JobFile {
    return decodeMessage(buf, JobFile.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobFile>): Generator<JobFilePathFieldEvent | JobFileDataFieldEvent> {
    return streamMessage(buf, JobFile.codec(), opts)
  }
}

export interface JobLimits {
  memoryBytes: number
  wallMs: number
  outputBytes: number
}

export namespace JobLimits {
  let _codec: Codec<JobLimits>

  export const codec = (): Codec<JobLimits> => {
    if (_codec == null) {
      _codec = message<JobLimits>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.memoryBytes != null && obj.memoryBytes !== 0)) {
          w.uint32(8)
          w.uint64Number(obj.memoryBytes)
        }

        if ((obj.wallMs != null && obj.wallMs !== 0)) {
          w.uint32(16)
          w.uint32(obj.wallMs)
        }

        if ((obj.outputBytes != null && obj.outputBytes !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.outputBytes)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          memoryBytes: 0,
          wallMs: 0,
          outputBytes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.memoryBytes = reader.uint64Number()
              break
            }
            case 2: {
              obj.wallMs = reader.uint32()
              break
            }
            case 3: {
              obj.outputBytes = reader.uint64Number()
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
                field: `${prefix}.memoryBytes`,
                value: reader.uint64Number()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.wallMs`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.outputBytes`,
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

  export interface JobLimitsMemoryBytesFieldEvent {
    field: '$.memoryBytes'
    value: number
  }

  export interface JobLimitsWallMsFieldEvent {
    field: '$.wallMs'
    value: number
  }

  export interface JobLimitsOutputBytesFieldEvent {
    field: '$.outputBytes'
    value: number
  }

  export function encode (obj: Partial<JobLimits>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JobLimits.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobLimits>): JobLimits {
    return decodeMessage(buf, JobLimits.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobLimits>): Generator<JobLimitsMemoryBytesFieldEvent | JobLimitsWallMsFieldEvent | JobLimitsOutputBytesFieldEvent> {
    return streamMessage(buf, JobLimits.codec(), opts)
  }
}

export interface JobSubmit {
  module?: Uint8Array<ArrayBuffer>
  moduleSha256: Uint8Array<ArrayBuffer>
  args: string[]
  env: string[]
  stdin: Uint8Array<ArrayBuffer>
  files: JobFile[]
  limits?: JobLimits
  pricePerCpuSecond?: number
  credential?: Uint8Array<ArrayBuffer>
  payingAccount?: string
  seed?: Uint8Array<ArrayBuffer>
  clockStartNs?: bigint
}

export namespace JobSubmit {
  let _codec: Codec<JobSubmit>

  export const codec = (): Codec<JobSubmit> => {
    if (_codec == null) {
      _codec = message<JobSubmit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.module != null) {
          w.uint32(10)
          w.bytes(obj.module)
        }

        if ((obj.moduleSha256 != null && obj.moduleSha256.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.moduleSha256)
        }

        if (obj.args != null && obj.args.length > 0) {
          for (const value of obj.args) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (obj.env != null && obj.env.length > 0) {
          for (const value of obj.env) {
            w.uint32(34)
            w.string(value)
          }
        }

        if ((obj.stdin != null && obj.stdin.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.stdin)
        }

        if (obj.files != null && obj.files.length > 0) {
          for (const value of obj.files) {
            w.uint32(50)
            JobFile.codec().encode(value, w)
          }
        }

        if (obj.limits != null) {
          w.uint32(58)
          JobLimits.codec().encode(obj.limits, w)
        }

        if (obj.pricePerCpuSecond != null) {
          w.uint32(64)
          w.uint64Number(obj.pricePerCpuSecond)
        }

        if (obj.credential != null) {
          w.uint32(74)
          w.bytes(obj.credential)
        }

        if (obj.payingAccount != null) {
          w.uint32(82)
          w.string(obj.payingAccount)
        }

        if (obj.seed != null) {
          w.uint32(90)
          w.bytes(obj.seed)
        }

        if (obj.clockStartNs != null) {
          w.uint32(96)
          w.uint64(obj.clockStartNs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          moduleSha256: uint8ArrayAlloc(0),
          args: [],
          env: [],
          stdin: uint8ArrayAlloc(0),
          files: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.module = reader.bytes()
              break
            }
            case 2: {
              obj.moduleSha256 = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.args != null && obj.args.length === opts.limits.args) {
                throw new MaxLengthError('Decode error - repeated field "args" had too many elements')
              }

              obj.args.push(reader.string())
              break
            }
            case 4: {
              if (opts.limits?.env != null && obj.env.length === opts.limits.env) {
                throw new MaxLengthError('Decode error - repeated field "env" had too many elements')
              }

              obj.env.push(reader.string())
              break
            }
            case 5: {
              obj.stdin = reader.bytes()
              break
            }
            case 6: {
              if (opts.limits?.files != null && obj.files.length === opts.limits.files) {
                throw new MaxLengthError('Decode error - repeated field "files" had too many elements')
              }

              obj.files.push(JobFile.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.files$
              }))
              break
            }
            case 7: {
              obj.limits = JobLimits.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.limits
              })
              break
            }
            case 8: {
              obj.pricePerCpuSecond = reader.uint64Number()
              break
            }
            case 9: {
              obj.credential = reader.bytes()
              break
            }
            case 10: {
              obj.payingAccount = reader.string()
              break
            }
            case 11: {
              obj.seed = reader.bytes()
              break
            }
            case 12: {
              obj.clockStartNs = reader.uint64()
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
          args: 0,
          env: 0,
          files: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.module`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.moduleSha256`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.args != null && obj.args === opts.limits.args) {
                throw new MaxLengthError('Streaming decode error - repeated field "args" had too many elements')
              }

              yield {
                field: `${prefix}.args[]`,
                index: obj.args,
                value: reader.string()
              }

              obj.args++

              break
            }
            case 4: {
              if (opts.limits?.env != null && obj.env === opts.limits.env) {
                throw new MaxLengthError('Streaming decode error - repeated field "env" had too many elements')
              }

              yield {
                field: `${prefix}.env[]`,
                index: obj.env,
                value: reader.string()
              }

              obj.env++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.stdin`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              if (opts.limits?.files != null && obj.files === opts.limits.files) {
                throw new MaxLengthError('Streaming decode error - repeated field "files" had too many elements')
              }

              for (const evt of JobFile.codec().stream(reader, reader.uint32(), `${prefix}.files[]`, {
                limits: opts.limits?.files$
              })) {
                yield {
                  ...evt,
                  index: obj.files
                }
              }

              obj.files++

              break
            }
            case 7: {
              yield * JobLimits.codec().stream(reader, reader.uint32(), `${prefix}.limits`, {
                limits: opts.limits?.limits
              })

              break
            }
            case 8: {
              yield {
                field: `${prefix}.pricePerCpuSecond`,
                value: reader.uint64Number()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.credential`,
                value: reader.bytes()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.payingAccount`,
                value: reader.string()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.seed`,
                value: reader.bytes()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.clockStartNs`,
                value: reader.uint64()
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

  export interface JobSubmitModuleFieldEvent {
    field: '$.module'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobSubmitModuleSha256FieldEvent {
    field: '$.moduleSha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobSubmitArgsFieldEvent {
    field: '$.args[]'
    index: number
    value: string
  }

  export interface JobSubmitEnvFieldEvent {
    field: '$.env[]'
    index: number
    value: string
  }

  export interface JobSubmitStdinFieldEvent {
    field: '$.stdin'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobSubmitFilesPathFieldEvent {
    field: '$.files[].path'
    value: string
    index: number
  }

  export interface JobSubmitFilesDataFieldEvent {
    field: '$.files[].data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface JobSubmitLimitsMemoryBytesFieldEvent {
    field: '$.limits.memoryBytes'
    value: number
  }

  export interface JobSubmitLimitsWallMsFieldEvent {
    field: '$.limits.wallMs'
    value: number
  }

  export interface JobSubmitLimitsOutputBytesFieldEvent {
    field: '$.limits.outputBytes'
    value: number
  }

  export interface JobSubmitPricePerCpuSecondFieldEvent {
    field: '$.pricePerCpuSecond'
    value: number
  }

  export interface JobSubmitCredentialFieldEvent {
    field: '$.credential'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobSubmitPayingAccountFieldEvent {
    field: '$.payingAccount'
    value: string
  }

  export interface JobSubmitSeedFieldEvent {
    field: '$.seed'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobSubmitClockStartNsFieldEvent {
    field: '$.clockStartNs'
    value: bigint
  }

  export function encode (obj: Partial<JobSubmit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JobSubmit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobSubmit>): JobSubmit {
    return decodeMessage(buf, JobSubmit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobSubmit>): Generator<JobSubmitModuleFieldEvent | JobSubmitModuleSha256FieldEvent | JobSubmitArgsFieldEvent | JobSubmitEnvFieldEvent | JobSubmitStdinFieldEvent | JobSubmitFilesPathFieldEvent | JobSubmitFilesDataFieldEvent | JobSubmitLimitsMemoryBytesFieldEvent | JobSubmitLimitsWallMsFieldEvent | JobSubmitLimitsOutputBytesFieldEvent | JobSubmitPricePerCpuSecondFieldEvent | JobSubmitCredentialFieldEvent | JobSubmitPayingAccountFieldEvent | JobSubmitSeedFieldEvent | JobSubmitClockStartNsFieldEvent> {
    return streamMessage(buf, JobSubmit.codec(), opts)
  }
}

export interface JobResult {
  exitCode?: number
  errorName?: string
  errorMessage?: string
  stdout: Uint8Array<ArrayBuffer>
  stderr: Uint8Array<ArrayBuffer>
  files: JobFile[]
  outputsSha256: Uint8Array<ArrayBuffer>
  cpuMs: number
  wallMs: number
  memoryBytes: number
  seed: Uint8Array<ArrayBuffer>
  clockStartNs: bigint
}

export namespace JobResult {
  let _codec: Codec<JobResult>

  export const codec = (): Codec<JobResult> => {
    if (_codec == null) {
      _codec = message<JobResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.exitCode != null) {
          w.uint32(8)
          w.int32(obj.exitCode)
        }

        if (obj.errorName != null) {
          w.uint32(18)
          w.string(obj.errorName)
        }

        if (obj.errorMessage != null) {
          w.uint32(26)
          w.string(obj.errorMessage)
        }

        if ((obj.stdout != null && obj.stdout.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.stdout)
        }

        if ((obj.stderr != null && obj.stderr.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.stderr)
        }

        if (obj.files != null && obj.files.length > 0) {
          for (const value of obj.files) {
            w.uint32(50)
            JobFile.codec().encode(value, w)
          }
        }

        if ((obj.outputsSha256 != null && obj.outputsSha256.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.outputsSha256)
        }

        if ((obj.cpuMs != null && obj.cpuMs !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.cpuMs)
        }

        if ((obj.wallMs != null && obj.wallMs !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.wallMs)
        }

        if ((obj.memoryBytes != null && obj.memoryBytes !== 0)) {
          w.uint32(80)
          w.uint64Number(obj.memoryBytes)
        }

        if ((obj.seed != null && obj.seed.byteLength > 0)) {
          w.uint32(90)
          w.bytes(obj.seed)
        }

        if ((obj.clockStartNs != null && obj.clockStartNs !== 0n)) {
          w.uint32(96)
          w.uint64(obj.clockStartNs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          stdout: uint8ArrayAlloc(0),
          stderr: uint8ArrayAlloc(0),
          files: [],
          outputsSha256: uint8ArrayAlloc(0),
          cpuMs: 0,
          wallMs: 0,
          memoryBytes: 0,
          seed: uint8ArrayAlloc(0),
          clockStartNs: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.exitCode = reader.int32()
              break
            }
            case 2: {
              obj.errorName = reader.string()
              break
            }
            case 3: {
              obj.errorMessage = reader.string()
              break
            }
            case 4: {
              obj.stdout = reader.bytes()
              break
            }
            case 5: {
              obj.stderr = reader.bytes()
              break
            }
            case 6: {
              if (opts.limits?.files != null && obj.files.length === opts.limits.files) {
                throw new MaxLengthError('Decode error - repeated field "files" had too many elements')
              }

              obj.files.push(JobFile.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.files$
              }))
              break
            }
            case 7: {
              obj.outputsSha256 = reader.bytes()
              break
            }
            case 8: {
              obj.cpuMs = reader.uint64Number()
              break
            }
            case 9: {
              obj.wallMs = reader.uint64Number()
              break
            }
            case 10: {
              obj.memoryBytes = reader.uint64Number()
              break
            }
            case 11: {
              obj.seed = reader.bytes()
              break
            }
            case 12: {
              obj.clockStartNs = reader.uint64()
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
          files: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.exitCode`,
                value: reader.int32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.errorName`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.errorMessage`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.stdout`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.stderr`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              if (opts.limits?.files != null && obj.files === opts.limits.files) {
                throw new MaxLengthError('Streaming decode error - repeated field "files" had too many elements')
              }

              for (const evt of JobFile.codec().stream(reader, reader.uint32(), `${prefix}.files[]`, {
                limits: opts.limits?.files$
              })) {
                yield {
                  ...evt,
                  index: obj.files
                }
              }

              obj.files++

              break
            }
            case 7: {
              yield {
                field: `${prefix}.outputsSha256`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.cpuMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.wallMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.memoryBytes`,
                value: reader.uint64Number()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.seed`,
                value: reader.bytes()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.clockStartNs`,
                value: reader.uint64()
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

  export interface JobResultExitCodeFieldEvent {
    field: '$.exitCode'
    value: number
  }

  export interface JobResultErrorNameFieldEvent {
    field: '$.errorName'
    value: string
  }

  export interface JobResultErrorMessageFieldEvent {
    field: '$.errorMessage'
    value: string
  }

  export interface JobResultStdoutFieldEvent {
    field: '$.stdout'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobResultStderrFieldEvent {
    field: '$.stderr'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobResultFilesPathFieldEvent {
    field: '$.files[].path'
    value: string
    index: number
  }

  export interface JobResultFilesDataFieldEvent {
    field: '$.files[].data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface JobResultOutputsSha256FieldEvent {
    field: '$.outputsSha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobResultCpuMsFieldEvent {
    field: '$.cpuMs'
    value: number
  }

  export interface JobResultWallMsFieldEvent {
    field: '$.wallMs'
    value: number
  }

  export interface JobResultMemoryBytesFieldEvent {
    field: '$.memoryBytes'
    value: number
  }

  export interface JobResultSeedFieldEvent {
    field: '$.seed'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobResultClockStartNsFieldEvent {
    field: '$.clockStartNs'
    value: bigint
  }

  export function encode (obj: Partial<JobResult>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JobResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobResult>): JobResult {
    return decodeMessage(buf, JobResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobResult>): Generator<JobResultExitCodeFieldEvent | JobResultErrorNameFieldEvent | JobResultErrorMessageFieldEvent | JobResultStdoutFieldEvent | JobResultStderrFieldEvent | JobResultFilesPathFieldEvent | JobResultFilesDataFieldEvent | JobResultOutputsSha256FieldEvent | JobResultCpuMsFieldEvent | JobResultWallMsFieldEvent | JobResultMemoryBytesFieldEvent | JobResultSeedFieldEvent | JobResultClockStartNsFieldEvent> {
    return streamMessage(buf, JobResult.codec(), opts)
  }
}

export interface JobEvent {
  status: JobEvent.Status
  jobId: string
  queued?: number
  result?: JobResult
  pricePerCpuSecond?: number
  reason?: string
  payment?: JobPayment
  receipt?: Uint8Array<ArrayBuffer>
}

export namespace JobEvent {
  export enum Status {
    UNSPECIFIED = 'UNSPECIFIED',
    QUEUED = 'QUEUED',
    RUNNING = 'RUNNING',
    DONE = 'DONE',
    UNAUTHORIZED = 'UNAUTHORIZED',
    PRICE = 'PRICE',
    BUSY = 'BUSY',
    BAD_REQUEST = 'BAD_REQUEST',
    MODULE_UNKNOWN = 'MODULE_UNKNOWN',
    MODULE_MISMATCH = 'MODULE_MISMATCH',
    UNFUNDED = 'UNFUNDED',
    FAILURE = 'FAILURE',
    PAYMENT = 'PAYMENT',
    UNPAID = 'UNPAID'
  }

  enum __StatusValues {
    UNSPECIFIED = 0,
    QUEUED = 1,
    RUNNING = 2,
    DONE = 3,
    UNAUTHORIZED = 4,
    PRICE = 5,
    BUSY = 6,
    BAD_REQUEST = 7,
    MODULE_UNKNOWN = 8,
    MODULE_MISMATCH = 9,
    UNFUNDED = 10,
    FAILURE = 11,
    PAYMENT = 12,
    UNPAID = 13
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<JobEvent>

  export const codec = (): Codec<JobEvent> => {
    if (_codec == null) {
      _codec = message<JobEvent>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          JobEvent.Status.codec().encode(obj.status, w)
        }

        if ((obj.jobId != null && obj.jobId !== '')) {
          w.uint32(18)
          w.string(obj.jobId)
        }

        if (obj.queued != null) {
          w.uint32(24)
          w.uint32(obj.queued)
        }

        if (obj.result != null) {
          w.uint32(34)
          JobResult.codec().encode(obj.result, w)
        }

        if (obj.pricePerCpuSecond != null) {
          w.uint32(40)
          w.uint64Number(obj.pricePerCpuSecond)
        }

        if (obj.reason != null) {
          w.uint32(50)
          w.string(obj.reason)
        }

        if (obj.payment != null) {
          w.uint32(58)
          JobPayment.codec().encode(obj.payment, w)
        }

        if (obj.receipt != null) {
          w.uint32(66)
          w.bytes(obj.receipt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.UNSPECIFIED,
          jobId: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = JobEvent.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.jobId = reader.string()
              break
            }
            case 3: {
              obj.queued = reader.uint32()
              break
            }
            case 4: {
              obj.result = JobResult.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.result
              })
              break
            }
            case 5: {
              obj.pricePerCpuSecond = reader.uint64Number()
              break
            }
            case 6: {
              obj.reason = reader.string()
              break
            }
            case 7: {
              obj.payment = JobPayment.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.payment
              })
              break
            }
            case 8: {
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
                field: `${prefix}.status`,
                value: JobEvent.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.jobId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.queued`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield * JobResult.codec().stream(reader, reader.uint32(), `${prefix}.result`, {
                limits: opts.limits?.result
              })

              break
            }
            case 5: {
              yield {
                field: `${prefix}.pricePerCpuSecond`,
                value: reader.uint64Number()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield * JobPayment.codec().stream(reader, reader.uint32(), `${prefix}.payment`, {
                limits: opts.limits?.payment
              })

              break
            }
            case 8: {
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

  export interface JobEventStatusFieldEvent {
    field: '$.status'
    value: JobEvent.Status
  }

  export interface JobEventJobIdFieldEvent {
    field: '$.jobId'
    value: string
  }

  export interface JobEventQueuedFieldEvent {
    field: '$.queued'
    value: number
  }

  export interface JobEventResultExitCodeFieldEvent {
    field: '$.result.exitCode'
    value: number
  }

  export interface JobEventResultErrorNameFieldEvent {
    field: '$.result.errorName'
    value: string
  }

  export interface JobEventResultErrorMessageFieldEvent {
    field: '$.result.errorMessage'
    value: string
  }

  export interface JobEventResultStdoutFieldEvent {
    field: '$.result.stdout'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobEventResultStderrFieldEvent {
    field: '$.result.stderr'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobEventResultFilesPathFieldEvent {
    field: '$.result.files[].path'
    value: string
    index: number
  }

  export interface JobEventResultFilesDataFieldEvent {
    field: '$.result.files[].data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface JobEventResultOutputsSha256FieldEvent {
    field: '$.result.outputsSha256'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobEventResultCpuMsFieldEvent {
    field: '$.result.cpuMs'
    value: number
  }

  export interface JobEventResultWallMsFieldEvent {
    field: '$.result.wallMs'
    value: number
  }

  export interface JobEventResultMemoryBytesFieldEvent {
    field: '$.result.memoryBytes'
    value: number
  }

  export interface JobEventResultSeedFieldEvent {
    field: '$.result.seed'
    value: Uint8Array<ArrayBuffer>
  }

  export interface JobEventResultClockStartNsFieldEvent {
    field: '$.result.clockStartNs'
    value: bigint
  }

  export interface JobEventPricePerCpuSecondFieldEvent {
    field: '$.pricePerCpuSecond'
    value: number
  }

  export interface JobEventReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface JobEventPaymentSessionFieldEvent {
    field: '$.payment.session'
    value: string
  }

  export interface JobEventPaymentCpuMsFieldEvent {
    field: '$.payment.cpuMs'
    value: number
  }

  export interface JobEventPaymentPricePerCpuSecondFieldEvent {
    field: '$.payment.pricePerCpuSecond'
    value: number
  }

  export interface JobEventPaymentAmountFieldEvent {
    field: '$.payment.amount'
    value: number
  }

  export interface JobEventReceiptFieldEvent {
    field: '$.receipt'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<JobEvent>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JobEvent.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobEvent>): JobEvent {
    return decodeMessage(buf, JobEvent.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobEvent>): Generator<JobEventStatusFieldEvent | JobEventJobIdFieldEvent | JobEventQueuedFieldEvent | JobEventResultExitCodeFieldEvent | JobEventResultErrorNameFieldEvent | JobEventResultErrorMessageFieldEvent | JobEventResultStdoutFieldEvent | JobEventResultStderrFieldEvent | JobEventResultFilesPathFieldEvent | JobEventResultFilesDataFieldEvent | JobEventResultOutputsSha256FieldEvent | JobEventResultCpuMsFieldEvent | JobEventResultWallMsFieldEvent | JobEventResultMemoryBytesFieldEvent | JobEventResultSeedFieldEvent | JobEventResultClockStartNsFieldEvent | JobEventPricePerCpuSecondFieldEvent | JobEventReasonFieldEvent | JobEventPaymentSessionFieldEvent | JobEventPaymentCpuMsFieldEvent | JobEventPaymentPricePerCpuSecondFieldEvent | JobEventPaymentAmountFieldEvent | JobEventReceiptFieldEvent> {
    return streamMessage(buf, JobEvent.codec(), opts)
  }
}

export interface JobPayment {
  session: string
  cpuMs: number
  pricePerCpuSecond: number
  amount: number
}

export namespace JobPayment {
  let _codec: Codec<JobPayment>

  export const codec = (): Codec<JobPayment> => {
    if (_codec == null) {
      _codec = message<JobPayment>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.session != null && obj.session !== '')) {
          w.uint32(10)
          w.string(obj.session)
        }

        if ((obj.cpuMs != null && obj.cpuMs !== 0)) {
          w.uint32(16)
          w.uint64Number(obj.cpuMs)
        }

        if ((obj.pricePerCpuSecond != null && obj.pricePerCpuSecond !== 0)) {
          w.uint32(24)
          w.uint64Number(obj.pricePerCpuSecond)
        }

        if ((obj.amount != null && obj.amount !== 0)) {
          w.uint32(32)
          w.uint64Number(obj.amount)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          session: '',
          cpuMs: 0,
          pricePerCpuSecond: 0,
          amount: 0
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
              obj.cpuMs = reader.uint64Number()
              break
            }
            case 3: {
              obj.pricePerCpuSecond = reader.uint64Number()
              break
            }
            case 4: {
              obj.amount = reader.uint64Number()
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
                field: `${prefix}.cpuMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.pricePerCpuSecond`,
                value: reader.uint64Number()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.amount`,
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

  export interface JobPaymentSessionFieldEvent {
    field: '$.session'
    value: string
  }

  export interface JobPaymentCpuMsFieldEvent {
    field: '$.cpuMs'
    value: number
  }

  export interface JobPaymentPricePerCpuSecondFieldEvent {
    field: '$.pricePerCpuSecond'
    value: number
  }

  export interface JobPaymentAmountFieldEvent {
    field: '$.amount'
    value: number
  }

  export function encode (obj: Partial<JobPayment>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JobPayment.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobPayment>): JobPayment {
    return decodeMessage(buf, JobPayment.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobPayment>): Generator<JobPaymentSessionFieldEvent | JobPaymentCpuMsFieldEvent | JobPaymentPricePerCpuSecondFieldEvent | JobPaymentAmountFieldEvent> {
    return streamMessage(buf, JobPayment.codec(), opts)
  }
}

export interface JobPay {
  receipt: Uint8Array<ArrayBuffer>
}

export namespace JobPay {
  let _codec: Codec<JobPay>

  export const codec = (): Codec<JobPay> => {
    if (_codec == null) {
      _codec = message<JobPay>((obj, w, opts = {}) => {
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

  export interface JobPayReceiptFieldEvent {
    field: '$.receipt'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<JobPay>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, JobPay.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobPay>): JobPay {
    return decodeMessage(buf, JobPay.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<JobPay>): Generator<JobPayReceiptFieldEvent> {
    return streamMessage(buf, JobPay.codec(), opts)
  }
}
