import { InvalidWorkflowError, compileWorkflow, runWorkflow } from '../../../workflows/engine/index.js'
import type { WorkflowDocument } from '../../../workflows/engine/index.js'

/** A node as the editor holds it: a transform or an assert on the canvas. */
export interface EditorNode {
  id: string
  type: 'transform' | 'assert'
  /** the transform's value, or the assert's check */
  expression: string
}

/** What the preview shows under a node. */
export type NodePreview = { status: 'done' | 'skipped', output: unknown } | { status: 'failed', error: string }

/** The preview of a whole graph: each node's, and a problem with the graph itself. */
export interface GraphPreview {
  nodes: Record<string, NodePreview>
  problem?: string
  output?: unknown
}

/** The ids a node's expression names (the edges into it). */
export function referencesOf (node: EditorNode, ids: readonly string[]): string[] {
  return ids.filter(id => id !== node.id && new RegExp(`(^|[^A-Za-z0-9_.])${id}([^A-Za-z0-9_]|$)`).test(node.expression))
}

/** The workflow document the canvas stands for; its output is the last node's. */
export function documentOf (nodes: readonly EditorNode[]): WorkflowDocument {
  return {
    workflow: 1,
    name: 'editor',
    nodes: nodes.map(node => node.type === 'assert'
      ? { id: node.id, type: 'assert', check: node.expression }
      : { id: node.id, type: 'transform', value: node.expression }),
    output: nodes.length === 0 ? 'null' : (nodes[nodes.length - 1] as EditorNode).id
  }
}

/**
 * Runs the graph with the engine of the gateway (the same code, in the
 * page): every node's output, or what is wrong. Transforms and asserts only,
 * so nothing leaves the page.
 */
export async function previewGraph (nodes: readonly EditorNode[], input: unknown, signal?: AbortSignal): Promise<GraphPreview> {
  let compiled
  try {
    compiled = compileWorkflow(documentOf(nodes))
  } catch (err: any) {
    if (err instanceof InvalidWorkflowError) return { nodes: {}, problem: err.message }
    throw err
  }
  const result = await runWorkflow(compiled, input, { signal })
  const previews: Record<string, NodePreview> = {}
  for (const record of result.history) {
    previews[record.node] = record.status === 'failed'
      ? { status: 'failed', error: record.error?.message ?? 'failed' }
      : { status: record.status, output: record.output }
  }
  if (result.error?.node != null && previews[result.error.node] == null) previews[result.error.node] = { status: 'failed', error: result.error.message }
  return { nodes: previews, ...(result.status === 'done' ? { output: result.output } : { problem: result.error?.message }) }
}
