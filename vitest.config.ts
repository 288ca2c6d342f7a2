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
        // after the unit tests, two files at a time (one per core): they start real nodes and child processes, and wait on states, never on time
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 60_000, maxWorkers: 2, sequence: { groupOrder: 1 } }
      }
    ]
  }
})
