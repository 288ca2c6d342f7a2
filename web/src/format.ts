export { formatBytes, formatUnits } from '../../protocols/local-api/index.js'

/** A time of day for a feed row: 14:03:07. */
export function formatClock (timeMs: number): string {
  return new Date(timeMs).toLocaleTimeString([], { hour12: false })
}

/** A peer id shortened for a table cell: 12D3Koo…x7Qa. */
export function shortId (id: string): string {
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id
}
