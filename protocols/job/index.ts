/**
 * @packageDocumentation
 *
 * `/peergrid/job/1.0.0`: a customer's gateway sends a WebAssembly (WASI
 * preview 1) job to a provider and gets its result. `jobServer` runs on
 * providers (the role's job host comes in as the `jobs` hook); `jobClient`
 * on gateways. A job that costs something is paid before its result comes:
 * the provider sends PAYMENT, the gateway answers with a receipt it signed
 * (`pay`), the provider counter-signs it and sends the result. `sandbox/` is the runner itself, pure, so that the same
 * module runs unchanged in a browser.
 *
 * @example
 *
 * ```TypeScript
 * const services = { jobs: jobClient() } // components: { connectionManager }
 * const { result } = await libp2p.services.jobs.submit(provider, { module, moduleSha256, args: [], env: [], stdin, files: [], limits })
 * ```
 */

export * from './check.js'
export * from './client.js'
export * from './constants.js'
export * from './errors.js'
export * from './outputs.js'
export * from './server.js'
export { JobEvent, JobFile, JobLimits, JobPay, JobPayment, JobResult, JobSubmit } from './pb/job.js'
