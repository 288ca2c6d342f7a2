import { bucket } from '../../db/open.js'
import type { NodeDatabase } from '../../db/open.js'
import type { NodeRecord, WorkflowDocument } from '../../../workflows/engine/index.js'

/** A workflow run as the gateway keeps it. */
export interface StoredWorkflowRun {
  id: string
  createdAtMs: number
  document: WorkflowDocument
  input: unknown
  /** every job node runs on this many providers, whose outputs must agree */
  verify: number
  state: 'running' | 'done' | 'failed'
  output?: unknown
  error?: { node?: string, name: string, message: string }
  /** the whole history, once the run has ended (while it runs: its records) */
  history?: NodeRecord[]
  /** jobs and fetches finished, once the run has ended */
  effectsDone?: number
  finishedAtMs?: number
}

/**
 * A gateway's workflow runs in its LevelDB: each run, the record of each
 * job and fetch as soon as it finished (so a run resumes after a crash
 * without running them again), and the modules workflows name by hash.
 * When a run ends, its history and state are written and its records
 * removed in one batch.
 */
export class WorkflowRepository {
  private readonly db: NodeDatabase
  private readonly runs
  private readonly records
  private readonly modules

  constructor (db: NodeDatabase) {
    this.db = db
    this.runs = bucket<StoredWorkflowRun>(db, 'wf-run')
    this.records = bucket<NodeRecord>(db, 'wf-record')
    this.modules = bucket<string>(db, 'wf-module')
  }

  async putRun (run: StoredWorkflowRun): Promise<void> {
    await this.runs.put(run.id, run)
  }

  async getRun (id: string): Promise<StoredWorkflowRun | undefined> {
    return this.runs.get(id)
  }

  /** Runs that had not ended when the gateway stopped. */
  async unfinished (): Promise<StoredWorkflowRun[]> {
    const found: StoredWorkflowRun[] = []
    for await (const run of this.runs.values()) if (run.state === 'running') found.push(run)
    return found
  }

  async putRecord (runId: string, record: NodeRecord): Promise<void> {
    await this.records.put(`${runId}/${record.node}`, record)
  }

  /** The records a run wrote so far, by node path. */
  async recordsOf (runId: string): Promise<Map<string, NodeRecord>> {
    const found = new Map<string, NodeRecord>()
    for await (const record of this.records.values({ gt: `${runId}/`, lt: `${runId}/\xff` })) found.set(record.node, record)
    return found
  }

  /** Writes a run's end and drops its records, in one batch. */
  async finish (run: StoredWorkflowRun): Promise<void> {
    const keys: string[] = []
    for await (const key of this.records.keys({ gt: `${run.id}/`, lt: `${run.id}/\xff` })) keys.push(key)
    await this.db.batch([
      { type: 'put', sublevel: this.runs, key: run.id, value: run },
      ...keys.map(key => ({ type: 'del' as const, sublevel: this.records, key }))
    ] as any, { sync: true } as any)
  }

  async putModule (hash: string, bytes: Uint8Array): Promise<void> {
    await this.modules.put(hash, Buffer.from(bytes).toString('base64'))
  }

  async getModule (hash: string): Promise<Uint8Array | undefined> {
    const text = await this.modules.get(hash)
    return text == null ? undefined : Uint8Array.from(Buffer.from(text, 'base64'))
  }

  async hasModule (hash: string): Promise<boolean> {
    return (await this.modules.get(hash)) != null
  }
}
