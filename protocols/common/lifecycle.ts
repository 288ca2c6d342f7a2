import { setMaxListeners } from 'node:events'
import type { AbortOptions } from '@libp2p/interface'

/**
 * The running state of a service: start() marks it running, stop() aborts
 * every exchange still waiting on its signal. Both say whether they changed
 * anything, so a service's start() and stop() stay idempotent by returning
 * early when they did not. A service's methods may also be called before
 * start (a one-off registration, a fetch in a test); stop() cuts those too.
 */
export class ServiceLifecycle {
  private controller = ServiceLifecycle.controller()
  private started = false

  private static controller (): AbortController {
    const controller = new AbortController()
    // every exchange in flight listens for shutdown
    setMaxListeners(Infinity, controller.signal)
    return controller
  }

  /** True between start() and stop(). */
  get running (): boolean {
    return this.started
  }

  /** Aborts when the service stops. */
  get signal (): AbortSignal {
    return this.controller.signal
  }

  /** Marks the service running; false when it already was. */
  start (): boolean {
    if (this.started) return false
    this.started = true
    return true
  }

  /** Aborts everything waiting on the signal; false when the service was not running. */
  stop (): boolean {
    if (!this.started) return false
    this.started = false
    this.controller.abort(new Error('The service stopped'))
    this.controller = ServiceLifecycle.controller()
    return true
  }

  /** The shutdown signal combined with a caller's. */
  signalFor (options: AbortOptions = {}): AbortSignal {
    if (options.signal == null) return this.signal
    const combined = AbortSignal.any([this.signal, options.signal])
    setMaxListeners(Infinity, combined)
    return combined
  }
}
