/** The auditor report use case: load the repository, score each identity, build the report. */
import type { ActionCatalog } from '../core/aws/action-catalog.js';
import { ActionExpander } from '../core/aws/action-patterns.js';
import { effectiveAccess } from '../core/aws/effective-access.js';
import { buildReport, type AuditReport, type RiskOf } from '../core/lifecycle/report.js';
import type { Repository } from '../core/model.js';
import { resolveGrants } from '../core/resolve.js';
import { ALL_RULE_META } from '../core/rules/index.js';
import { assessIdentity } from '../core/risk/score.js';
import type { FileSource } from '../ports/file-source.js';
import { usageShareByTeam } from '../core/rightsize/share.js';
import type { IdentityUsage } from '../core/rightsize/usage.js';
import { loadGoverned } from './lifecycle-repository.js';
import { rightsize } from './rightsize.js';

export interface ReportUsage {
  /** Saved last-accessed reports by ARN (`--access-data`). */
  readonly usage: ReadonlyMap<string, IdentityUsage>;
  /** The Gatehouse root on disk, for each identity's age in git. */
  readonly directory: string;
}

export async function auditReport(source: FileSource, options: { today: string; catalog: ActionCatalog; usage?: ReportUsage }): Promise<AuditReport> {
  const { repository, problems } = await loadGoverned(source, { complete: false, job: 'report' });
  const report = buildReport(repository, {
    today: options.today,
    rules: ALL_RULE_META,
    riskOf: riskModel(repository, options),
    unreadableFiles: [...new Set(problems.map((problem) => problem.file))].sort(),
  });
  if (options.usage === undefined) return report;
  // The same judgement as `gatehouse rightsize`, counted per owner team.
  const run = await rightsize(source, { today: options.today, narrowWildcards: false, catalog: options.catalog, directory: options.usage.directory, usage: { kind: 'file', usage: options.usage.usage }, complete: false });
  const owners = new Map(repository.identities.map((identity) => [identity.doc.metadata.name, identity.doc.metadata.owner?.trim() || '(no owner)']));
  return { ...report, usageByTeam: usageShareByTeam(run.proposals, (name) => owners.get(name) ?? '(no owner)') };
}

/** The pull request flow's risk model, applied to each identity as it stands. */
function riskModel(repository: Repository, options: { today: string; catalog: ActionCatalog }): RiskOf {
  const expander = new ActionExpander(options.catalog);
  return ({ doc }) => {
    const statements = resolveGrants(doc, repository.catalog).statements;
    const assessment = assessIdentity(
      { doc, statements, access: effectiveAccess(statements, expander), environment: repository.catalog.accounts[doc.spec.account]?.environment },
      options.today,
    );
    return { tier: assessment.tier, score: assessment.score };
  };
}
