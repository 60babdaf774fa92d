/** "Since last period": what `--base REF` shows was added, removed, or changed in risk. */
import type { ReportSite } from '../../core/lifecycle/report-site.js';
import { text } from './escape.js';

const identityLink = (name: string) => `<a href="identity/${text(name)}.html">${text(name)}</a>`;
const tier = (value: string | undefined) => (value ? `<span class="badge tier-${text(value)}">${text(value)}</span>` : '—');

/**
 * Names listed per group before the rest is counted: a catalog edit can change every identity,
 * and 50,000 links would make index.html slow to open. The rest are in the inventory, whose
 * "Since base" column the filter matches ("added", "risk up", "changed"). Removed identities are
 * in no inventory, so they are always listed in full.
 */
export const SINCE_NAMES = 200;

function more(total: number, filter: string): string {
  return total > SINCE_NAMES ? `<p class="note">${SINCE_NAMES} of ${total} shown; filter the inventory for “${text(filter)}” to see them all.</p>` : '';
}

export function renderSince(site: ReportSite): string {
  const since = site.since;
  if (!since) return '';
  const riskRows = since.riskChanged.slice(0, SINCE_NAMES).map((entry) => `<tr><td>${identityLink(entry.name)}</td><td>${tier(entry.from)} → ${tier(entry.to)}</td></tr>`).join('');
  const removedRows = since.removed.map((entry) => `<tr><td>${text(entry.name)}</td><td>${text(entry.owner)}</td><td>${text(entry.account)}</td><td>${tier(entry.tier)}</td></tr>`).join('');
  const names = (list: readonly string[], filter: string) => (list.length === 0 ? '<p class="note">None.</p>' : `<p>${list.slice(0, SINCE_NAMES).map(identityLink).join(', ')}</p>${more(list.length, filter)}`);
  return [
    '<section id="since" aria-labelledby="since-title">',
    '<h2 id="since-title">Since last period</h2>',
    `<p class="lead">Compared with <code>${text(since.base.ref)}</code> (${text(since.base.commit.slice(0, 12))}): ${since.added.length} added, ${since.removed.length} removed, ${since.riskChanged.length} changed in risk, ${since.changed.length} changed otherwise.</p>`,
    '<div class="grid">',
    `<div class="card"><h3>Added (${since.added.length})</h3>${names(since.added, 'added')}</div>`,
    `<div class="card"><h3>Removed (${since.removed.length})</h3>${removedRows ? `<table><thead><tr><th>Identity</th><th>Owner</th><th>Account</th><th>Risk then</th></tr></thead><tbody>${removedRows}</tbody></table>` : '<p class="note">None.</p>'}</div>`,
    `<div class="card"><h3>Changed in risk (${since.riskChanged.length})</h3>${riskRows ? `<table><thead><tr><th>Identity</th><th>Tier</th></tr></thead><tbody>${riskRows}</tbody></table>${more(since.riskChanged.length, 'risk')}` : '<p class="note">None.</p>'}</div>`,
    `<div class="card"><h3>Changed, same risk (${since.changed.length})</h3>${names(since.changed, 'changed')}</div>`,
    '</div>',
    '</section>',
  ].join('\n');
}
