/**
 * The right-sizing use case: read IAM's last-accessed reports for every managed identity (live
 * through the port, or saved in a file), judge each identity's grants against the policy's
 * window, and optionally write the narrowed identity files. Writing is checked before anything
 * reaches disk: the edited repository must load, and no identity may be granted an action it
 * was not granted before. Usage data, however crafted, can only take access away.
 */
import { readFirstCommitDates } from '../adapters/git/first-commits.js';
import { spliceGrants } from '../adapters/yaml-narrow.js';
import { YamlEditError } from '../adapters/yaml-edit.js';
import type { ActionCatalog } from '../core/aws/action-catalog.js';
import { ActionExpander } from '../core/aws/action-patterns.js';
import { effectiveAccess } from '../core/aws/effective-access.js';
import type { Repository } from '../core/model.js';
import { resolveGrants } from '../core/resolve.js';
import type { IdentityProposal } from '../core/rightsize/decide.js';
import { identityArn, planRightsizing, type RightsizePlan, type SkippedIdentity } from '../core/rightsize/plan.js';
import type { IdentityUsage } from '../core/rightsize/usage.js';
import { didYouMean } from '../core/text/suggest.js';
import { durationDays } from '../core/time.js';
import { IDENTITY_DIRECTORY, loadRepository } from '../loader/load-repository.js';
import { AccountUnreachableError, type LastAccessedPort } from '../ports/aws-inventory.js';
import type { FileSource } from '../ports/file-source.js';
import pLimit from 'p-limit';
import type { CommitAuthor } from '../adapters/git/branch-commit.js';
import type { GitHubPort, PullRequest } from '../ports/github.js';
import { renderRightsizeCommitMessage, renderRightsizePullRequestBody } from '../render/rightsize.js';
import type { BranchWriter } from './expire.js';
import { proposeTeamPullRequest, teamBranch } from './team-pull-request.js';
import { accountTarget, loadGoverned, RepositoryLoadError } from './lifecycle-repository.js';

/** The request names something that does not exist (an account key); the message says what does. */
export class RightsizeInputError extends Error {}

export type UsageSource =
  | { readonly kind: 'file'; readonly usage: ReadonlyMap<string, IdentityUsage> }
  | { readonly kind: 'live'; readonly port: LastAccessedPort; readonly accounts?: readonly string[] };

export interface RightsizeOptions {
  readonly today: string;
  readonly narrowWildcards: boolean;
  readonly catalog: ActionCatalog;
  /** The Gatehouse root on disk, for the age of each identity file in git. */
  readonly directory: string;
  readonly usage: UsageSource;
  /** --write: every identity file must load. */
  readonly complete: boolean;
}

export interface RightsizeRun extends RightsizePlan {
  readonly today: string;
  readonly unusedForDays: number;
  /** Accounts whose reports could not be read: their identities are skipped. */
  readonly unreachable: readonly { readonly account: string; readonly error: string }[];
  readonly repository: Repository;
}

const ACCOUNT_CONCURRENCY = 4;

export async function rightsize(source: FileSource, options: RightsizeOptions): Promise<RightsizeRun> {
  const { repository } = await loadGoverned(source, { complete: options.complete, job: 'rightsize' });
  const unusedForDays = durationDays(repository.catalog.policy.rightsizing.unusedFor);
  const { usage, unreachable, unreadIdentities } = await readUsage(repository, options.usage);
  const firstCommits = await readFirstCommitDates(options.directory, `${IDENTITY_DIRECTORY}/`);
  const plan = planRightsizing(
    repository.identities.filter((identity) => !unreadIdentities.has(identity.doc.metadata.name)),
    repository.catalog,
    usage,
    (file) => {
      const firstCommitted = firstCommits?.get(file);
      return firstCommitted === undefined ? {} : { firstCommitted };
    },
    { today: options.today, unusedForDays, narrowWildcards: options.narrowWildcards, expander: new ActionExpander(options.catalog) },
  );
  const skippedUnread: SkippedIdentity[] = [...unreadIdentities.entries()].map(([identity, reason]) => ({ identity, reason }));
  return {
    ...plan,
    skipped: [...plan.skipped, ...skippedUnread].sort((a, b) => (a.identity < b.identity ? -1 : 1)),
    notes: firstCommits === undefined ? [`${options.directory} is not in a git repository: no identity's age is known, so all are skipped`, ...plan.notes] : plan.notes,
    today: options.today,
    unusedForDays,
    unreachable,
    repository,
  };
}

async function readUsage(repository: Repository, source: UsageSource) {
  const unreadIdentities = new Map<string, string>();
  if (source.kind === 'file') return { usage: source.usage, unreachable: [], unreadIdentities };
  const keys = Object.keys(repository.catalog.accounts).sort();
  for (const key of source.accounts ?? []) {
    if (!keys.includes(key)) throw new RightsizeInputError(`unknown account "${key}": use a key of catalog/accounts.yaml.${didYouMean(key, keys)}`);
  }
  const wanted = keys.filter((key) => source.accounts === undefined || source.accounts.includes(key));
  const usage = new Map<string, IdentityUsage>();
  const unreachable: { account: string; error: string }[] = [];
  const limit = pLimit(ACCOUNT_CONCURRENCY);
  await Promise.all(
    wanted.map((key) =>
      limit(async () => {
        const account = repository.catalog.accounts[key]!;
        const identities = repository.identities.filter((identity) => identity.doc.spec.account === key);
        if (identities.length === 0) return;
        try {
          const reports = await source.port.readLastAccessed(accountTarget(key, account), identities.map((identity) => identityArn(identity, account)));
          for (const [arn, report] of reports) usage.set(arn, report);
        } catch (error) {
          if (!(error instanceof AccountUnreachableError)) throw error;
          unreachable.push({ account: key, error: error.message });
          for (const identity of identities) unreadIdentities.set(identity.doc.metadata.name, `account ${key} could not be read: ${error.message}`);
        }
      }),
    ),
  );
  // Accounts not asked for are not judged either.
  for (const identity of repository.identities) {
    if (!wanted.includes(identity.doc.spec.account)) unreadIdentities.set(identity.doc.metadata.name, `account ${identity.doc.spec.account} was not asked for (--account)`);
  }
  return { usage, unreachable: unreachable.sort((a, b) => (a.account < b.account ? -1 : 1)), unreadIdentities };
}

export interface WrittenFile {
  readonly file: string;
  readonly identity: string;
  readonly text: string;
  /** The text the edit was made to, so a pull request never overwrites a newer base. */
  readonly original: string;
}

export interface RightsizeWrite {
  readonly files: readonly WrittenFile[];
  /** Proposals not written, and why (wholly unused identities, wildcards, partly used roles are reported only). */
  readonly notWritten: readonly { readonly identity: string; readonly reason: string }[];
}

/**
 * The narrowed identity files, checked but not yet written: the caller writes them. Refuses
 * (RepositoryLoadError, nothing written) if the edited repository does not load or would grant
 * any identity an action it does not have now.
 */
export async function narrowedFiles(source: FileSource, run: RightsizeRun, catalog: ActionCatalog): Promise<RightsizeWrite> {
  const files: WrittenFile[] = [];
  const notWritten: { identity: string; reason: string }[] = [];
  for (const proposal of run.proposals) {
    if (proposal.edits.length === 0) continue;
    if (proposal.unusedEntirely) {
      notWritten.push({ identity: proposal.identity, reason: 'none of its access was used within the window: delete the identity file (or let it expire) rather than leave it without grants' });
      continue;
    }
    files.push({ file: proposal.file, identity: proposal.identity, ...(await edited(source, proposal)) });
  }
  await checkOnlyNarrows(source, run.repository, files, catalog);
  return { files, notWritten };
}

async function edited(source: FileSource, proposal: IdentityProposal): Promise<{ text: string; original: string }> {
  const bytes = await source.read(proposal.file);
  if (bytes === undefined) throw new RepositoryLoadError(`${proposal.file} disappeared while it was being read`, []);
  const original = new TextDecoder().decode(bytes);
  try {
    return { text: spliceGrants(original, proposal.edits), original };
  } catch (error) {
    if (error instanceof YamlEditError) throw new RepositoryLoadError(`${proposal.file}: ${error.message}`, []);
    throw error;
  }
}

/** The edited repository, loaded through the real loader, must grant each identity a subset of what it had. */
async function checkOnlyNarrows(source: FileSource, before: Repository, files: readonly WrittenFile[], catalog: ActionCatalog): Promise<void> {
  if (files.length === 0) return;
  const overlay = new Map(files.map((file) => [file.file, new TextEncoder().encode(file.text)]));
  const edited: FileSource = { label: source.label, list: (directory) => source.list(directory), read: async (path) => overlay.get(path) ?? source.read(path) };
  const loaded = await loadRepository(edited);
  const broken = loaded.diagnostics.find((finding) => finding.severity === 'error' && overlay.has(finding.file));
  if (loaded.repository === undefined || broken !== undefined) {
    throw new RepositoryLoadError(`rightsize --write stopped: the edited ${broken?.file ?? 'repository'} would not load (${broken?.message ?? 'catalog'}), so nothing was written`, []);
  }
  const expander = new ActionExpander(catalog);
  const access = (repository: Repository, file: string) => {
    const identity = repository.identities.find((candidate) => candidate.file === file);
    return identity === undefined ? new Set<string>() : new Set(effectiveAccess(resolveGrants(identity.doc, repository.catalog).statements, expander).keys());
  };
  for (const file of overlay.keys()) {
    const was = access(before, file);
    const added = [...access(loaded.repository, file)].filter((action) => !was.has(action));
    if (added.length > 0) throw new RepositoryLoadError(`rightsize --write stopped: the edit of ${file} would grant ${added.slice(0, 3).join(', ')}, which it does not have now; nothing was written`, []);
  }
}

// ---- --open-pr ---------------------------------------------------------------------------------

export const RIGHTSIZE_BRANCH_PREFIX = 'gatehouse/rightsize/';
export const RIGHTSIZE_COMMENT_MARKER = '<!-- gatehouse:rightsize -->';

export interface RightsizePullRequestOptions {
  readonly directory: string;
  readonly remote: string;
  readonly base: string;
  readonly author: CommitAuthor;
  /** GitHub organisation of the repository: only its teams can be asked to review. */
  readonly organisation: string;
  readonly runUrl?: string;
}

export interface TeamPullRequest {
  readonly team: string;
  readonly action: 'opened' | 'updated' | 'unchanged' | 'already-applied';
  readonly pullRequest?: PullRequest;
  readonly identities: readonly string[];
  /** Files not proposed because the base changed them since this run read them. */
  readonly stale: readonly string[];
  readonly reviewRequestError?: string;
}

/** The branch of one owner team: `@acme/payments` → `gatehouse/rightsize/acme-payments`. */
export function rightsizeBranch(team: string): string {
  return teamBranch(RIGHTSIZE_BRANCH_PREFIX, team);
}

/**
 * One pull request per owner team with its narrowed identity files, reusing the team's open one;
 * the owner team is asked to review, and the body carries the evidence (last-access dates, the
 * window, when IAM produced the report).
 */
export async function openRightsizePullRequests(
  run: RightsizeRun,
  written: RightsizeWrite,
  options: RightsizePullRequestOptions,
  ports: { readonly github: GitHubPort; readonly writeBranch: BranchWriter },
): Promise<TeamPullRequest[]> {
  const ownerOf = new Map(run.repository.identities.map((identity) => [identity.doc.metadata.name, identity.doc.metadata.owner ?? run.repository.catalog.policy.securityTeam]));
  const byTeam = new Map<string, WrittenFile[]>();
  for (const file of written.files) {
    const team = ownerOf.get(file.identity) ?? run.repository.catalog.policy.securityTeam;
    byTeam.set(team, [...(byTeam.get(team) ?? []), file]);
  }
  const outcomes: TeamPullRequest[] = [];
  for (const [team, files] of [...byTeam.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const branch = rightsizeBranch(team);
    const proposals = run.proposals.filter((proposal) => files.some((file) => file.identity === proposal.identity));
    const evidence = { today: run.today, unusedForDays: run.unusedForDays, proposals, ...(options.runUrl === undefined ? {} : { runUrl: options.runUrl }) };
    const result = await ports.writeBranch({
      directory: options.directory,
      remote: options.remote,
      base: options.base,
      branch,
      write: files.map((file) => ({ path: file.file, text: file.text, expected: file.original })),
      message: renderRightsizeCommitMessage(team, evidence),
      author: options.author,
    });
    const identities = proposals.map((proposal) => proposal.identity);
    const stale = [...result.skipped];
    if (!result.changed) {
      outcomes.push({ team, action: 'already-applied', identities, stale });
      continue;
    }
    const body = renderRightsizePullRequestBody(team, evidence);
    const { action, pullRequest, reviewRequestError } = await proposeTeamPullRequest(ports.github, {
      team,
      branch,
      base: options.base,
      title: `Right-size ${identities.length === 1 ? identities[0] : `${identities.length} identities`} of ${team} from usage`,
      body,
      pushed: result.pushed,
      commentMarker: RIGHTSIZE_COMMENT_MARKER,
      updateComment: `${RIGHTSIZE_COMMENT_MARKER}\nRebuilt on ${run.today}.\n\n${body}`,
      organisation: options.organisation,
    });
    outcomes.push({ team, action, pullRequest, identities, stale, ...(reviewRequestError === undefined ? {} : { reviewRequestError }) });
  }
  return outcomes;
}
