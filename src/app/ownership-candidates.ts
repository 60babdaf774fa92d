/**
 * Which base identity files can matter to the ownership questions of a change, found by a text
 * search (git grep) so that plan does not parse ten thousand files to ask about a few. The search
 * only narrows what is read: every file it selects is loaded and judged by the real loader and
 * the approval rules, and it errs towards selecting too much.
 *
 * A base file can matter when it may:
 * - be bound to the same workload as a changed identity: its text holds the longest literal run
 *   of that workload's most specific value (service account, repository, account id, system), or
 *   a workload value with a wildcard, an alias or an anchor;
 * - declare a secret, when a changed identity may reach Secrets Manager or declares secrets itself;
 * - sit in an account the change removes or renumbers: its text names the account key;
 * - hide any of this behind YAML escapes, anchors or tags: a backslash, `&` or `!` selects it.
 *
 * The search reasons about changed identity files only: a catalog edit, which can change any
 * identity's access and any cluster's issuer, reads the whole base instead (plan.ts).
 */
import { parseActionPattern } from '../core/aws/action-patterns.js';
import { globsMeet } from '../core/text/globs-meet.js';
import type { AccountSpec, Catalog, SourcedIdentity } from '../core/model.js';
import { resolveGrants } from '../core/resolve.js';

export interface CandidateSearch {
  readonly literals: readonly string[];
  readonly regexes: readonly string[];
}

/**
 * One text search, and the owner whose own files it may skip: the requirements never ask a team
 * about its own identities' workloads and secrets. A file is skipped only when it has the owner
 * line `  owner: <team>` (two spaces, as metadata.owner is written; strict schemas and the ban on
 * duplicate keys leave no other key of that name at that depth in a file that loads).
 */
export interface OwnerSearch extends CandidateSearch {
  readonly skipOwner?: string;
}

const WORKLOAD_KEYS = 'cluster|namespace|serviceAccount|repo|environment|ref|accountId|externalId|system';
/** A workload value (block or flow style) holding a wildcard or an alias. git grep matches line by line. */
const WILDCARD_WORKLOAD_VALUE = `(${WORKLOAD_KEYS})["']?[[:space:]]*:[[:space:]]*[^,}]*[*?]`;
/** A workload key whose value is not on its line (on the next one, or a block scalar): its text is unknown here. */
const DEFERRED_WORKLOAD_VALUE = `(${WORKLOAD_KEYS})["']?[[:space:]]*:[[:space:]]*([|>][^,}]*)?$`;
const DECLARES_SECRETS = `(secrets|external)["']?[[:space:]]*:`;
const YAML_INDIRECTION = ['\\', '&', '!'];

export function ownershipSearch(
  changed: readonly SourcedIdentity[],
  before: readonly SourcedIdentity[],
  headCatalog: Catalog,
  baseAccounts: Readonly<Record<string, AccountSpec>>,
): OwnerSearch[] {
  const byOwner = new Map<string, { owner: string | undefined; literals: Set<string>; regexes: Set<string> }>();
  const group = (owner: string | undefined) => {
    const key = owner?.trim().toLowerCase() ?? '';
    let entry = byOwner.get(key);
    if (!entry) byOwner.set(key, (entry = { owner: owner?.trim() || undefined, literals: new Set(), regexes: new Set() }));
    return entry;
  };
  const previous = new Map(before.map(({ doc }) => [doc.metadata.name, doc]));
  for (const { doc } of changed) {
    const old = previous.get(doc.metadata.name);
    const { literals, regexes } = group(doc.metadata.owner);
    // The requirements ask about a workload only when its binding or its owner is new.
    const sameBinding = old !== undefined && old.metadata.owner === doc.metadata.owner && old.spec.account === doc.spec.account && JSON.stringify(old.spec.workload) === JSON.stringify(doc.spec.workload);
    const value = sameBinding ? undefined : selectiveValue(doc.spec.workload);
    if (value !== undefined) {
      const run = longestLiteral(value);
      if (run === '') regexes.add(`(${WORKLOAD_KEYS})["']?[[:space:]]*:`);
      else literals.add(run);
      regexes.add(WILDCARD_WORKLOAD_VALUE);
      regexes.add(DEFERRED_WORKLOAD_VALUE);
    }
    if (maySecrets(doc, headCatalog)) regexes.add(DECLARES_SECRETS);
  }
  // An account the change removes or renumbers strands every identity in it, whoever owns it.
  const stranded = group(undefined);
  for (const [key, account] of Object.entries(baseAccounts)) {
    if (headCatalog.accounts[key]?.id !== account.id) stranded.literals.add(key);
  }
  return [...byOwner.values()]
    .filter((entry) => entry.literals.size > 0 || entry.regexes.size > 0)
    .map((entry) => ({ literals: [...entry.literals, ...YAML_INDIRECTION], regexes: [...entry.regexes], ...(entry.owner ? { skipOwner: entry.owner } : {}) }));
}

/** The owner line of a team, as a case-insensitive extended regex for git grep. */
export function ownerLine(team: string): string {
  const escaped = team.replace(/[.[\]{}()*+?^$|\\]/g, '\\$&');
  return `^  owner:[[:space:]]*["']?${escaped}["']?[[:space:]]*$`;
}

/**
 * Whether a line git grep matched is the team's owner line: the same shape as ownerLine, never
 * broader (ASCII spaces and ASCII case only), so a file it calls the team's is one git called so;
 * one it doubts is read, which only costs a parse.
 */
export function isOwnerLine(team: string): (line: string) => boolean {
  const escaped = asciiLower(team).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = new RegExp(`^  owner:[ \\t\\n\\v\\f\\r]*["']?${escaped}["']?[ \\t\\n\\v\\f\\r]*$`);
  return (line) => pattern.test(asciiLower(line));
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** The most specific value of a workload: what two identities bound to it must share. */
function selectiveValue(workload: SourcedIdentity['doc']['spec']['workload']): string | undefined {
  if (workload.eks) return workload.eks.serviceAccount;
  if (workload.githubActions) return workload.githubActions.repo;
  if (workload.crossAccount) return workload.crossAccount.accountId;
  if (workload.external) return workload.external.system;
  return undefined;
}

function longestLiteral(pattern: string): string {
  return pattern.split(/[*?]/).reduce((longest, run) => (run.length > longest.length ? run : longest), '');
}

/** Whether the identity declares secrets or may be allowed any Secrets Manager action. */
function maySecrets(doc: SourcedIdentity['doc'], catalog: Catalog): boolean {
  if (doc.spec.secrets.length > 0 || doc.spec.workload.external) return true;
  return resolveGrants(doc, catalog).statements.some(
    (statement) =>
      statement.effect === 'Allow' &&
      (statement.notActions !== undefined || (statement.actions ?? []).some((action) => globsMeet(parseActionPattern(action)?.service ?? '*', 'secretsmanager'))),
  );
}
