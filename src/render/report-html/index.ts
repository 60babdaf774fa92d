/**
 * `gatehouse report --format html`: the report site as files (path → content), a pure function
 * of the site model. `index.html` holds the overview, inventory, access graph and period
 * comparison (its inventory drawn by script from data in the page); `inventory/<n>.html` the
 * inventory as plain tables; `identity/<name>.html` one page per identity. Every page is self-contained (styles
 * and script inline, allowed by hash in its CSP): it opens from disk or Pages and fetches nothing.
 */
import type { ReportSite } from '../../core/lifecycle/report-site.js';
import { renderAccessGraph } from './access-graph.js';
import { page } from './document.js';
import { text } from './escape.js';
import { identityPageBody } from './identity-page.js';
import { inventoryData, jsonScriptContent } from './inventory-data.js';
import { INVENTORY_SCRIPT } from './inventory-script.js';
import { PLAIN_PAGE_ROWS, plainInventoryPages, renderInventory } from './inventory.js';
import { renderOverview } from './overview.js';
import { renderSince } from './since.js';

export interface SiteFile {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

/**
 * The site: index.html rendered now (its charts are asynchronous), the identity pages as they are
 * taken. A writer that takes a few at a time holds a few pages in memory, never the whole site:
 * at 50,000 identities the pages alone are hundreds of megabytes of strings.
 */
export interface RenderedSite {
  /** How many files `files` yields. */
  readonly count: number;
  /** index.html first, then one page per identity, each rendered when it is taken. */
  readonly files: Iterable<SiteFile>;
}

export async function renderReportSite(site: ReportSite): Promise<RenderedSite> {
  const meta = metaLine(site);
  const hasChanges = site.since !== undefined;
  const [overview, graph] = await Promise.all([renderOverview(site), renderAccessGraph(site)]);
  const body = [
    overview,
    renderInventory(site),
    `<section id="access" aria-labelledby="access-title"><h2 id="access-title">Access graph</h2><p class="lead">Who can reach what: workloads that may assume each identity, the account it lives in, and the AWS services its grants reach.</p><div class="card">${graph}</div></section>`,
    renderSince(site),
  ].join('\n');
  const data = { id: 'inventory-data', json: jsonScriptContent(inventoryData(site)) };
  const index: SiteFile = { path: 'index.html', content: page({ title: `Gatehouse report — ${site.report.today}`, body, script: INVENTORY_SCRIPT, data, root: './', meta, hasChanges, index: true }) };
  const plainPages = Math.ceil(site.details.length / PLAIN_PAGE_ROWS);
  return { count: 1 + plainPages + site.details.length, files: siteFiles(index, site, meta, hasChanges) };
}

function* siteFiles(index: SiteFile, site: ReportSite, meta: string, hasChanges: boolean): Generator<SiteFile> {
  yield index;
  for (const plain of plainInventoryPages(site)) yield { path: plain.path, content: page({ title: plain.title, body: plain.body, root: '../', meta, hasChanges }) };
  for (const detail of site.details) {
    yield {
      path: `identity/${detail.row.name}.html`,
      content: page({ title: `${detail.row.name} — Gatehouse report`, body: identityPageBody(detail, site), root: '../', meta, hasChanges }),
    };
  }
}

function metaLine(site: ReportSite): string {
  const commit = site.source.commit ? ` · commit ${text(site.source.commit.slice(0, 12))}` : '';
  return `Report of ${text(site.report.today)}${commit}`;
}
