/** The auditor report use cases: load the repository, score each identity, build the report (and the site's model). */
import { createHash } from 'node:crypto';
import { readFileChanges, type FileChange } from '../adapters/git/file-changes.js';
import { GitReadError, openGitRepository } from '../adapters/git/git-repository.js';
import type { ActionCatalog } from '../core/aws/action-catalog.js';
import { ActionExpander } from '../core/aws/action-patterns.js';
import { effectiveAccess } from '../core/aws/effective-access.js';
import { buildReport, type AuditReport, type RiskOf } from '../core/lifecycle/report.js';
import { buildReportSite, type BaseIdentity, type ChangeRecord, type ReportSite } from '../core/lifecycle/report-site.js';
import type { Repository, SourcedIdentity } from '../core/model.js';
import { resolveGrants } from '../core/resolve.js';
import { ALL_RULE_META } from '../core/rules/index.js';
import { assessIdentity } from '../core/risk/score.js';
import { IDENTITY_DIRECTORY } from '../loader/load-repository.js';
import type { FileSource } from '../ports/file-source.js';
import { usageShareByTeam } from '../core/rightsize/share.js';
import type { IdentityUsage } from '../core/rightsize/usage.js';
import { loadGoverned, type GovernedRepository } from './lifecycle-repository.js';
import { checkLoaded } from './lint.js';
import { pullRequestNumberInMessage } from './provenance.js';
import { rightsize } from './rightsize.js';

interface ReportContext {
  readonly today: string;
  readonly catalog: ActionCatalog;
}

export interface ReportUsage {
  /** Saved last-accessed reports by ARN (`--access-data`). */
  readonly usage: ReadonlyMap<string, IdentityUsage>;
  /** The Gatehouse root on disk, for each identity's age in git. */
  readonly directory: string;
}

export async function auditReport(source: FileSource, options: ReportContext & { readonly usage?: ReportUsage }): Promise<AuditReport> {
  const governed = await loadGoverned(source, { complete: false, job: 'report' });
  const report = reportOf(governed, options);
  if (options.usage === undefined) return report;
  // The same judgement as `gatehouse rightsize`, counted per owner team.
  const run = await rightsize(source, { today: options.today, narrowWildcards: false, catalog: options.catalog, directory: options.usage.directory, usage: { kind: 'file', usage: options.usage.usage }, complete: false });
  const owners = new Map(governed.repository.identities.map((identity) => [identity.doc.metadata.name, identity.doc.metadata.owner?.trim() || '(no owner)']));
  return { ...report, usageByTeam: usageShareByTeam(run.proposals, (name) => owners.get(name) ?? '(no owner)') };
}

function reportOf({ repository, problems }: GovernedRepository, options: ReportContext): AuditReport {
  return buildReport(repository, {
    today: options.today,
    rules: ALL_RULE_META,
    riskOf: riskModel(repository, options),
    unreadableFiles: [...new Set(problems.map((problem) => problem.file))].sort(),
  });
}

/** The pull request flow's risk model, applied to each identity as it stands. */
function riskModel(repository: Repository, options: ReportContext): RiskOf {
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

export interface SiteOptions extends ReportContext {
  /** The Gatehouse root on disk: its git history gives each identity's provenance. */
  readonly directory: string;
  /** A git ref of the previous period: the site marks what was added, removed or changed in risk since. */
  readonly base?: string;
  /** Web address of the repository, for commit and pull request links. */
  readonly repositoryUrl?: string;
}

/** Changes shown per identity on its page. */
const HISTORY_PER_IDENTITY = 10;

/** The report site's model: the audit report, per-identity details, and the period comparison. */
export async function reportSite(source: FileSource, options: SiteOptions): Promise<ReportSite> {
  const history = readFileChanges(options.directory, `${IDENTITY_DIRECTORY}/`, HISTORY_PER_IDENTITY);
  const head = headCommit(options.directory);
  // The base period first, kept as rows and fingerprints only: its repository is gone before the head's loads, so the two are never in memory together.
  const base = options.base === undefined ? undefined : await basePeriod(options.directory, options.base, options);
  const governed = await loadGoverned(source, { complete: false, job: 'report' });
  const { repository } = governed;
  const report = reportOf(governed, options);
  const { findings } = checkLoaded(governed.loaded, { today: options.today, catalog: options.catalog, mode: 'lint' });
  const fingerprint = fingerprintIn(repository);
  const changes = await history;
  const records = new Map([...changes].map(([file, list]) => [file, list.map((change) => changeRecord(change, options.repositoryUrl))]));
  return buildReportSite({
    report,
    repository,
    findings,
    history: records,
    fingerprint,
    ...(base ? { base } : {}),
    source: { ...((await head) ? { commit: (await head)! } : {}), ...(options.repositoryUrl ? { repositoryUrl: options.repositoryUrl } : {}) },
  });
}

/** The commit the report describes; undefined outside git or before the first commit. */
async function headCommit(directory: string): Promise<string | undefined> {
  try {
    return await (await openGitRepository(directory)).resolveCommit('HEAD');
  } catch (error) {
    if (error instanceof GitReadError) return undefined;
    throw error;
  }
}

function changeRecord(change: FileChange, repositoryUrl: string | undefined): ChangeRecord {
  const number = pullRequestNumberInMessage(change.subject);
  const link = number === undefined ? undefined : repositoryUrl ? `${repositoryUrl}/pull/${number}` : `#${number}`;
  return { ...change, ...(link ? { change: link } : {}) };
}

/**
 * What an identity is, for "changed since": its file as parsed and the statements its grants
 * expand to (a catalog edit changes those). A digest, not the JSON itself: only equality is asked,
 * and 50,000 identities' JSON would be held for the whole run.
 */
function fingerprintIn(repository: Repository): (identity: SourcedIdentity) => string {
  return (identity) => createHash('sha256').update(JSON.stringify([identity.doc, resolveGrants(identity.doc, repository.catalog).statements])).digest('base64');
}

/** The previous period, read from git at `ref` without touching the working tree. */
async function basePeriod(directory: string, ref: string, options: SiteOptions): Promise<{ ref: string; commit: string; identities: BaseIdentity[] }> {
  const git = await openGitRepository(directory);
  const commit = await git.resolveCommit(ref);
  const tree = git.tree(commit, ref);
  try {
    const governed = await loadGoverned(tree, { complete: false, job: `report --base ${ref}` });
    const report = reportOf(governed, options);
    const fingerprint = fingerprintIn(governed.repository);
    const byName = new Map(governed.repository.identities.map((identity) => [identity.doc.metadata.name, identity]));
    return { ref, commit, identities: report.identities.map((row) => ({ row, fingerprint: fingerprint(byName.get(row.name)!) })) };
  } finally {
    tree.close();
  }
}
