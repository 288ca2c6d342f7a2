import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { verifySignature } from '../../protocols/common/index.js'
import type { PublicKey } from '@libp2p/interface'
import type { Logger } from 'pino'

/** Signatures one message to a worker carries at most. */
export const MAX_SIGNATURES_PER_MESSAGE = 512

/** Signatures waiting for a worker at most; past this they are checked on the calling thread. */
export const MAX_QUEUED_SIGNATURES = 100_000

/**
 * The code of a verifying worker: Ed25519 checks with node:crypto, each
 * public key turned into a key object once. Kept as a string so that the
 * one-file CLI bundle needs no second file.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createPublicKey, verify } = require('node:crypto')
const keys = new Map()
parentPort.on('message', ({ id, items }) => {
  const results = new Uint8Array(items.length)
  items.forEach(([raw, data, signature], i) => {
    try {
      const x = Buffer.from(raw).toString('base64url')
      let key = keys.get(x)
      if (key === undefined) {
        if (keys.size >= 10000) keys.clear()
        key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' })
        keys.set(x, key)
      }
      results[i] = verify(null, data, key, signature) ? 1 : 0
    } catch {
      results[i] = 0
    }
  })
  parentPort.postMessage({ id, results })
})
`

interface Pending {
  key: PublicKey
  data: Uint8Array
  signature: Uint8Array
  resolve(valid: boolean): void
}

/** What the pool is built from. */
export interface VerifyPoolInit {
  /** worker threads (default: the machine's cores, at least 1) */
  workers?: number
  logger?: Logger
}

/**
 * Ed25519 signature checks on worker threads, for the rendezvous's receipt
 * book: a batch of receipts asks for all its signatures at once, and the
 * pool sends them to its workers in a few messages (one per worker) on the
 * next turn of the event loop, so the main thread keeps booking while the
 * workers verify. Other key types, a full queue, or a worker that failed
 * fall back to checking on the calling thread. `verify` never rejects.
 */
export class VerifyPool {
  private readonly workers: Worker[] = []
  private readonly inFlight = new Map<number, Pending[]>()
  private queue: Pending[] = []
  private flushing = false
  private nextId = 0
  private next = 0
  private closed = false
  private readonly logger?: Logger

  constructor (init: VerifyPoolInit = {}) {
    this.logger = init.logger
    const count = Math.max(1, init.workers ?? availableParallelism())
    for (let i = 0; i < count; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true })
      worker.unref()
      worker.on('message', ({ id, results }: { id: number, results: Uint8Array }) => {
        const items = this.inFlight.get(id)
        this.inFlight.delete(id)
        items?.forEach((item, j) => { item.resolve(results[j] === 1) })
      })
      worker.on('error', (err) => { this.fail(worker, err) })
      worker.on('exit', () => { this.fail(worker, new Error('the worker exited')) })
      this.workers.push(worker)
    }
  }

  /** True when `signature` is `key`'s signature of `data`. */
  async verify (key: PublicKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
    if (this.closed || this.workers.length === 0 || key.type !== 'Ed25519' || this.queue.length >= MAX_QUEUED_SIGNATURES) return verifySignature(key, data, signature)
    return new Promise<boolean>(resolve => {
      this.queue.push({ key, data, signature, resolve })
      if (!this.flushing) {
        this.flushing = true
        setImmediate(() => { this.flush() })
      }
    })
  }

  /** Stops the workers; what they still held is checked on this thread. */
  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    const workers = this.workers.splice(0)
    await Promise.all(workers.map(async worker => worker.terminate()))
    this.requeueInFlight()
    this.flush()
  }

  private flush (): void {
    this.flushing = false
    const queue = this.queue
    this.queue = []
    if (queue.length === 0) return
    if (this.workers.length === 0) {
      for (const item of queue) void verifySignature(item.key, item.data, item.signature).then(item.resolve)
      return
    }
    // even shares, one message per worker, each at most MAX_SIGNATURES_PER_MESSAGE
    const share = Math.min(MAX_SIGNATURES_PER_MESSAGE, Math.ceil(queue.length / this.workers.length))
    for (let at = 0; at < queue.length; at += share) {
      const items = queue.slice(at, at + share)
      const id = this.nextId++
      this.inFlight.set(id, items)
      const worker = this.workers[this.next++ % this.workers.length] as Worker
      worker.postMessage({ id, items: items.map(item => [item.key.raw, item.data, item.signature]) })
    }
  }

  private fail (worker: Worker, err: Error): void {
    const at = this.workers.indexOf(worker)
    if (at === -1) return
    this.workers.splice(at, 1)
    if (!this.closed) this.logger?.error({ err: err.message }, 'a signature worker failed; its checks run on the main thread')
    // which messages the dead worker held is not known: every unanswered one is checked again here
    this.requeueInFlight()
    this.flush()
  }

  private requeueInFlight (): void {
    for (const items of this.inFlight.values()) {
      for (const item of items) void verifySignature(item.key, item.data, item.signature).then(item.resolve)
    }
    this.inFlight.clear()
  }
}
