/** "Since last period" on index.html at the size of a catalog edit: long lists are cut, say so, and say where the rest are. */
import { describe, expect, it } from 'vitest';
import type { PeriodChanges, ReportSite } from '../../src/core/lifecycle/report-site.js';
import { renderSince, SINCE_NAMES } from '../../src/render/report-html/since.js';

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);

function since(changes: Omit<PeriodChanges, 'base'>): string {
  // renderSince reads only the period comparison of the site.
  return renderSince({ since: { base: { ref: 'main~30', commit: 'a'.repeat(40) }, ...changes } } as unknown as ReportSite);
}

describe('since last period, with more changes than a page should list', () => {
  const added = names('added', SINCE_NAMES + 50);
  const changed = names('changed', SINCE_NAMES + 1);
  const riskChanged = names('risky', SINCE_NAMES + 7).map((name) => ({ name, from: 'low', to: 'high' }));
  const removed = names('removed', SINCE_NAMES + 30).map((name) => ({ name, owner: '@acme/x', account: 'acme-dev', tier: 'low' }));
  const html = since({ added, changed, riskChanged, removed });

  it('links the first names of each list, gives every total, and names the inventory filter that shows the rest', () => {
    expect(html).toContain(`${added.length} added, ${removed.length} removed, ${riskChanged.length} changed in risk, ${changed.length} changed otherwise`);
    expect(html.match(/href="identity\/added-/g)).toHaveLength(SINCE_NAMES);
    expect(html.match(/href="identity\/changed-/g)).toHaveLength(SINCE_NAMES);
    expect(html.match(/href="identity\/risky-/g)).toHaveLength(SINCE_NAMES);
    expect(html).toContain(`${SINCE_NAMES} of ${added.length} shown; filter the inventory for “added”`);
    expect(html).toContain(`${SINCE_NAMES} of ${changed.length} shown; filter the inventory for “changed”`);
    expect(html).toContain(`${SINCE_NAMES} of ${riskChanged.length} shown; filter the inventory for “risk”`);
  });

  it('lists every removed identity: they are in no inventory to filter', () => {
    for (const { name } of removed) expect(html).toContain(`<td>${name}</td>`);
  });

  it('says nothing about a cut when a list fits', () => {
    const small = since({ added: names('added', 3), changed: [], riskChanged: [], removed: [] });
    expect(small).not.toContain('shown; filter');
    expect(small.match(/href="identity\/added-/g)).toHaveLength(3);
  });
});
