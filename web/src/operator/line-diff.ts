/** One line of a diff: kept, removed (only in the old text) or added (only in the new). */
export interface DiffLine {
  kind: 'same' | 'removed' | 'added'
  text: string
}

/** Most lines a side may have for a diff (the table is lines × lines). */
export const MAX_DIFF_LINES = 4_000

/**
 * A line diff by longest common subsequence: what an operator reads before
 * publishing a rule set. Written here rather than taken from a library: it
 * is twenty lines, and the page stays small.
 */
export function lineDiff (before: string, after: string): DiffLine[] {
  const a = before.split('\n')
  const b = after.split('\n')
  if (a.length > MAX_DIFF_LINES || b.length > MAX_DIFF_LINES) return [...a.map(text => ({ kind: 'removed' as const, text })), ...b.map(text => ({ kind: 'added' as const, text }))]
  // common[i][j]: the longest common subsequence of a[i..] and b[j..]
  const common = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!)
    }
  }
  const lines: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i++] as string })
      j++
    } else if (j < b.length && (i === a.length || common[i]![j + 1]! >= common[i + 1]![j]!)) {
      lines.push({ kind: 'added', text: b[j++] as string })
    } else {
      lines.push({ kind: 'removed', text: a[i++] as string })
    }
  }
  return lines
}
