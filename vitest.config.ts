import { defineConfig } from 'vitest/config'

// Two projects: fast unit tests, and integration tests that start real
// libp2p nodes on 127.0.0.1 (each file says in its title how long it takes).
export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } }
      },
      {
        extends: true,
        // after the unit tests, one file at a time: these start many nodes and child processes on 2 cores
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 60_000, fileParallelism: false, sequence: { groupOrder: 1 } }
      }
    ]
  }
})
