/**
 * The reconcile use case: for every account (or the ones asked for), read live IAM and Secrets
 * Manager through the inventory port and compare it with the desired state synth would render.
 * An account that cannot be read is reported and the others still run; the run then says it is
 * partial, and issue syncing closes nothing (an unread account resolves nothing).
 */
import pLimit from 'p-limit';
import { RECONCILE_CHECKS, RECONCILE_KINDS, sortReconcileFindings, type ReconcileFinding, type ReconcileKind } from '../core/lifecycle/checks.js';
import { issueMarker, markedValue } from '../core/lifecycle/issue-marker.js';
import { reconcileAccount, type AccountReconcile } from '../core/lifecycle/reconcile.js';
import type { AccountRun, ReconcileRun } from '../core/lifecycle/run.js';
import { sortKnownUnmanaged } from '../core/lifecycle/unmanaged.js';
import { describeProblem, desiredState } from '../core/desired/index.js';
import type { SourcedIdentity } from '../core/model.js';
import { didYouMean } from '../core/text/suggest.js';
import { AccountUnreachableError, type AwsInventoryPort } from '../ports/aws-inventory.js';
import { catalogOnly, type FileSource } from '../ports/file-source.js';
import type { GitHubPort } from '../ports/github.js';
import { renderReconcileIssue } from '../render/reconcile-markdown.js';
import { loadRepository } from '../loader/load-repository.js';
import { accountTarget, loadGoverned } from './lifecycle-repository.js';

export type { AccountRun, ReconcileRun };

/** The request names something that does not exist (an account key); the message says what does. */
export class ReconcileInputError extends Error {}

export interface ReconcileOptions {
  readonly today: string;
  /** Account keys to read; every account of the catalog when absent. */
  readonly accounts?: readonly string[];
  /** Accounts read at the same time. */
  readonly concurrency?: number;
}

const DEFAULT_CONCURRENCY = 4;

export async function reconcile(source: FileSource, inventory: AwsInventoryPort, options: ReconcileOptions): Promise<ReconcileRun> {
  // The catalog alone (three small files) names the accounts, so AWS is read while the identity
  // files load: on a large repository the two take about as long as each other.
  const catalog = (await loadRepository(catalogOnly(source))).repository?.catalog;
  const keys = catalog === undefined ? [] : accountKeys(Object.keys(catalog.accounts), options.accounts);
  const limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  const reads = new Map(
    keys.map((key) => {
      const account = catalog!.accounts[key]!;
      const started = Date.now();
      // Settled, never rejected: a read still running when loading fails must not go unhandled.
      const read = limit(() => inventory.read(accountTarget(key, account))).then(
        (live) => ({ live, started }),
        (error: unknown) => ({ error, started }),
      );
      return [key, read] as const;
    }),
  );

  // Every file must load: a file that failed would make its live role look like a shadow identity.
  const { repository } = await loadGoverned(source, { complete: true, job: 'reconcile' });
  const catalogKeys = Object.keys(repository.catalog.accounts).sort();
  const wanted = accountKeys(catalogKeys, options.accounts);
  if (JSON.stringify(repository.catalog.accounts) !== JSON.stringify(catalog?.accounts)) {
    throw new ReconcileInputError('catalog/accounts.yaml changed while reconcile was reading it: run again');
  }
  const state = desiredState(repository, { today: options.today });
  // Each account's identity files, grouped once rather than filtered for every account.
  const byAccount = new Map<string, SourcedIdentity[]>();
  for (const identity of repository.identities) {
    const list = byAccount.get(identity.doc.spec.account);
    if (list) list.push(identity);
    else byAccount.set(identity.doc.spec.account, [identity]);
  }
  const unrenderable = new Set(state.problems.map((problem) => problem.identity).filter((name): name is string => name !== undefined));
  const notes = state.problems.map((problem) => `${problem.identity ?? problem.file} is not compared: synth cannot render it (${describeProblem(problem)})`);

  const runs = await Promise.all(
    wanted.map(async (key): Promise<{ run: AccountRun } & AccountReconcile> => {
      const account = repository.catalog.accounts[key]!;
      const read = await reads.get(key)!;
      if ('error' in read) {
        if (!(read.error instanceof AccountUnreachableError)) throw read.error;
        const run: AccountRun = { key, id: account.id, status: 'unreachable', error: read.error.message, findings: 0, millis: Date.now() - read.started };
        return { run, findings: [], knownUnmanaged: [], unmatchedExemptions: [] };
      }
      const { live } = read;
      const outcome = reconcileAccount({
        accountKey: key,
        account,
        desired: state.accounts[key]!,
        live,
        identities: byAccount.get(key) ?? [],
        unrenderable,
        policy: repository.catalog.policy,
        today: options.today,
      });
      const counts = { roles: live.roles.length, users: live.users.length, secrets: live.secrets.length };
      return { run: { key, id: account.id, status: 'read', counts, findings: outcome.findings.length, millis: Date.now() - read.started }, ...outcome };
    }),
  );
  return {
    today: options.today,
    accounts: runs.map(({ run }) => run),
    findings: sortReconcileFindings(runs.flatMap(({ findings }) => findings)),
    partial: runs.some(({ run }) => run.status === 'unreachable'),
    scoped: options.accounts !== undefined,
    notes,
    knownUnmanaged: sortKnownUnmanaged(runs.flatMap(({ knownUnmanaged }) => knownUnmanaged)),
    unmatchedExemptions: runs.flatMap(({ unmatchedExemptions }) => unmatchedExemptions),
  };
}

/** The accounts to read: all of the catalog's, or the ones asked for, each of which must exist. */
function accountKeys(catalogKeys: readonly string[], asked: readonly string[] | undefined): string[] {
  const sorted = [...catalogKeys].sort();
  for (const key of asked ?? []) {
    if (!sorted.includes(key)) throw new ReconcileInputError(`unknown account "${key}": use a key of catalog/accounts.yaml.${didYouMean(key, sorted)}`);
  }
  return asked === undefined ? sorted : sorted.filter((key) => asked.includes(key));
}

export const RECONCILE_LABEL = 'gatehouse:reconcile';
const MARKER_PREFIX = 'gatehouse:reconcile:';

export interface ReconcileIssuesOutcome {
  readonly upserted: readonly { readonly team: string; readonly kind: ReconcileKind; readonly number: number; readonly url: string; readonly created: boolean; readonly findings: number }[];
  readonly closed: readonly { readonly team: string; readonly kind: string; readonly number: number }[];
  /** Why resolved issues were left open (a partial or scoped run). */
  readonly closingSkipped?: string;
}

/**
 * One issue per owner team and finding kind, found again by its hidden marker and updated in
 * place. An issue whose team and kind have no finding any more is closed, but only after a
 * complete run: an account that was not read resolves nothing.
 */
export async function syncReconcileIssues(run: ReconcileRun, github: GitHubPort): Promise<ReconcileIssuesOutcome> {
  const groups = new Map<string, { team: string; kind: ReconcileKind; findings: ReconcileFinding[] }>();
  for (const finding of run.findings) {
    const key = `${finding.kind}:${finding.owner}`;
    const group = groups.get(key) ?? { team: finding.owner, kind: finding.kind, findings: [] };
    group.findings.push(finding);
    groups.set(key, group);
  }
  const upserted: ReconcileIssuesOutcome['upserted'][number][] = [];
  const ordered = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [key, group] of ordered) {
    const text = renderReconcileIssue(group.team, group.kind, group.findings, run);
    const ref = await github.upsertIssue({
      marker: issueMarker(MARKER_PREFIX, key),
      title: text.title,
      body: text.body,
      labels: [RECONCILE_LABEL, `gatehouse:${group.kind}`],
    });
    upserted.push({ team: group.team, kind: group.kind, number: ref.number, url: ref.url, created: ref.created, findings: group.findings.length });
  }
  if (run.partial || run.scoped) {
    const why = run.partial ? 'some accounts could not be read' : 'only some accounts were reconciled (--account)';
    return { upserted, closed: [], closingSkipped: `resolved issues were left open because ${why}` };
  }
  const closed: { team: string; kind: string; number: number }[] = [];
  for (const issue of await github.listOpenIssuesWithLabel(RECONCILE_LABEL)) {
    const key = markedValue(issue.body, MARKER_PREFIX);
    if (key === undefined || groups.has(key)) continue;
    const [kind = '', ...team] = key.split(':');
    if (!(RECONCILE_KINDS as readonly string[]).includes(kind)) continue;
    const title = RECONCILE_CHECKS[kind as ReconcileKind].title;
    await github.closeIssue(issue.number, `Resolved: the reconcile run of ${run.today} found no "${title}" finding for ${team.join(':')} in any account. Closing.`);
    closed.push({ team: team.join(':'), kind, number: issue.number });
  }
  return { upserted, closed };
}
