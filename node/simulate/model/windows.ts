import { Histogram } from './histogram.js'

/** One window of a run: what happened in it. */
export interface WindowFigures {
  /** hours since the start, at the window's end */
  hours: number
  sessions: number
  opened: number
  failed: number
  relayed: number
  ttfb: Histogram
  onlineProviders: number
}

/** An empty window. */
export function newWindow (): WindowFigures {
  return { hours: 0, sessions: 0, opened: 0, failed: 0, relayed: 0, ttfb: new Histogram(), onlineProviders: 0 }
}

/** The window a run ended in, unless the run ended on a window's end: its sessions count too. */
export function closeLastWindow (windows: WindowFigures[], window: WindowFigures, durationHours: number, onlineProviders: number): void {
  const last = windows[windows.length - 1]
  if (last != null && last.hours >= durationHours) return
  window.hours = durationHours
  window.onlineProviders = onlineProviders
  windows.push(window)
}
