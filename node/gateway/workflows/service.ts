import { createHash, randomUUID } from 'node:crypto'
import { canonicalJson, compileWorkflow, runWorkflow, schemaCheck, InvalidWorkflowInputError } from '../../../workflows/engine/index.js'
import { MAX_ACTIVE_WORKFLOWS, MAX_VERIFY_REPLICAS } from './constants.js'
import { UnknownModuleError, WorkflowJobError } from './errors.js'
import { runWorkflowJob } from './job-effect.js'
import { meshFetch } from './mesh-fetch.js'
import type { StoredWorkflowRun, WorkflowRepository } from './store.js'
import type { TunnelOpener } from './mesh-fetch.js'
import type { CompiledWorkflow, JobRequest, NodeRecord, WorkflowNode } from '../../../workflows/engine/index.js'
import type { Logger } from '../../logger.js'
import type { JobDispatcher } from '../jobs/dispatcher.js'
import type { Startable } from '@libp2p/interface'

/** What the workflow service works with. */
export interface WorkflowServiceComponents {
  repository: WorkflowRepository
  /** job nodes go here (absent: a workflow with a job node is refused) */
  jobs?: Pick<JobDispatcher, 'start'>
  /** fetch nodes open their tunnels here (the proxy router) */
  openTunnel: TunnelOpener
  /** resolves when runs left unfinished may resume (the gateway knows providers again) */
  ready?(): Promise<void>
  logger: Logger
}

/** A workflow as a customer sends it. */
export interface WorkflowSubmission {
  document: unknown
  input: unknown
  /** modules the document names, by sha-256 (hex); those the gateway holds from earlier runs may be left out */
  modules?: Map<string, Uint8Array>
  /** run every job node on this many providers and accept only outputs that agree (default 1) */
  verify?: number
}

/** A run as GET /api/workflows/:id shows it. */
export interface WorkflowRunView {
  id: string
  state: StoredWorkflowRun['state']
  createdAtMs: number
  finishedAtMs?: number
  /** jobs and fetches finished so far */
  effectsDone: number
  output?: unknown
  error?: StoredWorkflowRun['error']
}

interface ActiveRun {
  controller: AbortController
  effectsDone: number
  done: Promise<void>
}

/**
 * The gateway's workflows: checks a document (its form, expressions and
 * graph, its input against its schema, every module it names present)
 * before anything is sent, writes the run to LevelDB, and runs it with the
 * engine — job nodes on providers through the job dispatcher (with a seed
 * from the run, so it repeats; on N providers with `verify`), fetch nodes
 * through the proxy mesh. Each job's and fetch's record is written as it
 * finishes; a run the gateway did not finish (it stopped, or was killed)
 * resumes at start without running those again.
 */
export class WorkflowService implements Startable {
  private readonly components: WorkflowServiceComponents
  private readonly active = new Map<string, ActiveRun>()
  private stopping = false

  constructor (components: WorkflowServiceComponents) {
    this.components = components
  }

  /** Resumes the runs the gateway had not finished, once it is ready. */
  async start (): Promise<void> {
    this.stopping = false
    await this.components.ready?.()
    if (this.stopping) return
    for (const run of await this.components.repository.unfinished()) {
      if (this.active.has(run.id)) continue
      let workflow: CompiledWorkflow
      try {
        workflow = compileWorkflow(run.document)
      } catch (err: any) {
        // written by another version of the engine that took it: it cannot go on here
        await this.components.repository.finish({ ...run, state: 'failed', error: { name: err.name, message: `The run cannot resume: ${err.message}` }, history: [], finishedAtMs: Date.now() })
        continue
      }
      this.components.logger.info({ run: run.id }, 'resuming a workflow run')
      this.launch(run, workflow, await this.components.repository.recordsOf(run.id))
    }
  }

  /** Stops the runs in flight without ending them: they resume at the next start. */
  async stop (): Promise<void> {
    this.stopping = true
    for (const run of this.active.values()) run.controller.abort()
    await Promise.allSettled([...this.active.values()].map(async run => run.done))
  }

  /** Checks and starts a workflow; throws InvalidWorkflowError, InvalidWorkflowInputError or UnknownModuleError before anything runs. */
  async submit (submission: WorkflowSubmission): Promise<WorkflowRunView> {
    const workflow = compileWorkflow(submission.document)
    if (workflow.document.inputSchema != null) {
      try {
        schemaCheck(workflow.document.inputSchema)(submission.input)
      } catch (err: any) {
        throw new InvalidWorkflowInputError(`The input does not fit the workflow's inputSchema: ${err.message}`)
      }
    }
    for (const [hash, bytes] of submission.modules ?? []) {
      if (createHash('sha256').update(bytes).digest('hex') !== hash) throw new UnknownModuleError(`The module sent as ${hash} has another sha-256`)
      await this.components.repository.putModule(hash, bytes)
    }
    const missing: string[] = []
    for (const { node, path } of jobNodes(workflow.document.nodes)) {
      if (this.components.jobs == null) missing.push(`node ${path}: this gateway runs no jobs`)
      else if (!await this.components.repository.hasModule(node.module)) missing.push(`node ${path}: no module ${node.module} here (send it with the workflow: --module FILE)`)
    }
    if (missing.length > 0) throw new UnknownModuleError(missing.join('\n'))
    if (this.active.size >= MAX_ACTIVE_WORKFLOWS) throw new WorkflowJobError(`This gateway runs ${MAX_ACTIVE_WORKFLOWS} workflows already: try again when one has finished`)
    const run: StoredWorkflowRun = {
      id: randomUUID(),
      createdAtMs: Date.now(),
      document: workflow.document,
      input: submission.input,
      verify: Math.min(Math.max(submission.verify ?? 1, 1), MAX_VERIFY_REPLICAS),
      state: 'running'
    }
    await this.components.repository.putRun(run)
    this.launch(run, workflow, new Map())
    return this.view(run)
  }

  async get (id: string): Promise<WorkflowRunView | undefined> {
    const run = await this.components.repository.getRun(id)
    return run == null ? undefined : this.view(run)
  }

  /** A run's history: whole once it ended, its records so far while it runs. */
  async history (id: string): Promise<NodeRecord[] | undefined> {
    const run = await this.components.repository.getRun(id)
    if (run == null) return undefined
    return run.history ?? [...(await this.components.repository.recordsOf(id)).values()]
  }

  /** Resolves when a run has ended (or at once when it is not running here). */
  async settled (id: string): Promise<void> {
    await this.active.get(id)?.done
  }

  private view (run: StoredWorkflowRun): WorkflowRunView {
    return {
      id: run.id,
      state: run.state,
      createdAtMs: run.createdAtMs,
      ...(run.finishedAtMs != null ? { finishedAtMs: run.finishedAtMs } : {}),
      effectsDone: this.active.get(run.id)?.effectsDone ?? run.effectsDone ?? 0,
      ...(run.output !== undefined ? { output: run.output } : {}),
      ...(run.error != null ? { error: run.error } : {})
    }
  }

  private launch (run: StoredWorkflowRun, workflow: CompiledWorkflow, recorded: Map<string, NodeRecord>): void {
    const controller = new AbortController()
    const active: ActiveRun = { controller, effectsDone: recorded.size, done: Promise.resolve() }
    this.active.set(run.id, active)
    active.done = this.execute(run, workflow, recorded, active)
      .catch((err: any) => { this.components.logger.warn({ run: run.id, err: err.message }, 'a workflow run failed to finish') })
      .finally(() => { this.active.delete(run.id) })
  }

  private async execute (run: StoredWorkflowRun, workflow: CompiledWorkflow, recorded: Map<string, NodeRecord>, active: ActiveRun): Promise<void> {
    const { repository, jobs, openTunnel } = this.components
    // what makes each job's seed: the same document and input give the same seeds
    const seedBase = createHash('sha256').update(canonicalJson(run.document)).update('\n').update(canonicalJson(run.input)).digest('hex')
    const result = await runWorkflow(workflow, run.input, {
      signal: active.controller.signal,
      recorded,
      onRecord: async (record) => {
        await repository.putRecord(run.id, record)
        active.effectsDone++
      },
      effects: {
        job: async (request: JobRequest, { node, signal }) => {
          const module = await repository.getModule(request.module)
          if (module == null || jobs == null) throw new UnknownModuleError(`no module ${request.module} here`)
          return runWorkflowJob(jobs, request, { module, seedFrom: `${seedBase}/${node}`, verify: run.verify, signal })
        },
        fetch: async (request, { signal }) => meshFetch(openTunnel, request, { signal })
      }
    })
    // stopped by the gateway's own stop: left running, to resume at the next start
    if (this.stopping && active.controller.signal.aborted) return
    await repository.finish({
      ...run,
      state: result.status,
      ...(result.output !== undefined ? { output: result.output } : {}),
      ...(result.error != null ? { error: result.error } : {}),
      history: result.history,
      effectsDone: active.effectsDone,
      finishedAtMs: Date.now()
    })
  }
}

/** Every job node, with its path (a map's sub-graph nodes as `map[].id`). */
function jobNodes (nodes: WorkflowNode[], prefix = ''): Array<{ node: Extract<WorkflowNode, { type: 'job' }>, path: string }> {
  return nodes.flatMap(node => node.type === 'job'
    ? [{ node, path: prefix + node.id }]
    : node.type === 'map' ? jobNodes(node.nodes, `${prefix}${node.id}[].`) : [])
}
