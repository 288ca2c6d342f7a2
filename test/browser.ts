import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'

/** Debian's Chromium, which .ci/run installs when it is missing. */
export const CHROMIUM = '/usr/bin/chromium'

/** A page in Debian's Chromium with a bundled script loaded, and how to put it all away. */
export interface BrowserPage {
  page: Page
  /** the script's size, minified, in bytes */
  scriptBytes: number
  close(): Promise<void>
}

/** Starts Debian's Chromium headless through playwright-core; the flags keep it off the network this machine does not have. */
export async function launchChromium (): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)`)
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
}

/**
 * Bundles `entry` (module source, resolved from the repo root) for the
 * browser with esbuild, serves it from 127.0.0.1 on a port of its own, and
 * opens it in Debian's Chromium through playwright-core; resolves once
 * `globalThis[ready]` is defined. The flags keep Chromium off the network
 * this machine does not have.
 */
export async function openInChromium (entry: string, ready: string): Promise<BrowserPage> {
  const bundle = await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' })
  const script = bundle.outputFiles[0]!.text
  const server = createServer((request, response) => {
    if (request.url === '/entry.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    else response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/entry.js"></script>')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  let browser: Browser | undefined
  try {
    browser = await launchChromium()
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`)
    await page.waitForFunction((name) => (globalThis as any)[name] != null, ready)
    const opened = browser
    return {
      page,
      scriptBytes: Buffer.byteLength(script),
      close: async () => {
        await opened.close()
        server.close()
      }
    }
  } catch (err) {
    await browser?.close()
    server.close()
    throw err
  }
}
