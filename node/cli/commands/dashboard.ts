import { spawn } from 'node:child_process'
import { postJson, resolveNodeApi, resolveProviderApis } from '../api-client.js'
import { CommandError } from '../errors.js'
import type { ApiTarget, ApiTargetOptions } from '../api-client.js'

/** Options of `peergrid dashboard`. */
export interface DashboardOptions extends ApiTargetOptions {
  /** only this kind of node */
  node?: 'provider' | 'gateway' | 'rendezvous'
  /** open the first link in the desktop's browser */
  open?: boolean
  json?: boolean
}

/** A dashboard link: which node, and the one-time login URL. */
export interface DashboardLink {
  node: string
  url: string
}

/**
 * `peergrid dashboard`: a one-time login link to the dashboard of each
 * running node (the provider or every devnet provider, the gateway, the
 * rendezvous), asked of its local API with its token. The link works once
 * within two minutes and leaves a session cookie in the browser; no token is
 * in the page.
 */
export async function openDashboard (options: DashboardOptions): Promise<void> {
  const targets = await dashboardTargets(options)
  if (targets.length === 0) throw new CommandError('No running node found: start one with `npm start` (a devnet), `peergrid provider`, `peergrid gateway` or `peergrid rendezvous`')
  const links: DashboardLink[] = await Promise.all(targets.map(async ({ node, target }) => ({ node, url: (await postJson<{ url: string }>(target, '/api/dashboard/login', {})).url })))
  if (options.json === true) {
    process.stdout.write(links.map(link => JSON.stringify(link)).join('\n') + '\n')
  } else {
    const width = Math.max(...links.map(link => link.node.length))
    process.stdout.write(links.map(link => `${link.node.padEnd(width)}  ${link.url}`).join('\n') + '\n')
    process.stdout.write('Each link logs a browser in once, within 2 minutes.\n')
  }
  if (options.open === true) await openInBrowser((links[0] as DashboardLink).url)
}

async function dashboardTargets (options: DashboardOptions): Promise<Array<{ node: string, target: ApiTarget }>> {
  if (options.api != null) return [{ node: options.node ?? 'node', target: await resolveNodeApi('gateway', options) }]
  const found: Array<{ node: string, target: ApiTarget }> = []
  const wanted = (node: DashboardOptions['node']): boolean => options.node == null || options.node === node
  if (wanted('provider')) {
    const providers = await resolveProviderApis(options).catch(() => [])
    found.push(...providers.map(target => ({ node: target.name, target })))
  }
  for (const role of ['gateway', 'rendezvous'] as const) {
    if (!wanted(role)) continue
    const target = await resolveNodeApi(role, options).catch(() => undefined)
    if (target != null) found.push({ node: role, target })
  }
  return found
}

/** Opens a URL with xdg-open (Linux desktops) or open (macOS); says so when neither is there. */
async function openInBrowser (url: string): Promise<void> {
  const command = process.platform === 'darwin' ? 'open' : 'xdg-open'
  await new Promise<void>(resolve => {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true })
    child.once('error', () => {
      process.stderr.write(`peergrid: cannot run ${command}; open the link above in a browser\n`)
      resolve()
    })
    child.once('spawn', () => {
      child.unref()
      resolve()
    })
  })
}
