import { createHash, randomBytes } from 'node:crypto'
import { RENDEZVOUS_BUCKETS, rendezvousBucket } from '../db/buckets.js'
import type { CredentialRole } from '../../protocols/credential/index.js'
import type { CoordinatorDatabase } from '../db/buckets.js'

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
 * Accounts in the coordinator's database, with an index from enrollment key
 * hash to account. Creating an account writes both in one batch.
 */
export class AccountRepository {
  private readonly accounts
  private readonly keys
  private readonly apiKeys

  constructor (db: CoordinatorDatabase) {
    this.accounts = rendezvousBucket<Account>(db, RENDEZVOUS_BUCKETS.accounts)
    this.keys = rendezvousBucket<string>(db, RENDEZVOUS_BUCKETS.enrollmentKeys)
    this.apiKeys = rendezvousBucket<{ account: string, createdAtMs: number }>(db, RENDEZVOUS_BUCKETS.apiKeys)
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
    await this.apiKeys.put(hashEnrollmentKey(key), { account: id, createdAtMs: nowMs })
    return key
  }

  /** The account an API key (given as its sha-256, hex) belongs to. */
  async findByApiKeyHash (hash: string): Promise<Account | undefined> {
    const entry = await this.apiKeys.get(hash)
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
    await this.accounts.db.batch([
      { type: 'put', sublevel: this.accounts, key: account.id, value: account },
      { type: 'put', sublevel: this.keys, key: account.enrollmentKeyHash, value: account.id }
    ])
    return { account, enrollmentKey }
  }

  async get (id: string): Promise<Account | undefined> {
    return this.accounts.get(id)
  }

  /** The account an enrollment key belongs to. */
  async findByEnrollmentKey (key: string): Promise<Account | undefined> {
    const id = await this.keys.get(hashEnrollmentKey(key))
    return id == null ? undefined : this.get(id)
  }

  /** Marks an account disabled (no more credentials); false when there is no such account. */
  async disable (id: string, nowMs = Date.now()): Promise<boolean> {
    const account = await this.get(id)
    if (account == null) return false
    if (!account.disabled) await this.accounts.put(id, { ...account, disabled: true, disabledAtMs: nowMs })
    return true
  }

  /** Several accounts by id, in order (undefined for an unknown id). */
  async getMany (ids: string[]): Promise<Array<Account | undefined>> {
    return this.accounts.getMany(ids)
  }

  /** Every account, by id. */
  async list (): Promise<Account[]> {
    return this.accounts.values().all()
  }
}
