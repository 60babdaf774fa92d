/**
 * The overview: headline figures, then the charts an auditor reads first (who owns what at which
 * risk, where it runs, what ends in the next 180 days, which reviews are late, which exceptions
 * run out) and the framework coverage matrix. Long tails are folded into "other" so a chart
 * stays readable at 10,000 identities.
 */
import type { ReportSite } from '../../core/lifecycle/report-site.js';
import type { Control } from '../../core/lifecycle/coverage.js';
import { addDays, daysBetween } from '../../core/time.js';
import { text } from './escape.js';
import { TIER_SCALE, vegaLiteSvg } from './vega.js';

/** Bars per chart before the rest is folded into one "other" bar. */
const MAX_BARS = 20;
const ENVIRONMENTS = ['prod', 'staging', 'dev', 'sandbox'];
const WORKLOAD_SCALE = { domain: ['eks', 'githubActions', 'awsService', 'crossAccount', 'external'], range: ['#1d4ed8', '#7c3aed', '#0891b2', '#e8710a', '#c5221f'] };

export async function renderOverview(site: ReportSite): Promise<string> {
  const { report } = site;
  const { totals } = report;
  const elevated = report.identities.filter((row) => row.risk?.tier === 'high' || row.risk?.tier === 'critical').length;
  const kpis = [
    kpi(totals.identities, 'identities'),
    kpi(totals.owners, 'owner teams'),
    kpi(totals.accounts, 'accounts'),
    kpi(elevated, 'high or critical risk', elevated > 0 ? 'warn' : ''),
    kpi(totals.expired, 'expired, still in git', totals.expired > 0 ? 'bad' : ''),
    kpi(totals.expiringSoon, 'expiring within 30 days', totals.expiringSoon > 0 ? 'warn' : ''),
    kpi(totals.overdueReviews, 'reviews overdue', totals.overdueReviews > 0 ? 'bad' : ''),
    kpi(totals.exceptionsInForce, 'exceptions in force'),
    kpi(totals.staticCredentials, 'with static credentials', totals.staticCredentials > 0 ? 'warn' : ''),
  ];
  const [owners, accounts, expiry, reviews, exceptions] = await Promise.all([
    ownerTierChart(site),
    accountWorkloadChart(site),
    expiryTimelineChart(site),
    reviewChart(site),
    exceptionChart(site),
  ]);
  const unreadable =
    report.unreadableFiles.length === 0
      ? ''
      : `<p class="alert" role="alert"><strong>Incomplete:</strong> ${report.unreadableFiles.length} identity file(s) could not be loaded and are in no figure: ${report.unreadableFiles.map((file) => `<code>${text(file)}</code>`).join(', ')}. Run <code>gatehouse validate</code>.</p>`;
  return [
    '<section id="overview" aria-labelledby="overview-title">',
    `<h1 id="overview-title">Non-human identity report</h1>`,
    `<p class="lead">${text(totals.identities.toLocaleString('en-US'))} identities owned by ${text(totals.owners)} teams in ${text(totals.accounts)} AWS accounts, as of ${text(report.today)}.</p>`,
    unreadable,
    `<div class="kpis">${kpis.join('')}</div>`,
    '<div class="grid">',
    card('Identities by owner team and risk tier', owners, 'chart-owners'),
    card('Identities by account and workload kind', accounts, 'chart-accounts'),
    card(`Expiry timeline: the next ${site.horizonDays} days`, expiry, 'chart-expiry'),
    card('Review status', reviews, 'chart-reviews'),
    `<figure class="card chart" id="chart-exceptions"><h3>Exceptions by expiry</h3>${exceptions}${exceptionTable(site)}</figure>`,
    `<div class="card"><h3>Static credentials</h3>${staticCredentialTable(site)}</div>`,
    `<div class="card wide"><h3>Framework coverage</h3>${coverageMatrix(site)}</div>`,
    '</div>',
    '</section>',
  ].join('\n');
}

function kpi(value: number, label: string, tone = ''): string {
  return `<div class="kpi${tone ? ` ${tone}` : ''}"><div class="value">${text(value.toLocaleString('en-US'))}</div><div class="label">${text(label)}</div></div>`;
}

function card(title: string, svg: string, id: string): string {
  return `<figure class="card chart" id="${id}"><h3>${text(title)}</h3>${svg}</figure>`;
}

interface Folding {
  /** The key a bar is drawn under: itself, or the "other" bar. */
  readonly fold: (key: string) => string;
  /** Bars largest first, the "other" bar last. */
  readonly order: readonly string[];
}

/** The top `MAX_BARS - 1` keys by count stay; the rest become one "other" bar. */
function topKeys(counts: ReadonlyMap<string, number>, other: (hidden: number) => string): Folding {
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
  if (sorted.length <= MAX_BARS) return { fold: (key) => key, order: sorted };
  const kept = sorted.slice(0, MAX_BARS - 1);
  const keep = new Set(kept);
  const label = other(sorted.length - kept.length);
  return { fold: (key) => (keep.has(key) ? key : label), order: [...kept, label] };
}

function countBy<T>(items: readonly T[], ...keys: ((item: T) => string)[]): { keys: string[]; count: number }[] {
  const counts = new Map<string, { keys: string[]; count: number }>();
  for (const item of items) {
    const values = keys.map((key) => key(item));
    const id = JSON.stringify(values);
    const entry = counts.get(id) ?? { keys: values, count: 0 };
    entry.count++;
    counts.set(id, entry);
  }
  return [...counts.values()];
}

function totalsOf(rows: readonly { keys: string[]; count: number }[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.keys[0]!, (totals.get(row.keys[0]!) ?? 0) + row.count);
  return totals;
}

function barHeight(bars: number): number {
  return Math.max(60, bars * 22);
}

async function ownerTierChart(site: ReportSite): Promise<string> {
  const rows = site.report.identities;
  const { fold, order } = topKeys(totalsOf(countBy(rows, (row) => row.owner)), (n) => `${n} other teams`);
  const values = countBy(rows, (row) => fold(row.owner), (row) => row.risk?.tier ?? 'unscored').map(({ keys, count }) => ({ owner: keys[0], tier: keys[1], count }));
  const bars = new Set(values.map((value) => value.owner)).size;
  return vegaLiteSvg({
    width: 480,
    height: barHeight(bars),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'owner', type: 'nominal', sort: order, title: null, axis: { labelLimit: 180 } },
      x: { aggregate: 'sum', field: 'count', type: 'quantitative', title: 'identities', axis: { tickMinStep: 1 } },
      color: { field: 'tier', type: 'nominal', title: 'Risk tier', scale: TIER_SCALE },
      order: { field: 'tierOrder', type: 'quantitative' },
    },
    transform: [{ calculate: "indexof(['low','medium','high','critical'], datum.tier)", as: 'tierOrder' }],
  });
}

async function accountWorkloadChart(site: ReportSite): Promise<string> {
  const rows = site.report.identities;
  const label = (row: (typeof rows)[number]) => `${row.account} · ${row.environment ?? 'unknown'}`;
  const { fold } = topKeys(totalsOf(countBy(rows, label)), (n) => `${n} other accounts`);
  // Production first, then staging, dev, sandbox; the folded "other" bar last.
  const envOrder = (row: (typeof rows)[number]) => (fold(label(row)) !== label(row) ? ENVIRONMENTS.length + 1 : ENVIRONMENTS.includes(row.environment ?? '') ? ENVIRONMENTS.indexOf(row.environment!) : ENVIRONMENTS.length);
  const values = countBy(rows, (row) => fold(label(row)), (row) => row.workload, (row) => String(envOrder(row))).map(({ keys, count }) => ({
    account: keys[0],
    workload: keys[1],
    envOrder: Number(keys[2]),
    count,
  }));
  const bars = new Set(values.map((value) => value.account)).size;
  return vegaLiteSvg({
    width: 480,
    height: barHeight(bars),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'account', type: 'nominal', sort: { field: 'envOrder', op: 'min' }, title: null, axis: { labelLimit: 260 } },
      x: { aggregate: 'sum', field: 'count', type: 'quantitative', title: 'identities', axis: { tickMinStep: 1 } },
      color: { field: 'workload', type: 'nominal', title: 'Workload', scale: WORKLOAD_SCALE },
    },
  });
}

async function expiryTimelineChart(site: ReportSite): Promise<string> {
  const { today } = site.report;
  const end = addDays(today, site.horizonDays);
  const values = countBy(
    site.report.identities.filter((row) => row.expires !== undefined && row.expires >= today && row.expires <= end),
    (row) => addDays(today, Math.floor(daysBetween(today, row.expires!) / 7) * 7),
    (row) => row.environment ?? 'unknown',
  ).map(({ keys, count }) => ({ week: keys[0], environment: keys[1], count }));
  return vegaLiteSvg({
    width: 520,
    height: 200,
    data: { values },
    mark: { type: 'bar', width: 9 },
    encoding: {
      x: { field: 'week', type: 'temporal', title: `week of expiry (${today} to ${end})`, scale: { domain: [today, end] }, axis: { format: '%d %b', tickCount: 'month' } },
      y: { aggregate: 'sum', field: 'count', type: 'quantitative', title: 'identities expiring', axis: { tickMinStep: 1 } },
      color: { field: 'environment', type: 'nominal', title: 'Environment', scale: { domain: [...ENVIRONMENTS, 'unknown'], range: ['#b91c1c', '#1d4ed8', '#64748b', '#94a3b8', '#cbd5e1'] } },
    },
  });
}

const REVIEW_LABELS = { never: 'never reviewed', overdue: 'overdue', 'due-soon': 'due within 30 days', current: 'current' } as const;

async function reviewChart(site: ReportSite): Promise<string> {
  const values = Object.entries(REVIEW_LABELS).map(([state, label]) => ({ label, count: site.details.filter((detail) => detail.reviewState === state).length }));
  return vegaLiteSvg({
    width: 480,
    height: 4 * 30,
    data: { values },
    layer: [
      { mark: { type: 'bar' }, encoding: { color: { field: 'label', type: 'nominal', legend: null, scale: { domain: Object.values(REVIEW_LABELS), range: ['#c5221f', '#e8710a', '#d4a017', '#2f9e6b'] } } } },
      { mark: { type: 'text', align: 'left', dx: 4, color: '#334155', fontSize: 11 }, encoding: { text: { field: 'count', type: 'quantitative' } } },
    ],
    encoding: {
      y: { field: 'label', type: 'nominal', sort: Object.values(REVIEW_LABELS), title: null },
      x: { field: 'count', type: 'quantitative', title: 'identities', axis: { tickMinStep: 1 } },
    },
  });
}

async function exceptionChart(site: ReportSite): Promise<string> {
  const values = countBy(
    site.report.exceptions,
    (entry) => entry.expires.slice(0, 7),
    (entry) => entry.status,
  ).map(({ keys, count }) => ({ month: keys[0], status: keys[1], count }));
  return vegaLiteSvg({
    width: 520,
    height: 140,
    data: { values },
    mark: { type: 'bar', width: { band: 0.6 } },
    encoding: {
      x: { field: 'month', type: 'ordinal', title: 'month of expiry', scale: { domain: monthsSpanning(site.report.today, values.map((value) => value.month!)) }, axis: { labelAngle: 0, labelOverlap: 'parity' } },
      y: { aggregate: 'sum', field: 'count', type: 'quantitative', title: 'exceptions', axis: { tickMinStep: 1 } },
      color: { field: 'status', type: 'nominal', title: 'Status', scale: { domain: ['in-force', 'expired', 'invalid'], range: ['#1d4ed8', '#c5221f', '#94a3b8'] } },
    },
  });
}

/** Every month (YYYY-MM) from the earliest of today and `months` to the latest, so gaps show as gaps. */
function monthsSpanning(today: string, months: readonly string[]): string[] {
  const sorted = [today.slice(0, 7), ...months].sort();
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const span: string[] = [];
  for (let i = index(sorted[0]!); i <= index(sorted.at(-1)!); i++) span.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return span;
}

function exceptionTable(site: ReportSite): string {
  const entries = site.report.exceptions;
  if (entries.length === 0) return '<p class="note">No exceptions.</p>';
  const rows = entries
    .slice(0, TABLE_ROWS)
    .map(
      (entry) =>
        `<tr><td><a href="identity/${text(entry.identity)}.html">${text(entry.identity)}</a></td><td><code>${text(entry.rule)}</code></td><td>${text(entry.approvedBy)}</td><td>${text(entry.expires)}</td><td class="state-${entry.status === 'in-force' ? (entry.daysLeft <= 30 ? 'expiring' : 'current') : entry.status}">${entry.status === 'in-force' ? `${text(entry.daysLeft)} days left` : text(entry.status)}</td></tr>`,
    )
    .join('');
  const more = entries.length > TABLE_ROWS ? `<p class="note">${entries.length - TABLE_ROWS} more exceptions expire later: sort the inventory by Exceptions to find their identities, whose pages list them.</p>` : '';
  return `<table class="compact"><thead><tr><th>Identity</th><th>Rule</th><th>Approved by</th><th>Expires</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

/** Rows shown in an overview table; the inventory holds them all. */
const TABLE_ROWS = 12;

function staticCredentialTable(site: ReportSite): string {
  const entries = site.report.staticCredentials;
  if (entries.length === 0) return '<p class="note">No identity uses static credentials.</p>';
  const rows = entries
    .slice(0, TABLE_ROWS)
    .map(
      (entry) =>
        `<tr><td><a href="identity/${text(entry.identity)}.html">${text(entry.identity)}</a></td><td>${text(entry.owner)}</td><td>${text(entry.account)}</td><td>${text(entry.kind)}${entry.rotateEvery ? ` · ${text(entry.rotateEvery)}` : ''}</td><td>${entry.exceptionExpires ? text(entry.exceptionExpires) : '<span class="state-invalid">no exception</span>'}</td></tr>`,
    )
    .join('');
  const more = entries.length > TABLE_ROWS ? `<p class="note">${entries.length - TABLE_ROWS} more: filter the inventory for “static”.</p>` : '';
  return `<table class="compact"><thead><tr><th>Identity</th><th>Owner</th><th>Account</th><th>Kind · rotation</th><th>Exception until</th></tr></thead><tbody>${rows}</tbody></table>${more}`;
}

const KINDS: readonly { kind: Control['kind']; title: string }[] = [
  { kind: 'rule', title: 'Lint rules (every pull request)' },
  { kind: 'reconcile', title: 'Reconcile checks (live AWS, daily)' },
  { kind: 'job', title: 'Scheduled jobs' },
];

function coverageMatrix(site: ReportSite): string {
  const header = `<tr><th>Framework item</th>${KINDS.map((k) => `<th>${text(k.title)}</th>`).join('')}</tr>`;
  const body = site.report.coverage
    .map((framework) => {
      const rows = framework.items.map((item) => {
        const cells = KINDS.map(({ kind }) => {
          const ids = item.controls.filter((control) => control.kind === kind).map((control) => `<code>${text(control.id.replace(/^reconcile:/, ''))}</code>`);
          return ids.length === 0 ? '<td>—</td>' : `<td class="covered">${ids.join(' ')}</td>`;
        });
        const gap = item.controls.length === 0;
        return `<tr><th scope="row">${text(item.ref.slice(item.ref.indexOf(':') + 1))} ${text(item.name)}</th>${gap ? `<td class="gap" colspan="${KINDS.length}">not covered</td>` : cells.join('')}</tr>`;
      });
      return `<tr><th colspan="${KINDS.length + 1}">${text(framework.framework)}</th></tr>${rows.join('')}`;
    })
    .join('');
  return `<table class="matrix"><thead>${header}</thead><tbody>${body}</tbody></table>`;
}
