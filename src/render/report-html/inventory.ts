/**
 * The inventory, in two forms. On index.html: the table's header, a pager and the inventory as
 * data (inventory-data.ts), from which the page's script (inventory-script.ts) draws a page of
 * rows at a time and filters and sorts every identity; the page stays a few megabytes at 50,000
 * identities. Beside it, every identity as plain HTML tables of PLAIN_PAGE_ROWS rows
 * (`inventory/N.html`): readable without script, printable, searchable with the browser's find.
 */
import type { IdentityDetail, PeriodChange, ReportSite } from '../../core/lifecycle/report-site.js';
import { attr, text } from './escape.js';
import { pullRequestLink } from './identity-page.js';

const CHANGE_LABELS: Readonly<Record<PeriodChange, string>> = { added: 'added', 'risk-up': 'risk up', 'risk-down': 'risk down', changed: 'changed' };
const REVIEW_LABELS = { never: 'never', overdue: 'overdue', 'due-soon': 'due soon', current: 'current' } as const;

interface Column {
  readonly title: string;
  readonly numeric?: boolean;
  /** Cell markup; `root` is the path from the page to the site's root (`./`, `../`). */
  readonly cell: (detail: IdentityDetail, root: string) => string;
}

const COLUMNS: readonly Column[] = [
  { title: 'Identity', cell: (d, root) => `<a${attr('href', `${root}identity/${d.row.name}.html`)}>${text(d.row.name)}</a>` },
  { title: 'Owner', cell: (d) => text(d.row.owner) },
  { title: 'Account', cell: (d) => text(d.row.account) },
  { title: 'Env', cell: (d) => badge(`env-${d.row.environment ?? 'unknown'}`, d.row.environment ?? 'unknown') },
  { title: 'Workload', cell: (d) => `${text(d.row.workload)}${d.row.staticCredentials ? ' <span class="badge tier-high">static</span>' : ''}` },
  { title: 'Risk', cell: (d) => (d.row.risk ? `${badge(`tier-${d.row.risk.tier}`, d.row.risk.tier)} <span class="mono">${text(d.row.risk.score)}</span>` : '—') },
  { title: 'Expires', cell: (d) => text(d.row.expires ?? '—') },
  { title: 'Last review', cell: (d) => text(d.lastReview ?? '—') },
  { title: 'Review', cell: (d) => `<span class="state-${d.reviewState}">${REVIEW_LABELS[d.reviewState]}</span>` },
  { title: 'Exceptions', numeric: true, cell: (d) => text(d.exceptions.length) },
  { title: 'Findings', numeric: true, cell: (d) => findingCell(d) },
  { title: 'Last change', cell: (d) => lastChange(d) },
];

const SINCE_COLUMN: Column = { title: 'Since base', cell: (d) => (d.change ? badge(`change-${d.change}`, CHANGE_LABELS[d.change]) : '') };

function badge(className: string, label: string): string {
  return `<span${attr('class', `badge ${className}`)}>${text(label)}</span>`;
}

function findingCell(detail: IdentityDetail): string {
  const errors = detail.findings.filter((finding) => finding.severity === 'error').length;
  if (detail.findings.length === 0) return '0';
  return errors > 0 ? `<span class="sev-error">${text(detail.findings.length)}</span>` : text(detail.findings.length);
}

function lastChange(detail: IdentityDetail): string {
  const last = detail.history[0];
  if (last === undefined) return '—';
  const pr = last.change ? ` · ${pullRequestLink(last.change)}` : '';
  return `<span class="mono"${attr('title', `${last.date}: ${last.subject}`)}>${text(last.commit.slice(0, 8))}</span>${pr}`;
}

/** Identities per plain inventory page: about half a megabyte of markup each. */
export const PLAIN_PAGE_ROWS = 1000;
/** Rows the script draws at a time on index.html. */
export const INVENTORY_PAGE_ROWS = 200;

function columnsOf(site: ReportSite): readonly Column[] {
  return site.since ? [...COLUMNS, SINCE_COLUMN] : COLUMNS;
}

export function renderInventory(site: ReportSite): string {
  const columns = columnsOf(site);
  const header = columns
    .map((column, index) => `<th scope="col"${column.numeric ? ' class="num"' : ''} aria-sort="none"><button type="button"${attr('data-column', index)}>${text(column.title)}</button></th>`)
    .join('');
  const total = site.details.length;
  return [
    '<section id="inventory" aria-labelledby="inventory-title">',
    '<h2 id="inventory-title">Inventory</h2>',
    '<div class="toolbar">',
    '<label for="filter" class="visually-hidden">Filter identities</label>',
    '<input id="filter" type="search" placeholder="Filter: name, owner, account, tier, workload… (press /)" autocomplete="off" aria-controls="inventory-table">',
    `<span class="count" id="filter-count" aria-live="polite">${total} of ${total} identities</span>`,
    '</div>',
    '<div class="table-wrap">',
    `<table id="inventory-table" class="inventory"${attr('data-total', total)}${attr('data-page', INVENTORY_PAGE_ROWS)}>`,
    `<caption class="visually-hidden">Every identity, ${INVENTORY_PAGE_ROWS} rows at a time; activate a column header to sort by it</caption>`,
    `<thead><tr>${header}</tr></thead>`,
    '<tbody></tbody>',
    '</table>',
    '</div>',
    `<div class="pager" id="inventory-pager"><button type="button" data-page="previous">← Previous</button><span id="inventory-range" aria-live="polite"></span><button type="button" data-page="next">Next →</button></div>`,
    `<noscript><p class="alert">This table is drawn by the page's script, which is off: every identity is in the plain tables linked below.</p></noscript>`,
    plainPageLinks(total),
    '</section>',
  ].join('\n');
}

function plainPageCount(total: number): number {
  return Math.ceil(total / PLAIN_PAGE_ROWS);
}

function plainPageLinks(total: number): string {
  const pages = plainPageCount(total);
  if (pages === 0) return '';
  const links = Array.from({ length: pages }, (_, i) => `<a href="inventory/${i + 1}.html">${rangeOf(i + 1, total)}</a>`).join(' · ');
  return `<p class="note" id="inventory-pages">Every identity as plain tables of ${PLAIN_PAGE_ROWS.toLocaleString('en-US')} (by owner team, then name), readable without script and printable: ${links}</p>`;
}

/** `1–1,000`: the identities on plain page `n`, counted from 1. */
function rangeOf(n: number, total: number): string {
  const first = (n - 1) * PLAIN_PAGE_ROWS + 1;
  return `${first.toLocaleString('en-US')}–${Math.min(n * PLAIN_PAGE_ROWS, total).toLocaleString('en-US')}`;
}

export interface PlainInventoryPage {
  /** Relative to the site root. */
  readonly path: string;
  readonly title: string;
  readonly body: string;
}

/** The plain inventory pages, each built when it is taken. */
export function* plainInventoryPages(site: ReportSite): Generator<PlainInventoryPage> {
  const columns = columnsOf(site);
  const total = site.details.length;
  const pages = plainPageCount(total);
  const header = columns.map((column) => `<th scope="col"${column.numeric ? ' class="num"' : ''}>${text(column.title)}</th>`).join('');
  for (let n = 1; n <= pages; n++) {
    const rows = site.details.slice((n - 1) * PLAIN_PAGE_ROWS, n * PLAIN_PAGE_ROWS).map((detail) => plainRow(detail, columns));
    const nav = [
      n > 1 ? `<a href="${n - 1}.html">← ${rangeOf(n - 1, total)}</a>` : '',
      '<a href="../index.html#inventory">Inventory</a>',
      n < pages ? `<a href="${n + 1}.html">${rangeOf(n + 1, total)} →</a>` : '',
    ].filter(Boolean).join(' · ');
    yield {
      path: `inventory/${n}.html`,
      title: `Inventory ${rangeOf(n, total)} of ${total.toLocaleString('en-US')} — Gatehouse report`,
      body: [
        `<p>${nav}</p>`,
        `<h1>Inventory: identities ${rangeOf(n, total)} of ${total.toLocaleString('en-US')}</h1>`,
        `<p class="lead">Page ${n} of ${pages}, by owner team, then name. The inventory on the <a href="../index.html#inventory">report's first page</a> filters and sorts them all.</p>`,
        `<table class="inventory"><thead><tr>${header}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`,
        `<p>${nav}</p>`,
      ].join('\n'),
    };
  }
}

function plainRow(detail: IdentityDetail, columns: readonly Column[]): string {
  const cells = columns.map((column) => `<td${column.numeric ? ' class="num"' : ''}>${column.cell(detail, '../')}</td>`);
  return `<tr${attr('data-identity', detail.row.name)}>${cells.join('')}</tr>`;
}
