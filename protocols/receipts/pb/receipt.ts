import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Receipt {
  session: string
  provider: Uint8Array<ArrayBuffer>
  customer: Uint8Array<ArrayBuffer>
  payingAccount: string
  pricePerGib: number
  bytesUp: number
  bytesDown: number
  amount: number
  seq: number
  atMs: number
  cpuMs: number
  pricePerCpuSecond: number
}

export namespace Receipt {
  let _codec: Codec<Receipt>

  export const codec = (): Codec<Receipt> => {
    if (_codec == null) {
      _codec = message<Receipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.session != null && obj.session !== '')) {
          w.uint32(10)
          w.string(obj.session)
        }

        if ((obj.provider != null && obj.provider.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.provider)
        }

        if ((obj.customer != null && obj.customer.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.customer)
        }

        if ((obj.payingAccount != null && obj.payingAccount !== '')) {
          w.uint32(34)
          w.string(obj.payingAccount)
        }

        if ((obj.pricePerGib != null && obj.pricePerGib !== 0)) {
          w.uint32(40)
          w.uint64Number(obj.pricePerGib)
        }

        if ((obj.bytesUp != null && obj.bytesUp !== 0)) {
          w.uint32(48)
          w.uint64Number(obj.bytesUp)
        }

        if ((obj.bytesDown != null && obj.bytesDown !== 0)) {
          w.uint32(56)
          w.uint64Number(obj.bytesDown)
        }

        if ((obj.amount != null && obj.amount !== 0)) {
          w.uint32(64)
          w.uint64Number(obj.amount)
        }

        if ((obj.seq != null && obj.seq !== 0)) {
          w.uint32(72)
          w.uint64Number(obj.seq)
        }

        if ((obj.atMs != null && obj.atMs !== 0)) {
          w.uint32(80)
          w.uint64Number(obj.atMs)
        }

        if ((obj.cpuMs != null && obj.cpuMs !== 0)) {
          w.uint32(88)
          w.uint64Number(obj.cpuMs)
        }

        if ((obj.pricePerCpuSecond != null && obj.pricePerCpuSecond !== 0)) {
          w.uint32(96)
          w.uint64Number(obj.pricePerCpuSecond)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          session: '',
          provider: uint8ArrayAlloc(0),
          customer: uint8ArrayAlloc(0),
          payingAccount: '',
          pricePerGib: 0,
          bytesUp: 0,
          bytesDown: 0,
          amount: 0,
          seq: 0,
          atMs: 0,
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
              obj.provider = reader.bytes()
              break
            }
            case 3: {
              obj.customer = reader.bytes()
              break
            }
            case 4: {
              obj.payingAccount = reader.string()
              break
            }
            case 5: {
              obj.pricePerGib = reader.uint64Number()
              break
            }
            case 6: {
              obj.bytesUp = reader.uint64Number()
              break
            }
            case 7: {
              obj.bytesDown = reader.uint64Number()
              break
            }
            case 8: {
              obj.amount = reader.uint64Number()
              break
            }
            case 9: {
              obj.seq = reader.uint64Number()
              break
            }
            case 10: {
              obj.atMs = reader.uint64Number()
              break
            }
            case 11: {
              obj.cpuMs = reader.uint64Number()
              break
            }
            case 12: {
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
                field: `${prefix}.provider`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.customer`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.payingAccount`,
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
            case 6: {
              yield {
                field: `${prefix}.bytesUp`,
                value: reader.uint64Number()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.bytesDown`,
                value: reader.uint64Number()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.amount`,
                value: reader.uint64Number()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64Number()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.atMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.cpuMs`,
                value: reader.uint64Number()
              }
              break
            }
            case 12: {
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

  export interface ReceiptSessionFieldEvent {
    field: '$.session'
    value: string
  }

  export interface ReceiptProviderFieldEvent {
    field: '$.provider'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReceiptCustomerFieldEvent {
    field: '$.customer'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReceiptPayingAccountFieldEvent {
    field: '$.payingAccount'
    value: string
  }

  export interface ReceiptPricePerGibFieldEvent {
    field: '$.pricePerGib'
    value: number
  }

  export interface ReceiptBytesUpFieldEvent {
    field: '$.bytesUp'
    value: number
  }

  export interface ReceiptBytesDownFieldEvent {
    field: '$.bytesDown'
    value: number
  }

  export interface ReceiptAmountFieldEvent {
    field: '$.amount'
    value: number
  }

  export interface ReceiptSeqFieldEvent {
    field: '$.seq'
    value: number
  }

  export interface ReceiptAtMsFieldEvent {
    field: '$.atMs'
    value: number
  }

  export interface ReceiptCpuMsFieldEvent {
    field: '$.cpuMs'
    value: number
  }

  export interface ReceiptPricePerCpuSecondFieldEvent {
    field: '$.pricePerCpuSecond'
    value: number
  }

  export function encode (obj: Partial<Receipt>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Receipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Receipt {
    return decodeMessage(buf, Receipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Receipt>): Generator<ReceiptSessionFieldEvent | ReceiptProviderFieldEvent | ReceiptCustomerFieldEvent | ReceiptPayingAccountFieldEvent | ReceiptPricePerGibFieldEvent | ReceiptBytesUpFieldEvent | ReceiptBytesDownFieldEvent | ReceiptAmountFieldEvent | ReceiptSeqFieldEvent | ReceiptAtMsFieldEvent | ReceiptCpuMsFieldEvent | ReceiptPricePerCpuSecondFieldEvent> {
    return streamMessage(buf, Receipt.codec(), opts)
  }
}

export interface SignedReceipt {
  receipt: Uint8Array<ArrayBuffer>
  customerSignature: Uint8Array<ArrayBuffer>
  customerCredential: Uint8Array<ArrayBuffer>
  providerSignature: Uint8Array<ArrayBuffer>
  providerCredential: Uint8Array<ArrayBuffer>
}

export namespace SignedReceipt {
  let _codec: Codec<SignedReceipt>

  export const codec = (): Codec<SignedReceipt> => {
    if (_codec == null) {
      _codec = message<SignedReceipt>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.receipt != null && obj.receipt.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.receipt)
        }

        if ((obj.customerSignature != null && obj.customerSignature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.customerSignature)
        }

        if ((obj.customerCredential != null && obj.customerCredential.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.customerCredential)
        }

        if ((obj.providerSignature != null && obj.providerSignature.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.providerSignature)
        }

        if ((obj.providerCredential != null && obj.providerCredential.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.providerCredential)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          receipt: uint8ArrayAlloc(0),
          customerSignature: uint8ArrayAlloc(0),
          customerCredential: uint8ArrayAlloc(0),
          providerSignature: uint8ArrayAlloc(0),
          providerCredential: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.receipt = reader.bytes()
              break
            }
            case 2: {
              obj.customerSignature = reader.bytes()
              break
            }
            case 3: {
              obj.customerCredential = reader.bytes()
              break
            }
            case 4: {
              obj.providerSignature = reader.bytes()
              break
            }
            case 5: {
              obj.providerCredential = reader.bytes()
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
            case 2: {
              yield {
                field: `${prefix}.customerSignature`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.customerCredential`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.providerSignature`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.providerCredential`,
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

  export interface SignedReceiptReceiptFieldEvent {
    field: '$.receipt'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedReceiptCustomerSignatureFieldEvent {
    field: '$.customerSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedReceiptCustomerCredentialFieldEvent {
    field: '$.customerCredential'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedReceiptProviderSignatureFieldEvent {
    field: '$.providerSignature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedReceiptProviderCredentialFieldEvent {
    field: '$.providerCredential'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedReceipt>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedReceipt.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedReceipt>): SignedReceipt {
    return decodeMessage(buf, SignedReceipt.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedReceipt>): Generator<SignedReceiptReceiptFieldEvent | SignedReceiptCustomerSignatureFieldEvent | SignedReceiptCustomerCredentialFieldEvent | SignedReceiptProviderSignatureFieldEvent | SignedReceiptProviderCredentialFieldEvent> {
    return streamMessage(buf, SignedReceipt.codec(), opts)
  }
}
