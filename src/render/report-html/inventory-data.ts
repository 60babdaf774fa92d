/**
 * The inventory as data for index.html's script: one compact array per identity, every repeated
 * string (owner, account, environment, workload, tier, review state, change) stored once and
 * referred to by number. At 50,000 identities this is a few megabytes where the same rows as
 * table markup were 25 MB, and the browser builds table rows only for the page it shows.
 *
 * Field order of a row (INVENTORY_SCRIPT reads the same order):
 *   0 name · 1 owner · 2 account · 3 environment · 4 workload · 5 static credentials (1/0)
 *   6 risk tier · 7 risk score · 8 expires · 9 last review · 10 review state
 *   11 exceptions · 12 findings · 13 error findings · 14 last change · 15 since base
 * Fields 1–4, 6, 10 and 15 are indexes into `strings`; 14 an index into `changes`; -1 or null
 * stands for "none".
 */
import type { IdentityDetail, ReportSite } from '../../core/lifecycle/report-site.js';
import { safeHref } from './escape.js';
import { pullRequestLabel } from './identity-page.js';

/** `[commit (8), date, subject, pull request label, pull request link or null]`. */
type ChangeCell = [string, string, string, string | null, string | null];

export interface InventoryData {
  readonly strings: readonly string[];
  readonly changes: readonly ChangeCell[];
  readonly rows: readonly (string | number | null)[][];
}

export function inventoryData(site: ReportSite): InventoryData {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const intern = (value: string | undefined): number => {
    if (value === undefined) return -1;
    let index = stringIndex.get(value);
    if (index === undefined) {
      index = strings.push(value) - 1;
      stringIndex.set(value, index);
    }
    return index;
  };
  const changes: ChangeCell[] = [];
  const changeIndex = new Map<string, number>();
  const changeOf = (detail: IdentityDetail): number => {
    const last = detail.history[0];
    if (last === undefined) return -1;
    // One commit usually changes many files: stored once, referred to by each.
    const cell: ChangeCell = [last.commit.slice(0, 8), last.date, last.subject, last.change ? pullRequestLabel(last.change) : null, safeHref(last.change) ?? null];
    const key = JSON.stringify(cell);
    let index = changeIndex.get(key);
    if (index === undefined) {
      index = changes.push(cell) - 1;
      changeIndex.set(key, index);
    }
    return index;
  };
  const rows = site.details.map((detail) => {
    const { row } = detail;
    return [
      row.name,
      intern(row.owner),
      intern(row.account),
      intern(row.environment ?? 'unknown'),
      intern(row.workload),
      row.staticCredentials ? 1 : 0,
      intern(row.risk?.tier),
      row.risk?.score ?? null,
      row.expires ?? null,
      detail.lastReview ?? null,
      intern(detail.reviewState),
      detail.exceptions.length,
      detail.findings.length,
      detail.findings.filter((finding) => finding.severity === 'error').length,
      changeOf(detail),
      intern(detail.change),
    ];
  });
  return { strings, changes, rows };
}

/** JSON that is safe inside `<script type="application/json">`: no `<` can close the element. */
export function jsonScriptContent(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
