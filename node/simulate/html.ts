import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PlotData, Report } from './report.js'

/** The plotting libraries a report carries inline (copied from node_modules by `npm run build`). */
export const REPORT_SCRIPTS = ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'] as const

/** The report's plotting scripts are missing: the program was not built. */
export class ReportAssetsMissingError extends Error {
  static override name = 'ReportAssetsMissingError'
  override name = 'ReportAssetsMissingError'
}

/** Where the plotting scripts are: beside the bundle (dist/report-assets), or the repo's dist when running from the sources. */
function assetsDir (): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const dir = [join(here, 'report-assets'), join(here, '..', '..', 'dist', 'report-assets')].find(candidate => existsSync(join(candidate, REPORT_SCRIPTS[0])))
  if (dir == null) throw new ReportAssetsMissingError('The report\'s plotting scripts (Vega) are missing: run `npm run build`')
  return dir
}

/** A plot as a Vega-Lite spec: CDFs and lines as lines, one colour per series; bars by party. */
export function plotSpec (plot: PlotData): object {
  const values = plot.series.flatMap(series => series.points.map(([x, y]) => ({ series: series.name, x, y })))
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: plot.title, width: 'container', height: 220, data: { values } }
  if (plot.kind === 'bar') {
    return { ...base, mark: 'bar', encoding: { x: { field: 'series', type: 'nominal', title: plot.x, sort: null }, y: { field: 'y', type: 'quantitative', title: plot.y }, color: { field: 'series', legend: null } } }
  }
  return {
    ...base,
    mark: { type: 'line', interpolate: plot.kind === 'cdf' ? 'step-after' : 'linear', point: values.length < 40 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: plot.x, ...(plot.kind === 'cdf' ? { scale: { type: 'symlog' } } : {}) },
      y: { field: 'y', type: 'quantitative', title: plot.y, ...(plot.kind === 'cdf' ? { scale: { domain: [0, 1] } } : {}) },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom' } }
    }
  }
}

const escape = (text: string): string => text.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c')

/**
 * The report as one self-contained HTML file: the key figures as tables,
 * every plot drawn by Vega-Lite in the page (its scripts inline: the file
 * opens anywhere, offline), and report.json itself at the end.
 */
export async function reportHtml (report: Report): Promise<string> {
  const dir = assetsDir()
  const scripts = await Promise.all(REPORT_SCRIPTS.map(async name => readFile(join(dir, name), 'utf8')))
  const figures: Array<[string, string]> = [
    ['nodes', `${report.nodes.providers} providers, ${report.nodes.gateways} gateways, ${report.nodes.rendezvous} rendezvous`],
    ['simulated', `${report.simulatedHours} h (seed ${report.seed}, ${report.tier} tier)`],
    ['churn', `${report.churn.joins} joins, ${report.churn.leaves} leaves, ${report.churn.crashes} crashes; ${report.churn.meanOnlineProviders} providers online on average`],
    ['proxy sessions', `${report.proxy.sessions}: ${report.proxy.opened} opened (${(report.proxy.successRate * 100).toFixed(2)} %), ${report.proxy.failed} failed`],
    ['time to first byte', `p50 ${report.proxy.ttfbMs.p50} ms, p99 ${report.proxy.ttfbMs.p99} ms`],
    ['paths', `${report.proxy.paths.direct} direct, ${report.proxy.paths['hole-punched']} hole-punched, ${report.proxy.paths.relayed} relayed (${(report.proxy.relayShare * 100).toFixed(2)} %)`],
    ['DHT lookup', `p50 ${report.discovery.dhtLookupMs.p50} ms, p99 ${report.discovery.dhtLookupMs.p99} ms`],
    ['gossip', `${report.gossip.published} published, ${report.gossip.delivered} delivered, ${report.gossip.duplicates} duplicates, ${report.gossip.rejected} rejected, ${report.gossip.ignored} ignored; propagation p50 ${report.gossip.propagationMs.p50} ms, p99 ${report.gossip.propagationMs.p99} ms`],
    ['revocation spread', `p50 ${report.revocation.propagationMs.p50} ms, p99 ${report.revocation.propagationMs.p99} ms`],
    ['money', `customers paid ${report.money.customerSpend}, providers earned ${report.money.providerEarnings}, operator ${report.money.operatorRevenue} micro-units; ledger sum ${report.money.ledgerSum}; earnings Gini ${report.money.gini}`]
  ]
  if (report.real != null) {
    const { startUp, warmedUp, eventLoopDelayMs, retries, connections } = report.real
    figures.push(['real tier', `nodes listening in ${(startUp.listeningMs / 1000).toFixed(1)} s, holding credentials in ${(startUp.credentialsMs / 1000).toFixed(1)} s, known to every gateway in ${(startUp.discoveredMs / 1000).toFixed(1)} s${warmedUp ? '' : ' (not all of them: the clock started anyway)'}; event-loop delay p99 ${eventLoopDelayMs.p99} ms; ${retries} retries; ${connections / 2} connections at the end`])
  }
  figures.push(['notes', report.notes.join(' ')])
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>peergrid simulation: ${escape(report.scenario)}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 1100px; margin: 0 auto; padding: 16px; color: #1b1f24; }
table { border-collapse: collapse; margin: 8px 0 24px; } th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #ddd; vertical-align: top; }
.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 24px; }
.plot { width: 100%; min-height: 260px; }
details pre { overflow-x: auto; font-size: 12px; }
</style>
${scripts.map(script => `<script>${script}</script>`).join('\n')}
</head>
<body>
<h1>peergrid simulation: ${escape(report.scenario)}</h1>
<table>${figures.map(([name, value]) => `<tr><th scope="row">${escape(name)}</th><td>${escape(value)}</td></tr>`).join('')}</table>
<div class="plots">
${report.plots.map((plot, i) => `<figure class="plot" id="plot-${i}" data-title="${escape(plot.title)}" aria-label="${escape(plot.title)}"></figure>`).join('\n')}
</div>
<details><summary>report.json</summary><pre>${escape(JSON.stringify(report, null, 2))}</pre></details>
<script>
const specs = ${scriptJson(report.plots.map(plotSpec))};
globalThis.plotsRendered = Promise.all(specs.map((spec, i) => vegaEmbed('#plot-' + i, spec, { actions: false, renderer: 'svg' })))
</script>
</body>
</html>
`
}
