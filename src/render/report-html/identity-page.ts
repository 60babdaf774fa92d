/** One page per identity: what it is, what it may do (grants expanded from catalog roles), what lint found, who may assume it, and its history. */
import type { DetailStatement, IdentityDetail, ReportSite } from '../../core/lifecycle/report-site.js';
import { json, link, text } from './escape.js';

export function identityPageBody(detail: IdentityDetail, site: ReportSite): string {
  const { row } = detail;
  const badges = [
    row.risk ? `<span class="badge tier-${text(row.risk.tier)}">${text(row.risk.tier)} risk · ${text(row.risk.score)}</span>` : '',
    `<span class="badge env-${text(row.environment ?? 'unknown')}">${text(row.environment ?? 'unknown')}</span>`,
    detail.escalation ? '<span class="badge tier-critical">escalation path</span>' : '',
    detail.crossAccount ? '<span class="badge tier-high">cross-account</span>' : '',
    row.staticCredentials ? '<span class="badge tier-high">static credentials</span>' : '',
    detail.change ? `<span class="badge change-${detail.change}">${text(detail.change.replace('-', ' '))} since ${text(site.since?.base.ref ?? '')}</span>` : '',
  ].filter(Boolean);
  const facts: [string, string][] = [
    ['Owner', text(row.owner)],
    ['Account', text(row.account)],
    ['Workload', `<span class="mono">${text(detail.workloadSource)}</span>`],
    ['Data classification', text(row.dataClassification)],
    ['Session', detail.sessionHours === undefined ? '—' : `${text(detail.sessionHours)} h`],
    ['Expires', text(row.expires ?? 'no expiry')],
    ['Last review', text(detail.lastReview ?? 'never')],
    ['Review due', `${text(row.reviewDue ?? '—')} <span class="state-${detail.reviewState}">${text(detail.reviewState.replace('-', ' '))}</span>`],
    ['Ticket', text(detail.ticket ?? '—')],
    ['File', `<code>${text(row.file)}</code>`],
    ['Services', detail.services.length === 0 ? '—' : detail.services.map((s) => `<code>${text(s)}</code>`).join(' ')],
  ];
  return [
    `<p><a href="../index.html#inventory">← Inventory</a></p>`,
    `<h1>${text(row.name)}</h1>`,
    `<p>${badges.join(' ')}</p>`,
    detail.description ? `<p class="lead desc">${text(detail.description)}</p>` : '<p class="lead">No description.</p>',
    `<div class="card facts-card"><dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl></div>`,
    section('Grants', 'grants', grants(detail)),
    section('Findings', 'findings', findings(detail)),
    // An external workload has no trust policy by design (it is an IAM user); anything else without one is a problem.
    section('Trust', 'trust', detail.trust.ok ? `<pre>${json(detail.trust.policy)}</pre>` : `<p class="${row.workload === 'external' ? 'note' : 'state-invalid'}">${text(detail.trust.message)}</p>`),
    section('Exceptions', 'exceptions', exceptions(detail)),
    section('Provenance', 'provenance', history(detail)),
  ].join('\n');
}

function section(title: string, id: string, body: string): string {
  return `<section id="${id}"><h2>${title}</h2><div class="card">${body}</div></section>`;
}

function list(values: readonly string[]): string {
  return values.length === 0 ? '—' : values.map((value) => `<code>${text(value)}</code>`).join('<br>');
}

function grants(detail: IdentityDetail): string {
  const problems = detail.grantProblems.map((problem) => `<p class="state-invalid">${text(problem)}</p>`).join('');
  if (detail.statements.length === 0) return `${problems}<p class="note">No grants.</p>`;
  const rows = detail.statements.map((statement: DetailStatement) => {
    const actions = statement.notActions.length > 0 ? `<em>all except</em><br>${list(statement.notActions)}` : list(statement.actions);
    const conditions = statement.conditions ? `<pre>${json(statement.conditions)}</pre>` : '—';
    return `<tr><td>${statement.role ? `role <code>${text(statement.role)}</code>` : 'ad-hoc statement'}</td><td>${text(statement.effect)}</td><td>${actions}</td><td>${list(statement.resources)}</td><td>${conditions}</td></tr>`;
  });
  return `${problems}<table><thead><tr><th>From</th><th>Effect</th><th>Actions</th><th>Resources</th><th>Conditions</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function findings(detail: IdentityDetail): string {
  if (detail.findings.length === 0) return '<p class="note">Lint finds nothing on this identity.</p>';
  const rows = detail.findings.map(
    (finding) =>
      `<tr><td class="sev-${finding.severity}">${finding.severity}</td><td><code>${text(finding.ruleId)}</code></td><td>${text(finding.message)}${finding.fix ? `<br><span class="note">Fix: ${text(finding.fix)}</span>` : ''}</td><td class="num">${text(finding.line ?? '')}</td></tr>`,
  );
  return `<table><thead><tr><th>Severity</th><th>Rule</th><th>Finding</th><th class="num">Line</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function exceptions(detail: IdentityDetail): string {
  if (detail.exceptions.length === 0) return '<p class="note">No exceptions.</p>';
  const rows = detail.exceptions.map((e) => `<tr><td><code>${text(e.rule)}</code></td><td>${text(e.approvedBy)}</td><td>${text(e.expires)}</td><td class="desc">${text(e.reason)}</td></tr>`);
  return `<table><thead><tr><th>Rule</th><th>Approved by</th><th>Expires</th><th>Reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function history(detail: IdentityDetail): string {
  if (detail.history.length === 0) return '<p class="note">No git history: the report was built outside a git work tree, or the file is not committed.</p>';
  const rows = detail.history.map(
    (change) => `<tr><td class="date">${text(change.date)}</td><td class="mono">${text(change.commit.slice(0, 12))}</td><td>${text(change.subject)}</td><td>${change.change ? pullRequestLink(change.change) : '—'}</td></tr>`,
  );
  return `<table><thead><tr><th>Date</th><th>Commit</th><th>Change</th><th>Pull request</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** `#12`, linked to the pull request when its URL is known (`change` is a URL or `#12`). */
export function pullRequestLink(change: string): string {
  return link(change, pullRequestLabel(change));
}

/** `#12` from a pull request URL or `#12`. */
export function pullRequestLabel(change: string): string {
  return change.startsWith('#') ? change : `#${change.slice(change.lastIndexOf('/') + 1)}`;
}
