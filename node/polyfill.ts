/**
 * libp2p 3 calls `Promise.withResolvers`, which Node gained in v22. Every
 * entry point (CLI, test setup, benchmarks) imports this module first. Without
 * it, failures surface later as a misleading ECONNRESET.
 */
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T> () {
      let resolve!: (value: T | PromiseLike<T>) => void
      let reject!: (reason?: unknown) => void
      const promise = new Promise<T>((res, rej) => {
        resolve = res
        reject = rej
      })
      return { promise, resolve, reject }
    }
  })
}

export {}
