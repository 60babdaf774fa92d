/**
 * Right-sizing across a repository: which identities can be judged (old enough, with usage
 * data), the proposal for each, and what the usage data said that matched nothing.
 */
import type { ActionExpander } from '../aws/action-patterns.js';
import { GATEHOUSE_PATH } from '../desired/index.js';
import type { AccountSpec, Catalog, SourcedIdentity } from '../model.js';
import { accountPartition, workloadKind } from '../model.js';
import { describeGrantProblem, resolveGrants } from '../resolve.js';
import { daysBetween } from '../time.js';
import { decideIdentity, type IdentityProposal } from './decide.js';
import type { IdentityUsage } from './usage.js';

export interface SkippedIdentity {
  readonly identity: string;
  readonly reason: string;
}

export interface RightsizePlan {
  readonly proposals: readonly IdentityProposal[];
  readonly skipped: readonly SkippedIdentity[];
  /** Things the user should know that change no proposal, e.g. usage data for an unknown ARN. */
  readonly notes: readonly string[];
}

export interface RightsizeOptions {
  readonly today: string;
  readonly unusedForDays: number;
  readonly narrowWildcards: boolean;
  readonly expander: ActionExpander;
}

export interface IdentityHistory {
  /** ISO date the identity's file was first committed; undefined when it is not committed (or not in git). */
  readonly firstCommitted?: string;
}

/** The ARN synth gives an identity: a role, or a user for an external workload, under Gatehouse's path. */
export function identityArn(identity: SourcedIdentity, account: AccountSpec): string {
  const type = workloadKind(identity.doc) === 'external' ? 'user' : 'role';
  return `arn:${accountPartition(account)}:iam::${account.id}:${type}${GATEHOUSE_PATH}${identity.doc.metadata.name}`;
}

export function planRightsizing(
  identities: readonly SourcedIdentity[],
  catalog: Catalog,
  usage: ReadonlyMap<string, IdentityUsage>,
  history: (file: string) => IdentityHistory,
  options: RightsizeOptions,
): RightsizePlan {
  const proposals: IdentityProposal[] = [];
  const skipped: SkippedIdentity[] = [];
  const matched = new Set<string>();
  for (const identity of [...identities].sort((a, b) => (a.doc.metadata.name < b.doc.metadata.name ? -1 : 1))) {
    const name = identity.doc.metadata.name;
    const account = catalog.accounts[identity.doc.spec.account];
    if (account === undefined) {
      skipped.push({ identity: name, reason: `account "${identity.doc.spec.account}" is not in catalog/accounts.yaml` });
      continue;
    }
    const arn = identityArn(identity, account);
    const data = usage.get(arn);
    if (data !== undefined) matched.add(arn);
    const { firstCommitted } = history(identity.file);
    if (firstCommitted === undefined) {
      skipped.push({ identity: name, reason: `${identity.file} is not committed yet, so its age is unknown; usage data cannot speak for it` });
      continue;
    }
    const age = daysBetween(firstCommitted, options.today);
    if (age < options.unusedForDays) {
      skipped.push({ identity: name, reason: `added ${firstCommitted} (${age} days ago), younger than the ${options.unusedForDays}-day window: unused access cannot be told from access not needed yet` });
      continue;
    }
    if (data === undefined) {
      skipped.push({ identity: name, reason: `no last-accessed data for ${arn}` });
      continue;
    }
    const resolved = resolveGrants(identity.doc, catalog);
    if (resolved.problems.length > 0) {
      skipped.push({ identity: name, reason: `its grants do not resolve (${describeGrantProblem(resolved.problems[0]!)}); gatehouse lint shows why` });
      continue;
    }
    proposals.push(decideIdentity({ name, file: identity.file, doc: identity.doc, statements: resolved.statements, usage: data }, options));
  }
  const notes = [...usage.keys()]
    .filter((arn) => !matched.has(arn))
    .sort()
    .map((arn) => `ignored last-accessed data for ${arn}: no identity in this repository has that ARN`);
  return { proposals, skipped, notes };
}
