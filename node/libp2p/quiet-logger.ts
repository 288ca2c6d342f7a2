import type { ComponentLogger, Logger } from '@libp2p/interface'

/**
 * libp2p's loggers when `DEBUG` is unset, which is when libp2p's own
 * (the `debug` package) print nothing: one shared logger that does nothing.
 * libp2p builds loggers per connection and per stream (yamux gives every
 * stream its scope, and each scope is three `debug` instances, each asking
 * whether stderr is a TTY: two system calls) — a share of every proxy open
 * on both sides, for output nobody sees. With `DEBUG` set, libp2p keeps its
 * own (undefined here), so `DEBUG=libp2p:*` works as libp2p documents.
 */
export function quietLibp2pLogger (env: NodeJS.ProcessEnv = process.env): ComponentLogger | undefined {
  if (env.DEBUG != null && env.DEBUG !== '') return undefined
  return { forComponent: () => QUIET }
}

const nothing = (): void => {}

const QUIET: Logger = Object.assign(nothing.bind(null), {
  error: nothing,
  trace: nothing,
  enabled: false,
  newScope: (): Logger => QUIET
})
