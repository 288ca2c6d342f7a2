import { defineConfig } from 'vitest/config'

// Four projects: fast unit tests, integration tests that start real
// libp2p nodes on 127.0.0.1 (each file says in its title how long it takes),
// the coordinator's integration suites again on PostgreSQL, and the
// simulator's calibration, alone at the end.

/** The integration suites of the coordinator's books, run on both stores. */
const COORDINATOR_SUITES = ['registration', 'revocation', 'rules', 'hosted', 'metering', 'receipt-submission', 'key-rotation', 'job-payment', 'ledger-api']

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    // one PostgreSQL server (initdb in a temp dir) for the coordinator's store suites, each test on a fresh database
    globalSetup: ['test/global-postgres.ts'],
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
      },
      {
        extends: true,
        // the coordinator's integration suites again, every rendezvous keeping its books in PostgreSQL (a fresh database per testnet)
        test: {
          name: 'integration-postgres',
          include: COORDINATOR_SUITES.map(name => `test/integration/${name}.test.ts`),
          env: { PEERGRID_TEST_STORE: 'postgresql' },
          testTimeout: 60_000,
          maxWorkers: 2,
          sequence: { groupOrder: 2 }
        }
      },
      {
        extends: true,
        // alone: SIGKILLed rendezvous restarting in a loop take both cores, and a testnet beside them waited past its deadlines
        test: { name: 'crash', include: ['test/crash/**/*.test.ts'], testTimeout: 180_000, maxWorkers: 1, sequence: { groupOrder: 3 } }
      },
      {
        extends: true,
        // last and alone: the simulator's real tier times 33 nodes against the model, and other tests' CPU would show in its timings
        test: { name: 'calibration', include: ['test/calibration/**/*.test.ts'], testTimeout: 300_000, maxWorkers: 1, sequence: { groupOrder: 4 } }
      }
    ]
  }
})
