// vitest globalSetup: one PostgreSQL server for the coordinator's store suites (each test gets a fresh database on it).
import { startPostgres } from './postgres-server.js'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://…/postgres of the server this run started */
    postgresUrl: string
  }
}

export default async function setup (project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres()
  project.provide('postgresUrl', server.url())
  return async () => { await server.destroy() }
}
