/**
 * The inventory: one row per identity, rendered as a plain HTML table (readable without script,
 * searchable with the browser's find). The page's script adds sorting (header buttons) and
 * filtering (the text box; `/` focuses it), both from the keyboard.
 */
import type { IdentityDetail, PeriodChange, ReportSite } from '../../core/lifecycle/report-site.js';
import { attr, text } from './escape.js';
import { pullRequestLink } from './identity-page.js';

const CHANGE_LABELS: Readonly<Record<PeriodChange, string>> = { added: 'added', 'risk-up': 'risk up', 'risk-down': 'risk down', changed: 'changed' };
const REVIEW_LABELS = { never: 'never', overdue: 'overdue', 'due-soon': 'due soon', current: 'current' } as const;

interface Column {
  readonly title: string;
  readonly numeric?: boolean;
  /** Cell markup. */
  readonly cell: (detail: IdentityDetail, site: ReportSite) => string;
  /** What the column sorts by, when not the cell's text. */
  readonly sortValue?: (detail: IdentityDetail) => string | number;
}

const TIERS = ['low', 'medium', 'high', 'critical'];

const COLUMNS: readonly Column[] = [
  { title: 'Identity', cell: (d) => `<a${attr('href', `identity/${d.row.name}.html`)}>${text(d.row.name)}</a>` },
  { title: 'Owner', cell: (d) => text(d.row.owner) },
  { title: 'Account', cell: (d) => text(d.row.account) },
  { title: 'Env', cell: (d) => badge(`env-${d.row.environment ?? 'unknown'}`, d.row.environment ?? 'unknown') },
  { title: 'Workload', cell: (d) => `${text(d.row.workload)}${d.row.staticCredentials ? ' <span class="badge tier-high">static</span>' : ''}` },
  {
    title: 'Risk',
    cell: (d) => (d.row.risk ? `${badge(`tier-${d.row.risk.tier}`, d.row.risk.tier)} <span class="mono">${text(d.row.risk.score)}</span>` : '—'),
    sortValue: (d) => (d.row.risk ? TIERS.indexOf(d.row.risk.tier) * 1000 + d.row.risk.score : -1),
  },
  { title: 'Expires', cell: (d) => text(d.row.expires ?? '—'), sortValue: (d) => d.row.expires ?? '9999' },
  { title: 'Last review', cell: (d) => text(d.lastReview ?? '—'), sortValue: (d) => d.lastReview ?? '0000' },
  { title: 'Review', cell: (d) => `<span class="state-${d.reviewState}">${REVIEW_LABELS[d.reviewState]}</span>` },
  { title: 'Exceptions', numeric: true, cell: (d) => text(d.exceptions.length), sortValue: (d) => d.exceptions.length },
  { title: 'Findings', numeric: true, cell: (d) => findingCell(d), sortValue: (d) => d.findings.length },
  { title: 'Last change', cell: (d) => lastChange(d), sortValue: (d) => d.history[0]?.date ?? '' },
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

export function renderInventory(site: ReportSite): string {
  const columns = site.since ? [...COLUMNS, SINCE_COLUMN] : COLUMNS;
  const header = columns
    .map((column, index) => `<th scope="col"${column.numeric ? ' class="num"' : ''} aria-sort="none"><button type="button"${attr('data-column', index)}>${text(column.title)}</button></th>`)
    .join('');
  const rows = site.details
    .map((detail) => {
      const cells = columns.map((column) => {
        const sort = column.sortValue ? attr('data-v', column.sortValue(detail)) : '';
        return `<td${column.numeric ? ' class="num"' : ''}${sort}>${column.cell(detail, site)}</td>`;
      });
      return `<tr${attr('data-identity', detail.row.name)}>${cells.join('')}</tr>`;
    })
    .join('\n');
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
    `<table id="inventory-table" class="inventory"${attr('data-total', total)}>`,
    `<caption class="visually-hidden">Every identity; activate a column header to sort by it</caption>`,
    `<thead><tr>${header}</tr></thead>`,
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
    '</div>',
    '</section>',
  ].join('\n');
}

/**
 * The inventory's behaviour in the browser. Plain ES2020 in a string, not compiled TypeScript:
 * the page's CSP allows exactly this text by hash, and it must stay byte-for-byte what is hashed.
 */
export const INVENTORY_SCRIPT = `(() => {
  const table = document.getElementById('inventory-table');
  const input = document.getElementById('filter');
  const count = document.getElementById('filter-count');
  if (!table || !input || !count) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const haystack = new Map(rows.map((row) => [row, row.textContent.toLowerCase()]));
  const total = rows.length;
  let pending = 0;
  const apply = () => {
    const terms = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const text = haystack.get(row);
      const match = terms.every((term) => text.includes(term));
      row.hidden = !match;
      if (match) shown++;
    }
    count.textContent = shown + ' of ' + total + ' identities';
  };
  input.addEventListener('input', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(apply);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && document.activeElement !== input) {
      event.preventDefault();
      input.focus();
    } else if (event.key === 'Escape' && document.activeElement === input) {
      input.value = '';
      apply();
    }
  });
  const headers = Array.from(table.tHead.rows[0].cells);
  const valueOf = (row, index) => {
    const cell = row.cells[index];
    const value = cell.dataset.v ?? cell.textContent.trim();
    const number = Number(value);
    return value !== '' && Number.isFinite(number) ? number : value.toLowerCase();
  };
  table.tHead.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-column]');
    if (!button) return;
    const index = Number(button.dataset.column);
    const header = headers[index];
    const direction = header.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
    for (const other of headers) other.setAttribute('aria-sort', 'none');
    header.setAttribute('aria-sort', direction);
    const sign = direction === 'ascending' ? 1 : -1;
    const keyed = rows.map((row) => [valueOf(row, index), row]);
    keyed.sort((a, b) => (a[0] < b[0] ? -sign : a[0] > b[0] ? sign : 0));
    rows.length = 0;
    for (const [, row] of keyed) rows.push(row);
    body.append(...rows);
  });
})();`;
