import { createHash, randomBytes } from 'node:crypto'
import type { CredentialRole } from '../../protocols/credential/index.js'
import type { CoordinatorStore } from '../store/store.js'

/** An account at the rendezvous. The enrollment key itself is never stored, only its hash. */
export interface Account {
  /** e.g. "acct-3f9a1c0b7d2e" */
  id: string
  role: CredentialRole
  createdAtMs: number
  disabled: boolean
  /** when it was disabled (accounts disabled before this field existed have none) */
  disabledAtMs?: number
  /** sha-256 (hex) of the enrollment key */
  enrollmentKeyHash: string
  /** a customer account of a hosted gateway: its credentials may sign receipts for the customers who log in to it */
  hosted?: boolean
}

/** A new account and its enrollment key, shown once. */
export interface CreatedAccount {
  account: Account
  /** hand this to the node that registers for the account (`--enroll`); it is not stored */
  enrollmentKey: string
}

/** Hashes an enrollment key for storage and lookup. */
export function hashEnrollmentKey (key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

/**
 * Accounts in the coordinator's books, found by id, by enrollment key
 * (its hash is indexed with the account) and by API key.
 */
export class AccountRepository {
  private readonly store: CoordinatorStore

  constructor (store: CoordinatorStore) {
    this.store = store
  }

  /**
   * Issues an API key for a customer account, for a hosted gateway's SOCKS5
   * or HTTP proxy login. Only its sha-256 is stored. Undefined when there is
   * no such customer account.
   */
  async createApiKey (id: string, nowMs = Date.now()): Promise<string | undefined> {
    const account = await this.get(id)
    if (account == null || account.role !== 'customer') return undefined
    const key = `pgh_${randomBytes(24).toString('base64url')}`
    await this.store.write({ type: 'api-key', hash: hashEnrollmentKey(key), entry: { account: id, createdAtMs: nowMs } })
    return key
  }

  /** The account an API key (given as its sha-256, hex) belongs to. */
  async findByApiKeyHash (hash: string): Promise<Account | undefined> {
    const entry = await this.store.apiKey(hash)
    return entry == null ? undefined : this.get(entry.account)
  }

  /** Creates an account with a fresh id and enrollment key. */
  async create (role: CredentialRole, nowMs = Date.now(), options: { hosted?: boolean } = {}): Promise<CreatedAccount> {
    if (options.hosted === true && role !== 'customer') throw new Error('Only a customer account can be a hosted gateway\'s')
    const enrollmentKey = `pgk_${randomBytes(24).toString('base64url')}`
    const account: Account = {
      id: `acct-${randomBytes(6).toString('hex')}`,
      role,
      createdAtMs: nowMs,
      disabled: false,
      enrollmentKeyHash: hashEnrollmentKey(enrollmentKey),
      ...(options.hosted === true ? { hosted: true } : {})
    }
    await this.store.write({ type: 'account', account })
    return { account, enrollmentKey }
  }

  async get (id: string): Promise<Account | undefined> {
    return this.store.account(id)
  }

  /** The account an enrollment key belongs to. */
  async findByEnrollmentKey (key: string): Promise<Account | undefined> {
    return this.store.accountByEnrollmentKeyHash(hashEnrollmentKey(key))
  }

  /** Marks an account disabled (no more credentials); false when there is no such account. */
  async disable (id: string, nowMs = Date.now()): Promise<boolean> {
    return this.store.unit(async (books) => {
      const account = await books.account(id)
      if (account == null) return false
      if (!account.disabled) books.write({ type: 'account', account: { ...account, disabled: true, disabledAtMs: nowMs } })
      return true
    })
  }

  /** Several accounts by id, in order (undefined for an unknown id). */
  async getMany (ids: string[]): Promise<Array<Account | undefined>> {
    return this.store.accounts(ids)
  }

  /** Every account, by id. */
  async list (): Promise<Account[]> {
    return this.store.allAccounts()
  }
}
