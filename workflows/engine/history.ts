import type { CompiledGraph } from './compile.js'

/** One node's end in a run: its output, or that it was skipped, or why it failed. */
export interface NodeRecord {
  /** the node's path: `id`, or `map[3].id` for item 3 of a map's sub-graph */
  node: string
  status: 'done' | 'skipped' | 'failed'
  output?: unknown
  error?: { name: string, message: string }
}

/**
 * A run's records in plan order — each graph's nodes in plan order, a
 * map's items (each its sub-graph in plan order) before the map's own
 * record — so that the history is the same however the nodes' timing fell.
 */
export function canonicalHistory (graph: CompiledGraph, records: ReadonlyMap<string, NodeRecord>, mapItems: ReadonlyMap<string, number>, prefix = ''): NodeRecord[] {
  const history: NodeRecord[] = []
  for (const node of graph.nodes) {
    const path = prefix + node.id
    if (node.graph != null) {
      const items = mapItems.get(path) ?? 0
      for (let i = 0; i < items; i++) history.push(...canonicalHistory(node.graph, records, mapItems, `${path}[${i}].`))
    }
    const record = records.get(path)
    if (record != null) history.push(record)
  }
  return history
}

/** The records of a history by node path (for resuming or replaying a run from it). */
export function recordsOf (history: readonly NodeRecord[]): Map<string, NodeRecord> {
  return new Map(history.map(r => [r.node, r]))
}

/**
 * JSON with object keys sorted at every level: the same value gives the same
 * text (and hash) whatever order its keys were made in.
 */
export function canonicalJson (value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const keys = Object.keys(value).filter(k => (value as Record<string, unknown>)[k] !== undefined).sort()
  return `{${keys.map(k => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`
}

/** sha-256 (hex) of a value's canonical JSON, with the platform's Web Crypto (Node and browsers alike). */
export async function valueHash (value: unknown): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(value)))
  return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('')
}
