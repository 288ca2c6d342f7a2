import { randomBytes } from 'node:crypto'
import { boundedMap } from '../../../protocols/common/index.js'
import { JobPaymentError } from '../../../protocols/job/index.js'
import { counterSignReceipt, cpuAmount } from '../../../protocols/receipts/index.js'
import { openCustomerReceipt } from '../metering.js'
import { MAX_PAYING_CUSTOMERS } from './constants.js'
import type { VerifiedCredential } from '../../../protocols/credential/index.js'
import type { JobPayment } from '../../../protocols/job/index.js'
import type { VerifiedReceipt } from '../../../protocols/receipts/index.js'
import type { MeteringComponents } from '../metering.js'
import type { PeerId } from '@libp2p/interface'


/**
 * The provider's side of paying for jobs: the bill of a job that ran (its
 * CPU-milliseconds at the price fixed at submit, under a fresh session id),
 * and the check of the receipt the customer's gateway signs for it — the
 * bill's exact terms, signed by the connection's peer with a valid customer
 * credential for the paying account — which the provider then counter-signs
 * and keeps for the rendezvous, as the exit does with proxy receipts.
 */
export class JobPayments {
  private readonly components: MeteringComponents
  /** customers' credentials verified before: every receipt of a customer carries the same one */
  private readonly credentials = boundedMap<string, VerifiedCredential>(MAX_PAYING_CUSTOMERS)

  constructor (components: MeteringComponents) {
    this.components = components
  }

  /** True when the provider can counter-sign (it holds its credential). */
  get ready (): boolean {
    return this.components.credential() != null
  }

  /** What a job that used `cpuMs` costs at `pricePerCpuSecond`. */
  bill (cpuMs: number, pricePerCpuSecond: number): JobPayment {
    return { session: randomBytes(16).toString('hex'), cpuMs, pricePerCpuSecond, amount: cpuAmount(cpuMs, pricePerCpuSecond) }
  }

  /**
   * Checks the receipt the gateway `customer` signed for `bill`, paid by
   * `payingAccount`; counter-signs it and puts it in the outbox. Answers the
   * counter-signed receipt; throws JobPaymentError when it does not match.
   */
  async accept (bill: JobPayment, bytes: Uint8Array, customer: PeerId, payingAccount: string): Promise<Uint8Array> {
    try {
      const countersigned = await this.countersign(bill, bytes, customer, payingAccount)
      this.components.metrics?.receipts.inc({ result: 'countersigned' })
      return countersigned
    } catch (err) {
      this.components.metrics?.receipts.inc({ result: 'refused' })
      throw err
    }
  }

  private async countersign (bill: JobPayment, bytes: Uint8Array, customer: PeerId, payingAccount: string): Promise<Uint8Array> {
    let receipt: VerifiedReceipt
    try {
      receipt = await openCustomerReceipt(this.components, this.credentials, bytes)
    } catch (err: any) {
      throw new JobPaymentError(`The job's receipt was refused: ${err.message}`)
    }
    const differs = ([
      ['session', receipt.session, bill.session],
      ['seq', receipt.seq, 1],
      ['CPU time', receipt.cpuMs, bill.cpuMs],
      ['CPU price', receipt.pricePerCpuSecond, bill.pricePerCpuSecond],
      ['amount', receipt.amount, bill.amount],
      ['byte count', receipt.bytesUp + receipt.bytesDown, 0],
      ['price per GiB', receipt.pricePerGiB, 0],
      ['paying account', receipt.payingAccount, payingAccount]
    ] as const).find(([, signed, billed]) => signed !== billed)
    if (differs != null) throw new JobPaymentError(`The job's receipt has another ${differs[0]} (${differs[1]}) than the bill (${differs[2]})`)
    if (!receipt.customer.equals(customer)) throw new JobPaymentError('The job\'s receipt is signed by another peer than the one that sent the job')
    if (!receipt.provider.equals(this.components.peerId)) throw new JobPaymentError('The job\'s receipt names another provider')
    const credential = this.components.credential()
    if (credential == null) throw new JobPaymentError('The provider holds no credential to counter-sign with yet')
    const countersigned = await counterSignReceipt(this.components.privateKey, credential, bytes)
    await this.components.outbox.put(countersigned)
    return countersigned
  }
}
