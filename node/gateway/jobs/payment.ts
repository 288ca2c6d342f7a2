import { cpuAmount, signReceipt } from '../../../protocols/receipts/index.js'
import { JobBillError } from './errors.js'
import type { JobPayment } from '../../../protocols/job/index.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

/** What the gateway's job payer works with. */
export interface JobPayerComponents {
  peerId: PeerId
  privateKey: PrivateKey
  /** the gateway's credential: its bytes and account (absent until it has registered) */
  credential(): { bytes: Uint8Array, account: string } | undefined
  /** hears each job paid, with its amount (the gateway's usage) */
  onPaid?(amount: number): void
  clock?(): number
}

/** What the gateway agreed for one job when it sent it. */
export interface JobTerms {
  /** micro-units per CPU-second, as sent in the submit */
  pricePerCpuSecond: number
  /** the job's wall-time limit: it cannot have used more CPU than that */
  wallLimitMs: number
  /** performance.now() when the job was sent: it cannot have used more CPU than the time since */
  sentAt: number
  /** the customer account that pays, when it is not the gateway's own (hosted gateways) */
  payingAccount?: string
}

/**
 * The gateway's side of paying for a job: the provider's bill is checked
 * against what was agreed — the price fixed at submit, an amount that is
 * that price times the CPU time, and no more CPU time than the job's
 * wall-time limit or the time since it was sent (one sandbox runs one
 * thread) — then signed as a receipt (seq 1) for the provider to
 * counter-sign.
 */
export class JobPayer {
  private readonly components: JobPayerComponents

  constructor (components: JobPayerComponents) {
    this.components = components
  }

  async pay (provider: PeerId, bill: JobPayment, terms: JobTerms): Promise<Uint8Array> {
    const credential = this.components.credential()
    if (credential == null) throw new JobBillError('The gateway holds no credential to sign a receipt with')
    if (bill.pricePerCpuSecond !== terms.pricePerCpuSecond) throw new JobBillError(`The provider bills ${bill.pricePerCpuSecond} per CPU-second; the job was sent at ${terms.pricePerCpuSecond}`)
    const elapsedMs = performance.now() - terms.sentAt
    if (bill.cpuMs > terms.wallLimitMs) throw new JobBillError(`The provider bills ${bill.cpuMs} CPU-ms, over the job's ${terms.wallLimitMs} ms limit`)
    if (bill.cpuMs > Math.ceil(elapsedMs)) throw new JobBillError(`The provider bills ${bill.cpuMs} CPU-ms; the job was sent ${Math.round(elapsedMs)} ms ago`)
    const amount = cpuAmount(bill.cpuMs, bill.pricePerCpuSecond)
    if (bill.amount !== amount) throw new JobBillError(`The provider bills ${bill.amount} micro-units; ${bill.cpuMs} CPU-ms at its price is ${amount}`)
    const signed = await signReceipt(this.components.privateKey, credential.bytes, {
      session: bill.session,
      provider,
      customer: this.components.peerId,
      payingAccount: terms.payingAccount ?? credential.account,
      pricePerGiB: 0,
      bytesUp: 0,
      bytesDown: 0,
      cpuMs: bill.cpuMs,
      pricePerCpuSecond: bill.pricePerCpuSecond,
      amount,
      seq: 1,
      atMs: (this.components.clock ?? Date.now)()
    })
    this.components.onPaid?.(amount)
    return signed
  }
}
