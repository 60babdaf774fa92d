/**
 * The access diff between two loaded repositories (a pull request's base and head): which
 * identities are added, removed or modified, and for each the grants, trust, owner, lifetime and
 * expanded access that change. Pure: both sides come in already loaded.
 *
 * Safety: only an identity whose file is really gone from the head tree is a removal. A head file
 * that exists but failed to load is reported as unreadable, never as "identity removed".
 */
import type { AccessLevel } from '../aws/action-catalog.js';
import type { ActionExpander } from '../aws/action-patterns.js';
import { countByAccessLevel } from '../aws/action-patterns.js';
import { effectiveAccess, type EffectiveAccess } from '../aws/effective-access.js';
import type { Catalog, Environment, ExceptionSpec, GrantSpec, IdentityDocument, Repository, SourcedIdentity } from '../model.js';
import { resolveGrants, type ResolvedStatement } from '../resolve.js';
import { canonicalJson, sameJson } from './canonical.js';
import { describeEntry } from '../lint/exceptions.js';
import { describeGrant, describeWorkload } from './describe.js';
import { compareRestrictions } from './restrictions.js';

export type IdentityChangeKind = 'added' | 'removed' | 'modified';
export type AccessCounts = Partial<Record<AccessLevel, number>>;

/** One side of the comparison: the loaded repository and every identity file in its tree. */
export interface DiffSide {
  readonly repository: Repository;
  /** Identity files present in the tree, loaded or not (LoadedRepository.identityFiles). */
  readonly identityFiles: readonly string[];
}

/** An identity as it is on one side, with its grants resolved against that side's catalog. */
export interface IdentityState {
  readonly file: string;
  readonly doc: IdentityDocument;
  readonly statements: readonly ResolvedStatement[];
  readonly access: EffectiveAccess;
  /** The environment of its account in that side's catalog; undefined for an unknown account. */
  readonly environment: Environment | undefined;
  /** The permissions boundary of its account in that side's catalog. */
  readonly permissionsBoundary?: string;
}

export const CHANGED_FIELDS = [
  'owner',
  'account',
  'workload',
  'dataClassification',
  'expires',
  'sessionHours',
  'credentials',
  'secrets',
  'exceptions',
  'review',
  'description',
  'ticket',
  'file',
] as const;
export type ChangedField = (typeof CHANGED_FIELDS)[number];

export interface FieldChange {
  readonly field: ChangedField;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

export interface GrantChange {
  readonly description: string;
  /** The actions this grant allows, expanded, by access level. */
  readonly actions: AccessCounts;
}

export interface IdentityChange {
  readonly name: string;
  readonly change: IdentityChangeKind;
  readonly before: IdentityState | undefined;
  readonly after: IdentityState | undefined;
  readonly fields: readonly FieldChange[];
  readonly grants: { readonly added: readonly GrantChange[]; readonly removed: readonly GrantChange[] };
  /** Expanded actions gained and lost, by access level. */
  readonly access: { readonly added: AccessCounts; readonly removed: AccessCounts };
  /** True when the access changed although the identity file did not: a catalog edit did it. */
  readonly viaCatalog: boolean;
  /**
   * Restrictions a modification loosens (a Deny removed or narrowed, a condition or NotResource
   * entry dropped, the account's boundary removed), and whether every new Allow is covered by an
   * old one. Only a change with nothing loosened and every Allow covered can only narrow.
   */
  readonly restrictions: { readonly loosened: readonly string[]; readonly allowsCovered: boolean };
  /** A rename is a destroy and a create: the removed identity with the same workload and account. */
  readonly replaces?: string;
  readonly replacedBy?: string;
}

export interface AccessDiff {
  /** Sorted by name. */
  readonly identities: readonly IdentityChange[];
  /** Identity files of the head tree that exist but did not load: the diff cannot speak for them. */
  readonly unreadable: readonly string[];
}

/**
 * `headGrants` gives a head identity's statements when the caller already resolved them against
 * the head's catalog (plan's lint did): the same objects, so their expansion is not done again.
 */
export function diffRepositories(base: DiffSide, head: DiffSide, expander: ActionExpander, headGrants?: (identity: SourcedIdentity) => readonly ResolvedStatement[] | undefined): AccessDiff {
  const before = byName(base.repository.identities);
  const after = byName(head.repository.identities);
  const headFiles = new Set(head.identityFiles);
  const loadedHeadFiles = new Set(head.repository.identities.map((identity) => identity.file));
  const unreadable = head.identityFiles.filter((file) => !loadedHeadFiles.has(file));
  const catalogEdit = catalogEdits(base.repository, head.repository);

  const stateOf = (identity: SourcedIdentity, side: Repository, resolved?: readonly ResolvedStatement[]): IdentityState => {
    const statements = resolved ?? (side === head.repository ? headGrants?.(identity) : undefined) ?? resolveGrants(identity.doc, side.catalog).statements;
    return {
      file: identity.file,
      doc: identity.doc,
      statements,
      access: effectiveAccess(statements, expander),
      environment: side.catalog.accounts[identity.doc.spec.account]?.environment,
      ...boundaryOf(identity, side),
    };
  };

  const changes: IdentityChange[] = [];
  for (const [key, old] of before) {
    const current = after.get(key);
    if (current === undefined) {
      // A file still in the head tree that did not load says nothing about its identity.
      if (headFiles.has(old.file) && !loadedHeadFiles.has(old.file)) continue;
      changes.push(describeChange('removed', stateOf(old, base.repository), undefined, expander));
      continue;
    }
    // An unchanged file is the same parsed object on both sides (plan parses each blob once).
    const sameDocument = old.file === current.file && (old.doc === current.doc || canonicalJson(old.doc) === canonicalJson(current.doc));
    if (!sameDocument) {
      changes.push(describeChange('modified', stateOf(old, base.repository), stateOf(current, head.repository), expander));
      continue;
    }
    const resolved = catalogEdit.mayChange(old.doc) ? resolvedDifferently(old, base.repository, head.repository, catalogEdit.reread(old.doc), headGrants?.(current)) : undefined;
    if (resolved) changes.push(describeChange('modified', stateOf(old, base.repository, resolved.before), stateOf(current, head.repository, resolved.after), expander, true));
  }
  for (const [key, current] of after) {
    if (!before.has(key)) changes.push(describeChange('added', undefined, stateOf(current, head.repository), expander));
  }
  return { identities: linkReplacements(changes).sort((a, b) => compare(a.name, b.name) || compare(a.change, b.change)), unreadable };
}

/**
 * The head identity files the diff may report a change of: a superset, found without resolving
 * anything (new or edited files, and those holding a role or sitting in an account the catalog
 * edit touches), so a caller can lint them before the diff is built.
 */
export function filesTheDiffMayReport(base: DiffSide, head: DiffSide): Set<string> {
  const before = byName(base.repository.identities);
  const catalogEdit = catalogEdits(base.repository, head.repository);
  const files = new Set<string>();
  for (const [key, current] of byName(head.repository.identities)) {
    const old = before.get(key);
    if (!old || old.doc !== current.doc || old.file !== current.file || catalogEdit.mayChange(current.doc)) files.add(current.file);
  }
  return files;
}

/**
 * Identities keyed by name. A duplicate name (a lint error) keeps its own entry, keyed by file,
 * so that neither copy disappears from the plan or from the approvals it requires.
 */
function byName(identities: readonly SourcedIdentity[]): Map<string, SourcedIdentity> {
  const map = new Map<string, SourcedIdentity>();
  for (const identity of identities) {
    const name = identity.doc.metadata.name;
    map.set(map.has(name) ? `${name}\u0000${identity.file}` : name, identity);
  }
  return map;
}

/** The roles and accounts a catalog edit adds, removes or changes: all a grant's resolution reads of the catalog. */
export function catalogEditedKeys(before: Catalog, after: Catalog): { readonly roles: ReadonlySet<string>; readonly accounts: ReadonlySet<string> } {
  return { roles: changedKeys(before.roles, after.roles), accounts: changedKeys(before.accounts, after.accounts) };
}

function changedKeys<T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>): Set<string> {
  const keys = new Set<string>();
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (a[key] === b[key]) continue;
    if (a[key] === undefined || b[key] === undefined || canonicalJson(a[key]) !== canonicalJson(b[key])) keys.add(key);
  }
  return keys;
}

/**
 * Which identities a catalog edit can bear on, found once: resolution reads only the roles an
 * identity grants and its account, so an identity whose roles and account are the same on both
 * sides resolves the same and needs no second look. Of one that holds an edited role, only the
 * statements of the grants naming such a role can differ (unless its account changed too).
 */
function catalogEdits(before: Repository, after: Repository): { mayChange(doc: IdentityDocument): boolean; reread(doc: IdentityDocument): ((grantIndex: number) => boolean) | undefined } {
  const { roles, accounts } = catalogEditedKeys(before.catalog, after.catalog);
  const editedRole = (grant: GrantSpec) => 'role' in grant && roles.has(grant.role);
  return {
    mayChange: (doc) => accounts.has(doc.spec.account) || doc.spec.grants.some(editedRole),
    reread: (doc) => (accounts.has(doc.spec.account) ? undefined : (grantIndex) => editedRole(doc.spec.grants[grantIndex]!)),
  };
}

/** The same document's statements on both sides when they mean something else under the other catalog; undefined when they do not. Cheap: no expansion. */
function resolvedDifferently(
  identity: SourcedIdentity,
  before: Repository,
  after: Repository,
  edited: ((grantIndex: number) => boolean) | undefined,
  afterResolved: readonly ResolvedStatement[] | undefined,
): { before: readonly ResolvedStatement[]; after: readonly ResolvedStatement[] } | undefined {
  const account = identity.doc.spec.account;
  const afterStatements = afterResolved ?? resolveGrants(identity.doc, after.catalog).statements;
  const beforeStatements = resolveGrants(identity.doc, before.catalog).statements;
  const statements = { before: edited ? sharingUnedited(beforeStatements, afterStatements, edited) : beforeStatements, after: afterStatements };
  if (before.catalog.accounts[account]?.environment !== after.catalog.accounts[account]?.environment) return statements;
  if (boundaryOf(identity, before).permissionsBoundary !== boundaryOf(identity, after).permissionsBoundary) return statements;
  const compared = (list: readonly ResolvedStatement[]) => (edited ? list.filter((statement) => edited(statement.grantIndex)) : list);
  return sameJson(compared(statements.before), compared(statements.after)) ? undefined : statements;
}

/**
 * The base side's statements, with those of grants naming no edited role taken from the head
 * side: they resolve the same (same grant, same role, same account), and as the same objects
 * their expansion is not done twice nor held twice while the plan is built.
 */
function sharingUnedited(before: readonly ResolvedStatement[], after: readonly ResolvedStatement[], edited: (grantIndex: number) => boolean): ResolvedStatement[] {
  const unedited = new Map<number, ResolvedStatement[]>();
  for (const statement of after) {
    if (edited(statement.grantIndex)) continue;
    const list = unedited.get(statement.grantIndex);
    if (list) list.push(statement);
    else unedited.set(statement.grantIndex, [statement]);
  }
  const taken = new Map<number, number>();
  return before.map((statement) => {
    if (edited(statement.grantIndex)) return statement;
    const index = taken.get(statement.grantIndex) ?? 0;
    taken.set(statement.grantIndex, index + 1);
    return unedited.get(statement.grantIndex)?.[index] ?? statement;
  });
}

function boundaryOf(identity: SourcedIdentity, side: Repository): { permissionsBoundary?: string } {
  const boundary = side.catalog.accounts[identity.doc.spec.account]?.permissionsBoundary;
  return boundary === undefined ? {} : { permissionsBoundary: boundary };
}

function describeChange(
  change: IdentityChangeKind,
  before: IdentityState | undefined,
  after: IdentityState | undefined,
  expander: ActionExpander,
  viaCatalog = false,
): IdentityChange {
  const name = (after ?? before)!.doc.metadata.name;
  // A catalog edit leaves the document as it was: no grant or field of it changed.
  const grants = viaCatalog ? { added: [], removed: [] } : grantChanges(before, after, expander);
  const restrictions = compareRestrictions(
    { statements: before?.statements ?? [], permissionsBoundary: before?.permissionsBoundary },
    { statements: after?.statements ?? [], permissionsBoundary: after?.permissionsBoundary },
  );
  return {
    name,
    change,
    before,
    after,
    fields: change === 'modified' && !viaCatalog ? fieldChanges(before!, after!) : [],
    grants,
    access: {
      added: countByAccessLevel(difference(after?.access, before?.access)),
      removed: countByAccessLevel(difference(before?.access, after?.access)),
    },
    viaCatalog,
    restrictions: change === 'modified' ? { loosened: restrictions.loosened, allowsCovered: restrictions.uncoveredAllows === 0 } : { loosened: [], allowsCovered: change === 'removed' },
  };
}

/**
 * Actions of `a` that `b` does not grant on every resource `a` grants them on: moving a grant to
 * another bucket gains (and loses) access even though the action names stay the same.
 */
function difference(a: EffectiveAccess | undefined, b: EffectiveAccess | undefined) {
  if (!a) return [];
  return [...a.entries()]
    .filter(([key, granted]) => {
      const other = b?.get(key);
      if (!other) return true;
      const covered = new Set(other.via.flatMap((grant) => grant.resources));
      return !covered.has('*') && granted.via.some((grant) => grant.resources.some((resource) => !covered.has(resource)));
    })
    .map(([, granted]) => granted.action);
}

/** Grants compared as documents: a changed parameter is one grant removed and one added. */
function grantChanges(before: IdentityState | undefined, after: IdentityState | undefined, expander: ActionExpander) {
  const keyed = (state: IdentityState | undefined) => (state?.doc.spec.grants ?? []).map((grant, index) => ({ key: canonicalJson(grant), grant, index }));
  const oldGrants = keyed(before);
  const newGrants = keyed(after);
  const unmatched = (from: typeof oldGrants, against: typeof oldGrants) => {
    const remaining = new Map<string, number>();
    for (const { key } of against) remaining.set(key, (remaining.get(key) ?? 0) + 1);
    return from.filter(({ key }) => {
      const left = remaining.get(key) ?? 0;
      if (left > 0) remaining.set(key, left - 1);
      return left === 0;
    });
  };
  const describe = (state: IdentityState) => (entry: { grant: GrantSpec; index: number }): GrantChange => ({
    description: describeGrant(entry.grant),
    actions: countByAccessLevel(
      [...effectiveAccess(state.statements.filter((statement) => statement.grantIndex === entry.index), expander).values()].map((granted) => granted.action),
    ),
  });
  return {
    added: after ? unmatched(newGrants, oldGrants).map(describe(after)) : [],
    removed: before ? unmatched(oldGrants, newGrants).map(describe(before)) : [],
  };
}

function fieldChanges(before: IdentityState, after: IdentityState): FieldChange[] {
  const a = before.doc;
  const b = after.doc;
  const values: Record<ChangedField, [string | undefined, string | undefined]> = {
    owner: [a.metadata.owner, b.metadata.owner],
    account: [a.spec.account, b.spec.account],
    workload: [describeWorkload(a.spec.workload), describeWorkload(b.spec.workload)],
    dataClassification: [a.spec.dataClassification, b.spec.dataClassification],
    expires: [a.spec.expires, b.spec.expires],
    sessionHours: [String(a.spec.sessionHours), String(b.spec.sessionHours)],
    credentials: [describeCredentials(a), describeCredentials(b)],
    secrets: [describeSecrets(a), describeSecrets(b)],
    exceptions: [describeExceptions(a), describeExceptions(b)],
    review: [describeReview(a), describeReview(b)],
    description: [a.metadata.description, b.metadata.description],
    ticket: [a.metadata.ticket, b.metadata.ticket],
    file: [before.file, after.file],
  };
  // The external id is a shared secret: a change to it shows as a change, never its value.
  const trustChanged = canonicalJson(a.spec.workload) !== canonicalJson(b.spec.workload);
  return CHANGED_FIELDS.flatMap((field) => {
    const [old, current] = values[field];
    if (old !== current) return [{ field, before: old, after: current }];
    if (field === 'workload' && trustChanged) return [{ field, before: old, after: `${current} (external id changed)` }];
    return [];
  });
}

function describeCredentials(doc: IdentityDocument): string | undefined {
  const key = doc.spec.credentials?.accessKey;
  if (!key) return undefined;
  return `access key${key.rotateEvery ? `, rotated every ${key.rotateEvery}` : ''}`;
}

function describeSecrets(doc: IdentityDocument): string | undefined {
  return describeList(doc.spec.secrets.map((secret) => `${secret.name}${secret.rotateEvery ? ` (rotate ${secret.rotateEvery})` : ''}`));
}

function describeExceptions(doc: IdentityDocument): string | undefined {
  // appliesTo is part of what was approved: a plan that hid a change to it would hide a widening.
  const scope = (exception: ExceptionSpec) => (exception.appliesTo ? ` on ${exception.appliesTo.map(describeEntry).join('; ')}` : '');
  return describeList(doc.spec.exceptions.map((exception) => `${exception.rule} until ${exception.expires}${scope(exception)}`));
}

function describeReview(doc: IdentityDocument): string | undefined {
  const review = doc.spec.review;
  return review && `every ${review.every}, last ${review.last}`;
}

function describeList(items: readonly string[]): string | undefined {
  return items.length ? items.join(', ') : undefined;
}

/**
 * Pairs a removed and an added identity that are one identity renamed: the same file, or else
 * the same account, owner and workload. An AWS service principal says nothing about identity
 * (every Lambda trusts lambda.amazonaws.com), so such workloads pair by file only.
 */
function linkReplacements(changes: IdentityChange[]): IdentityChange[] {
  const trustKey = (state: IdentityState) =>
    state.doc.spec.workload.awsService === undefined ? `${state.doc.spec.account}\u0000${state.doc.metadata.owner ?? ''}\u0000${canonicalJson(state.doc.spec.workload)}` : undefined;
  // Removed identities by file and by trust, in order: each added one looks up its candidates
  // instead of scanning every removal (a moved directory adds and removes thousands at once).
  const byFile = new Map<string, IdentityChange[]>();
  const byTrust = new Map<string, IdentityChange[]>();
  const push = (map: Map<string, IdentityChange[]>, key: string, change: IdentityChange) => {
    const list = map.get(key);
    if (list) list.push(change);
    else map.set(key, [change]);
  };
  for (const change of changes) {
    if (change.change !== 'removed') continue;
    push(byFile, change.before!.file, change);
    const key = trustKey(change.before!);
    if (key !== undefined) push(byTrust, key, change);
  }
  const links = new Map<IdentityChange, IdentityChange>();
  const onlyFree = (list: readonly IdentityChange[] | undefined) => {
    let found: IdentityChange | undefined;
    for (const candidate of list ?? []) {
      if (links.has(candidate)) continue;
      if (found !== undefined) return 'several' as const;
      found = candidate;
    }
    return found;
  };
  for (const added of changes) {
    if (added.change !== 'added') continue;
    const sameFile = onlyFree(byFile.get(added.after!.file));
    const key = trustKey(added.after!);
    const sameTrust = key === undefined ? undefined : onlyFree(byTrust.get(key));
    const partner = sameFile !== undefined && sameFile !== 'several' ? sameFile : sameTrust !== 'several' ? sameTrust : undefined;
    if (!partner) continue;
    links.set(partner, added);
    links.set(added, partner);
  }
  return changes.map((change) => {
    const partner = links.get(change);
    if (!partner) return change;
    return change.change === 'added' ? { ...change, replaces: partner.name } : { ...change, replacedBy: partner.name };
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
