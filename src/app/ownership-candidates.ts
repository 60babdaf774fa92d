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
 * The search reasons about the identities the change may change: the changed files, and for a
 * role edit the files that name an edited role (role-edit-scope.ts), whose access the edit may
 * widen to another team's secrets. An account edit, which can change any identity in it and any
 * cluster's issuer, reads the whole base instead (plan.ts).
 */
import { parseActionPattern } from '../core/aws/action-patterns.js';
import { globsMeet } from '../core/text/globs-meet.js';
import { catalogEditedKeys } from '../core/diff/access-diff.js';
import { canonicalJson } from '../core/diff/canonical.js';
import type { AccountSpec, Catalog, CatalogRoleSpec, IdentityDocument, Repository, SourcedIdentity } from '../core/model.js';
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
/** A backslash escape, an anchor (every alias needs one in its file) or a tag: text the file does not spell out. */
export const YAML_INDIRECTION = ['\\', '&', '!'];

export interface OwnershipSearchInput {
  /** The head identities the change may change: its changed files and a role edit's holders. */
  readonly changed: readonly SourcedIdentity[];
  /** Where the change starts (the merge base). A file the change left alone is the same parsed identity on both sides. */
  readonly before: Repository;
  readonly headCatalog: Catalog;
  /** The base tip's accounts: the requirements read its ARNs and issuers from them. */
  readonly baseTipAccounts: Readonly<Record<string, AccountSpec>>;
}

export function ownershipSearch({ changed, before, headCatalog, baseTipAccounts }: OwnershipSearchInput): OwnerSearch[] {
  const byOwner = new Map<string, { owner: string | undefined; literals: Set<string>; regexes: Set<string> }>();
  const group = (owner: string | undefined) => {
    const key = owner?.trim().toLowerCase() ?? '';
    let entry = byOwner.get(key);
    if (!entry) byOwner.set(key, (entry = { owner: owner?.trim() || undefined, literals: new Set(), regexes: new Set() }));
    return entry;
  };
  const edited = catalogEditedKeys(before.catalog, headCatalog);
  const editedRole = (doc: IdentityDocument) => (grantIndex: number) => {
    const grant = doc.spec.grants[grantIndex];
    return grant !== undefined && 'role' in grant && edited.roles.has(grant.role);
  };
  // Most role edits give no Secrets Manager action to anyone: then no holder needs resolving.
  const editReachesSecrets = [...edited.roles].some((role) => roleMayReachSecrets(headCatalog.roles[role]));
  const previous = new Map(before.identities.map(({ doc }) => [doc.metadata.name, doc]));
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
    // Asked once per team: a role edit brings thousands of its holders here.
    if (regexes.has(DECLARES_SECRETS)) continue;
    // A file the change left alone gains only what the catalog edit gives it: the statements of
    // its grants naming an edited role. Its declared secrets are new only where the base tip
    // reads its account differently (another ARN).
    const untouched = old === doc && !edited.accounts.has(doc.spec.account);
    const declaresNew = declaresSecrets(doc) && (!untouched || !sameAccount(headCatalog.accounts[doc.spec.account], baseTipAccounts[doc.spec.account]));
    const reaches = untouched ? editReachesSecrets && mayReachSecrets(doc, headCatalog, editedRole(doc)) : mayReachSecrets(doc, headCatalog, () => true);
    if (declaresNew || reaches) regexes.add(DECLARES_SECRETS);
  }
  const baseAccounts = { ...before.catalog.accounts, ...baseTipAccounts };
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

function declaresSecrets(doc: IdentityDocument): boolean {
  return doc.spec.secrets.length > 0 || doc.spec.workload.external !== undefined;
}

function sameAccount(a: AccountSpec | undefined, b: AccountSpec | undefined): boolean {
  return a !== undefined && b !== undefined && canonicalJson(a) === canonicalJson(b);
}

/** Whether a statement of the grants `grants` picks may allow any Secrets Manager action. */
function mayReachSecrets(doc: IdentityDocument, catalog: Catalog, grants: (grantIndex: number) => boolean): boolean {
  return resolveGrants(doc, catalog).statements.some((statement) => grants(statement.grantIndex) && mayAllowSecrets(statement));
}

/**
 * Whether a role's statements may allow a Secrets Manager action for some holder. An action with
 * a placeholder, which a holder's parameter could make any action, does not parse: it counts as
 * any service.
 */
function roleMayReachSecrets(role: CatalogRoleSpec | undefined): boolean {
  return role !== undefined && role.statements.some(mayAllowSecrets);
}

function mayAllowSecrets(statement: { readonly effect: 'Allow' | 'Deny'; readonly actions?: readonly string[]; readonly notActions?: readonly string[] }): boolean {
  if (statement.effect !== 'Allow') return false;
  return statement.notActions !== undefined || (statement.actions ?? []).some((action) => globsMeet(parseActionPattern(action)?.service ?? '*', 'secretsmanager'));
}
