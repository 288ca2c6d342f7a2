import { Background, Controls, Handle, Position, ReactFlow, applyNodeChanges, useReactFlow } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { createContext, memo, useContext, useEffect, useMemo, useState } from 'react'
import { ErrorNote, Section } from '../ui.js'
import { documentOf, previewGraph, referencesOf } from './workflow-preview.js'
import type { EditorNode, GraphPreview, NodePreview } from './workflow-preview.js'
import type { Connection, Edge, Node, NodeChange, NodeProps } from '@xyflow/react'

/** The preview waits this long after the last keystroke before it runs the graph again. */
const PREVIEW_DEBOUNCE_MS = 150

/** Longest output text shown under a node. */
const MAX_SHOWN_OUTPUT = 2_000

interface Editing {
  preview: GraphPreview
  setExpression(id: string, expression: string): void
  remove(id: string): void
}

const EditingContext = createContext<Editing | undefined>(undefined)

function outputText (preview: NodePreview | undefined): string {
  if (preview == null) return '…'
  if (preview.status === 'failed') return `error: ${preview.error}`
  if (preview.status === 'skipped') return 'skipped'
  const text = JSON.stringify(preview.output, null, 1) ?? 'null'
  return text.length > MAX_SHOWN_OUTPUT ? `${text.slice(0, MAX_SHOWN_OUTPUT)}…` : text
}

/** One node on the canvas: its expression, typed in place, and its output under it. */
const ExpressionNode = memo(function ExpressionNode ({ data }: NodeProps<Node<EditorNode & Record<string, unknown>>>) {
  const editing = useContext(EditingContext) as Editing
  const preview = editing.preview.nodes[data.id]
  return (
    <div className={`flow-node ${preview?.status ?? ''}`} data-node={data.id}>
      <Handle type="target" position={Position.Left} aria-label={`Into ${data.id}`} />
      <div className="flow-node-head">
        <strong>{data.id}</strong> <span className="muted">{data.type}</span>
        <button type="button" className="nodrag" onClick={() => { editing.remove(data.id) }} aria-label={`Remove ${data.id}`}>×</button>
      </div>
      <textarea
        className="nodrag"
        rows={2}
        value={data.expression}
        onChange={event => { editing.setExpression(data.id, event.target.value) }}
        aria-label={`Expression of ${data.id}`}
        spellCheck={false}
      />
      <pre className="flow-output" aria-label={`Output of ${data.id}`} aria-live="polite">{outputText(preview)}</pre>
      <Handle type="source" position={Position.Right} aria-label={`Out of ${data.id}`} />
    </div>
  )
})

const NODE_TYPES = { expression: ExpressionNode }

/** Fits the view again when a node is added or removed (inside the canvas, where its helpers are). */
function FitOnChange ({ count }: { count: number }) {
  const flow = useReactFlow()
  useEffect(() => {
    const timer = setTimeout(() => { void flow.fitView({ padding: 0.1 }) }, 50)
    return () => { clearTimeout(timer) }
  }, [count, flow])
  return null
}

const STARTER: EditorNode[] = [{ id: 'items', type: 'transform', expression: 'input.items' }]

/**
 * The workflow editor: transforms and asserts on a canvas, each with its
 * CEL expression; an edge is a node naming another (drawing one from A to a
 * node that still reads `input` makes it read A). Every change runs the
 * graph again in the page with the gateway's own engine and shows each
 * node's output, as you type.
 */
export function WorkflowEditor () {
  const [nodes, setNodes] = useState<EditorNode[]>(STARTER)
  // where each node is and the size React Flow measured (a node stays hidden until measured)
  const [layout, setLayout] = useState<Record<string, Pick<Node, 'position' | 'measured' | 'selected' | 'dragging'>>>({ items: { position: { x: 0, y: 0 } } })
  const [inputText, setInputText] = useState('{"items": [3, 1, 2]}')
  const [preview, setPreview] = useState<GraphPreview>({ nodes: {} })
  const [hint, setHint] = useState<string>()

  const input = useMemo(() => {
    try {
      return { value: JSON.parse(inputText) as unknown }
    } catch (err: any) {
      return { error: `The input is not JSON: ${err.message}` }
    }
  }, [inputText])

  useEffect(() => {
    if ('error' in input) return
    const abort = new AbortController()
    const timer = setTimeout(() => {
      previewGraph(nodes, input.value, abort.signal).then(next => { if (!abort.signal.aborted) setPreview(next) }, (err: Error) => { setPreview({ nodes: {}, problem: err.message }) })
    }, PREVIEW_DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      abort.abort()
    }
  }, [nodes, input])

  const editing = useMemo<Editing>(() => ({
    preview,
    setExpression: (id, expression) => { setNodes(current => current.map(node => node.id === id ? { ...node, expression } : node)) },
    remove: (id) => { setNodes(current => current.filter(node => node.id !== id)) }
  }), [preview])

  const ids = nodes.map(node => node.id)
  const flowNodes: Array<Node<EditorNode & Record<string, unknown>>> = nodes.map((node, i) => ({ position: { x: i * 260, y: (i % 2) * 60 }, ...layout[node.id], id: node.id, type: 'expression', data: { ...node } }))
  const edges: Edge[] = nodes.flatMap(node => referencesOf(node, ids).map(from => ({ id: `${from}->${node.id}`, source: from, target: node.id })))

  const add = (type: EditorNode['type']): void => {
    let n = nodes.length + 1
    while (ids.includes(`n${n}`)) n++
    const id = `n${n}`
    const last = nodes[nodes.length - 1]
    setNodes([...nodes, { id, type, expression: type === 'assert' ? 'true' : last?.id ?? 'input' }])
    setLayout({ ...layout, [id]: { position: { x: nodes.length * 260, y: (nodes.length % 2) * 60 } } })
  }
  const onNodesChange = (changes: NodeChange[]): void => {
    const moved = applyNodeChanges(changes, flowNodes)
    setLayout(Object.fromEntries(moved.map(node => [node.id, { position: node.position, measured: node.measured, selected: node.selected, dragging: node.dragging }])))
  }
  const onConnect = (connection: Connection): void => {
    const target = nodes.find(node => node.id === connection.target)
    if (target == null || connection.source === target.id) return
    if (['', 'input'].includes(target.expression.trim())) {
      editing.setExpression(target.id, connection.source)
      setHint(undefined)
    } else if (!referencesOf(target, [connection.source]).includes(connection.source)) {
      setHint(`${target.id} does not read ${connection.source} yet: name ${connection.source} in its expression`)
    }
  }

  return (
    <Section title="Workflow editor" actions={
      <span className="toolbar">
        <button type="button" onClick={() => { add('transform') }}>Add transform</button>
        <button type="button" onClick={() => { add('assert') }}>Add assert</button>
      </span>
    }>
      <label className="input-json">Input (JSON)
        <textarea rows={3} value={inputText} onChange={event => { setInputText(event.target.value) }} aria-label="Workflow input" spellCheck={false} />
      </label>
      <ErrorNote error={'error' in input ? new Error(input.error) : preview.problem != null ? new Error(preview.problem) : hint != null ? new Error(hint) : undefined} />
      <EditingContext.Provider value={editing}>
        <div className="canvas" aria-label="Workflow graph">
          <ReactFlow nodes={flowNodes} edges={edges} nodeTypes={NODE_TYPES} onNodesChange={onNodesChange} onConnect={onConnect} fitView minZoom={0.3}>
            <Background />
            <Controls />
            <FitOnChange count={nodes.length} />
          </ReactFlow>
        </div>
      </EditingContext.Provider>
      <p>Output: <output aria-label="Workflow output">{preview.output === undefined ? '—' : JSON.stringify(preview.output)}</output></p>
      <details>
        <summary>Workflow document</summary>
        <pre>{JSON.stringify(documentOf(nodes), null, 2)}</pre>
      </details>
    </Section>
  )
}
