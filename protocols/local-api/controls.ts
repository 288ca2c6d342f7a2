/** A day of the week, as the owner writes it. */
export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat'

/** When the provider serves: windows of the week, read in one time zone. */
export interface ServeSchedule {
  /** an IANA time zone, e.g. Europe/Berlin */
  timeZone: string
  /** serve inside any of these; a window whose end is before its start runs past midnight */
  windows: Array<{ days: Weekday[], from: string, to: string }>
}

/** What the owner decided about serving, as far as serving or not goes. */
export interface ServeControls {
  /** the owner paused everything ("pause now") */
  paused: boolean
  /** bytes (both directions) per calendar month of the schedule's time zone, UTC without one; 0 = no cap */
  monthlyDataCapBytes: number
  /** serve only inside these windows (absent: always) */
  schedule?: ServeSchedule
  /** serve only while the machine is idle: its 1-minute load per CPU below this (absent: always) */
  maxLoadPerCpu?: number
}

/** Why the provider does not serve, in the order they are checked (the first is the one to show). */
export type RefusalCode = 'paused' | 'data-cap' | 'outside-schedule' | 'machine-busy'

export interface Refusal {
  code: RefusalCode
  /** for a person: what and until when, as far as known */
  detail: string
}

/** Serve or not, with every reason not to. */
export interface ServeDecision {
  serve: boolean
  reasons: Refusal[]
}

/**
 * Everything a provider's owner steers while the node runs: whether and
 * when it serves (ServeControls), how fast, how much of the machine jobs
 * get, and whom and where it serves. Kept in the node's database and applied
 * without a restart; the config's flags are only the first values.
 */
export interface OwnerSettings extends ServeControls {
  /** one token bucket across every proxy stream, both directions, bytes per second; 0 = no limit */
  bandwidthBytesPerSecond: number
  /** the share of the machine's CPUs jobs may use at once, 1–100 % (one job per CPU; at least one job) */
  jobCpuPercent: number
  /** the share of the machine's memory running jobs may hold together, 1–100 % */
  jobMemoryPercent: number
  /** serve only these customer accounts; empty = every customer with a valid credential */
  allowCustomers: string[]
  /** never serve these customers: an account or a peer id */
  blockCustomers: string[]
  /** refuse these destinations: a domain with its subdomains, or a CIDR range */
  denyDestinations: string[]
  /** serve only these destinations; empty = every destination the rules allow */
  allowDestinations: string[]
}

/** Where the settings in force came from. */
export type SettingsSource = 'config' | 'stored'

/** What the owner's controls say now, for the local API and the dashboard. */
export interface ControlsView {
  settings: OwnerSettings
  /** config: the flags' values, never changed; stored: changed through the local API (they win over the flags) */
  source: SettingsSource
  /** unix ms of the last change (0 for the config's values) */
  updatedAtMs: number
  decision: ServeDecision
  /** bytes relayed in this calendar month (of the schedule's time zone; UTC without one) */
  usage: { month: string, bytes: number }
  /** the machine's 1-minute load per CPU, as last sampled */
  loadPerCpu: number
}
