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
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] }
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 60_000, fileParallelism: false }
      }
    ]
  }
})
