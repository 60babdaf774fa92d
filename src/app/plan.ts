/**
 * The plan use case: read the base and head commits through git (never the working tree), load
 * both, and build the plan. Like `git diff base...head`, the diff starts from the merge base, so
 * commits merged into the base after the branch point do not show up as reverts; approvals are
 * judged by the policy at the base commit itself.
 *
 * Only the identity files the change touches are parsed on both sides: an unchanged path holds
 * the same bytes, so it cannot differ. A role edit can change the access of every identity that
 * holds the role: those files, found by a text search (role-edit-scope.ts), are read too. An
 * account edit can change every identity in the account, so then the whole head is read and
 * compared, as it is when git cannot search.
 */
import { ActionExpander } from '../core/aws/action-patterns.js';
import type { ActionCatalog } from '../core/aws/action-catalog.js';
import type { BasePolicy } from '../core/approvals/requirements.js';
import type { DiffSide } from '../core/diff/access-diff.js';
import { buildPlan, type Plan } from '../core/diff/plan.js';
import type { Finding } from '../core/lint/types.js';
import { CATALOG_FILES, type Catalog, type Repository, type SourcedIdentity } from '../core/model.js';
import { openGitRepository, type GitTree, type LocalGitRepository } from '../adapters/git/git-repository.js';
import { IDENTITY_DIRECTORY, isIdentityFileName, loadRepository, type LoadedRepository } from '../loader/load-repository.js';
import { catalogOnly, type FileSource } from '../ports/file-source.js';
import { loadErrors } from './lint.js';
import { isOwnerLine, ownerLine, ownershipSearch, type OwnerSearch } from './ownership-candidates.js';
import { roleEditScope } from './role-edit-scope.js';

export interface PlanOptions {
  /** The Gatehouse root: a directory inside a git repository. */
  readonly directory: string;
  readonly base: string;
  /** Defaults to HEAD: the last commit, not uncommitted edits. */
  readonly head?: string;
  readonly today: string;
  readonly catalog: ActionCatalog;
  /** Paths (relative to the git top level) a caller knows changed, e.g. GitHub's file list. */
  readonly extraChangedPaths?: readonly string[];
  /**
   * Load every head identity (the approvals gate lints them all). Otherwise only the identity
   * files the change touches are read, which keeps plan fast on a large repository.
   */
  readonly loadWholeHead?: boolean;
}

export interface PlanRef {
  readonly ref: string;
  readonly commit: string;
}

interface PlanSides {
  readonly base: PlanRef;
  readonly head: PlanRef;
  /** Where the Gatehouse root sits below the git top level: '' or `dir/`. File paths in the plan are relative to the root. */
  readonly rootPrefix: string;
  /** The head as loaded: every identity with `loadWholeHead` or a catalog change, else only the changed ones. */
  readonly headLoaded: LoadedRepository;
}

export type PlanOutcome =
  | (PlanSides & { readonly status: 'ok'; readonly mergeBase: string; readonly plan: Plan })
  | (PlanSides & {
      readonly status: 'unreadable';
      /** Which side did not load, with its located diagnostics. */
      readonly side: 'head' | 'base';
      readonly diagnostics: readonly Finding[];
    });

export async function planChange(options: PlanOptions): Promise<PlanOutcome> {
  const git = await openGitRepository(options.directory);
  const headRef = options.head ?? 'HEAD';
  // Both refs at once; a bad base is still the error reported first.
  const [baseCommit, headCommit] = await Promise.allSettled([git.resolveCommit(options.base), git.resolveCommit(headRef)]);
  if (baseCommit.status === 'rejected') throw baseCommit.reason;
  if (headCommit.status === 'rejected') throw headCommit.reason;
  const base: PlanRef = { ref: options.base, commit: baseCommit.value };
  const head: PlanRef = { ref: headRef, commit: headCommit.value };

  const trees: GitTree[] = [];
  const tree = (commit: string, label: string) => {
    const opened = git.tree(commit, label);
    trees.push(opened);
    return opened;
  };
  // The head's identity files are listed while git finds the merge base and the change: a listing
  // of 20,000 files takes as long as those two.
  const headTree = listingAhead(tree(head.commit, headRef), IDENTITY_DIRECTORY);
  try {
    return await planFrom({ git, options, base, head, headRef, headTree, tree });
  } finally {
    for (const opened of trees) opened.close();
  }
}

async function planFrom(input: {
  readonly git: LocalGitRepository;
  readonly options: PlanOptions;
  readonly base: PlanRef;
  readonly head: PlanRef;
  readonly headRef: string;
  readonly headTree: FileSource;
  readonly tree: (commit: string, label: string) => GitTree;
}): Promise<PlanOutcome> {
  const { git, options, base, head, headRef, headTree, tree } = input;
  const mergeBase = await git.mergeBase(base.commit, head.commit);
  const changedPaths = await changedPathsOf(git, mergeBase, head.commit, options.extraChangedPaths ?? []);
  const changed = new Set(changedPaths.filter((path) => path.startsWith(`${IDENTITY_DIRECTORY}/`)));
  // A role or account edit can change the access of identities whose files did not change.
  const catalogChanged = changedPaths.includes(CATALOG_FILES.roles) || changedPaths.includes(CATALOG_FILES.accounts);

  const beforeTree = tree(mergeBase, `merge base of ${options.base} and ${headRef}`);
  const baseTree = mergeBase === base.commit ? beforeTree : tree(base.commit, options.base);
  // A role edit changes only the identities that hold the role: those files are read as changed ones.
  const roleHolders = catalogChanged && options.loadWholeHead !== true ? await roleEditScope(git, head.commit, beforeTree, headTree) : undefined;
  const headWhole = options.loadWholeHead === true || (catalogChanged && roleHolders === undefined);
  const headFiles = roleHolders ? new Set([...changed, ...roleHolders]) : changed;
  const baseOwn = headWhole ? baseTipOwn(git, base.commit, baseTree, head.commit) : undefined;
  baseOwn?.catch(() => {});
  // Only changed identity files are read on the base side: an unchanged path has the same
  // bytes, so its identity is the head's. The head is read whole only when needed.
  const [headLoaded, beforeChanged, baseCatalog] = await Promise.all([
    loadRepository(readingAhead(headWhole ? headTree : onlyFiles(headTree, headFiles))),
    loadRepository(readingAhead(onlyGitFiles(beforeTree, changed))),
    readBasePolicy(baseTree),
  ]);
  const basePolicy = baseCatalog.policy;

  const headChanged = onlyChanged(headLoaded, changed);
  const headErrors = loadErrors(headChanged);
  if (headErrors.length > 0 || !headLoaded.repository) {
    return { status: 'unreadable', base, head, rootPrefix: git.prefix, side: 'head', diagnostics: headErrors, headLoaded };
  }
  const beforeLoaded = catalogChanged ? withUnchanged(beforeChanged, headLoaded, changed) : beforeChanged;
  const before = beforeSide(beforeLoaded, headLoaded);
  if (!before) return { status: 'unreadable', base, head, rootPrefix: git.prefix, side: 'base', diagnostics: loadErrors(beforeLoaded), headLoaded };

  const headSide = catalogChanged ? headLoaded : headChanged;
  const baseTip =
    baseCatalog.catalog &&
    (await readBaseTip({ git, commit: base.commit, tree: baseTree, catalog: baseCatalog.catalog, changed: headSide.identities, before: before.repository, headCatalog: headLoaded.repository.catalog, head: { loaded: headLoaded, ...(baseOwn ? { baseOwn } : {}) } }));
  const plan = buildPlan({
    before,
    head: { repository: { ...headLoaded.repository, identities: headSide.identities }, identityFiles: headSide.identityFiles },
    basePolicy,
    changedPaths,
    today: options.today,
    expander: new ActionExpander(options.catalog),
    // Lint sees every head identity that was loaded, so rules that compare identities score too.
    lintScope: headLoaded.repository,
    // The gate takes this lint for its lint check when the policies agree: it needs every identity.
    lintEveryIdentity: options.loadWholeHead === true,
    ...(baseTip ? { baseTip } : {}),
  });
  return { status: 'ok', base, head, rootPrefix: git.prefix, mergeBase, plan, headLoaded };
}

/** A tree whose listing of `directory` has already started; the listing is asked of git once. */
function listingAhead(tree: FileSource, directory: string): FileSource {
  const listed = tree.list(directory);
  listed.catch(() => {});
  return { label: tree.label, list: (asked) => (asked === directory ? listed : tree.list(asked)), read: (path) => tree.read(path) };
}

/**
 * A tree that asks git for the identity files it lists ahead of the loader, so git streams the
 * blobs while the loader parses the ones before: otherwise each batch of reads waits for git,
 * then git waits for the parse. At most READ_AHEAD files are asked ahead: asking for all of them
 * at once held 20,000 blobs in memory, which the garbage collector then paid for. Only files the
 * loader reads are fetched (not a file it rejects by name, which could be anything); a fetch
 * nobody collects fails quietly.
 */
function readingAhead(tree: FileSource): FileSource {
  const ahead = new Map<string, Promise<Uint8Array | undefined>>();
  let pending: string[] = [];
  let next = 0;
  const topUp = () => {
    while (ahead.size < READ_AHEAD && next < pending.length) {
      const file = pending[next++]!;
      if (ahead.has(file)) continue;
      const read = tree.read(file);
      read.catch(() => {});
      ahead.set(file, read);
    }
  };
  return {
    label: tree.label,
    async list(directory) {
      const files = await tree.list(directory);
      pending = [...pending.slice(next), ...files.filter(isIdentityFileName)];
      next = 0;
      topUp();
      return files;
    },
    read(path) {
      const read = ahead.get(path);
      if (read === undefined) return tree.read(path);
      ahead.delete(path);
      topUp();
      return read;
    },
  };
}

/** Identity files asked of git ahead of the loader: four of its batches. */
const READ_AHEAD = 1024;

/** A tree whose identity listing shows only `files`; the catalog and every read pass through. */
function onlyFiles(tree: FileSource, files: ReadonlySet<string>): FileSource {
  return { label: tree.label, list: async (directory) => (await tree.list(directory)).filter((file) => files.has(file)), read: (path) => tree.read(path) };
}

/**
 * Past this many paths, one listing of the whole directory is cheaper than naming them all to
 * git; past this many characters of names, the command line could exceed what the system takes
 * (a branch can name its files up to 4,096 characters long).
 */
const MAX_LISTED_PATHS = 500;
const MAX_LISTED_CHARACTERS = 64 * 1024;

/** onlyFiles for a git tree: a few files are asked of git by name, so a small change does not list every identity. */
function onlyGitFiles(tree: GitTree, files: ReadonlySet<string>): FileSource {
  let characters = 0;
  for (const file of files) characters += file.length + 1;
  if (files.size > MAX_LISTED_PATHS || characters > MAX_LISTED_CHARACTERS) return onlyFiles(tree, files);
  return { label: tree.label, list: (directory) => tree.listOnly([...files].filter((file) => file.startsWith(`${directory}/`))), read: (path) => tree.read(path) };
}

/** The loaded repository cut down to the catalog and the changed identity files. */
function onlyChanged(loaded: LoadedRepository, changed: ReadonlySet<string>): LoadedRepository {
  const keep = (file: string) => changed.has(file) || !file.startsWith(`${IDENTITY_DIRECTORY}/`);
  return {
    ...loaded,
    identities: loaded.identities.filter((identity) => keep(identity.file)),
    identityFiles: loaded.identityFiles.filter(keep),
    diagnostics: loaded.diagnostics.filter((finding) => keep(finding.file)),
  };
}

/** The base's changed files plus the head's unchanged ones, which are byte for byte the base's. */
function withUnchanged(beforeChanged: LoadedRepository, head: LoadedRepository, changed: ReadonlySet<string>): LoadedRepository {
  const unchanged = (file: string) => !changed.has(file);
  const identities = [...beforeChanged.identities, ...head.identities.filter((identity) => unchanged(identity.file))];
  const identityFiles = [...beforeChanged.identityFiles, ...head.identityFiles.filter(unchanged)];
  return {
    ...beforeChanged,
    repository: beforeChanged.repository && { ...beforeChanged.repository, identities },
    identities,
    identityFiles,
  };
}

/**
 * The side the diff starts from. A tree with no Gatehouse files at all (the repository's first
 * pull request) is an empty repository with the head's catalog; a tree that has them but does
 * not load cannot be diffed safely.
 */
function beforeSide(loaded: LoadedRepository, head: LoadedRepository): DiffSide | undefined {
  if (loaded.repository && loadErrors(loaded).length === 0) return { repository: loaded.repository, identityFiles: loaded.identityFiles };
  const empty = loaded.identityFiles.length === 0 && loaded.diagnostics.every((finding) => finding.ruleId === 'file-unreadable' && finding.message.startsWith('missing '));
  if (empty && head.repository) return { repository: { identities: [], catalog: head.repository.catalog }, identityFiles: [] };
  return undefined;
}

/**
 * The base policy alone: loading the whole base tree here would double the cost. Its catalog
 * comes along for the ownership questions.
 */
async function readBasePolicy(tree: FileSource): Promise<{ policy: BasePolicy; catalog?: Catalog }> {
  if ((await tree.read(CATALOG_FILES.policy)) === undefined) return { policy: { status: 'missing' } };
  const loaded = await loadRepository(catalogOnly(tree));
  if (loaded.repository) return { policy: { status: 'loaded', policy: loaded.repository.catalog.policy }, catalog: loaded.repository.catalog };
  const problem = loaded.diagnostics.find((finding) => finding.file === CATALOG_FILES.policy) ?? loaded.diagnostics[0];
  const located = problem && loaded.locator.locate(problem);
  return { policy: { status: 'invalid', message: located ? `${located.file}:${located.line ?? 1}: ${located.message}` : 'it does not load' } };
}

/**
 * The base tip's identities that can bear on who must approve: those that may declare a secret,
 * share a workload with a changed identity, or sit in an account the change removes. A text
 * search picks them (ownership-candidates.ts) so a small change does not parse the whole tree;
 * when git cannot search, every file is read. A base file that does not load is left out.
 *
 * When the head was read whole (an account edit, or the approvals gate, which lints it all), a
 * file the base tip and the head hold at the same path with the same bytes (git says which
 * differ) is the head's identity, already parsed: only the paths that differ are read from the
 * base tip, so each blob is parsed once, and no search runs. A role edit's holders are searched
 * for as changed identities are, for what the edited roles give them.
 *
 * A search of many literals (a bulk import's thousands of service accounts) costs git grep more
 * than their number; past MAX_SEARCH_LITERALS every base file is read instead.
 */
async function readBaseTip(input: {
  readonly git: LocalGitRepository;
  readonly commit: string;
  readonly tree: FileSource;
  readonly catalog: Catalog;
  readonly changed: readonly SourcedIdentity[];
  readonly before: Repository;
  readonly headCatalog: Catalog;
  /** The head as loaded; when it was loaded whole (an account edit, or the caller asked), the base tip's own files, read beside it. */
  readonly head: { readonly loaded: LoadedRepository; readonly baseOwn?: Promise<BaseTipOwn> };
}): Promise<{ identities: readonly SourcedIdentity[]; accounts: Catalog['accounts'] }> {
  const { git, commit, tree, catalog } = input;
  if (input.head.baseOwn) {
    const { differing, identities: own } = await input.head.baseOwn;
    const shared = input.head.loaded.identities.filter((identity) => !differing.has(identity.file));
    // In path order, as a whole-tree load lists them.
    const identities = [...shared, ...own].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { identities, accounts: catalog.accounts };
  }
  const searches = ownershipSearch({ changed: input.changed, before: input.before, headCatalog: input.headCatalog, baseTipAccounts: catalog.accounts });
  if (searches.length === 0) return { identities: [], accounts: catalog.accounts };
  const literals = searches.reduce((sum, search) => sum + search.literals.length, 0);
  const files = literals > MAX_SEARCH_LITERALS ? undefined : await candidateFiles(git, commit, searches);
  const loaded = await loadRepository(readingAhead(files ? onlyFiles(tree, files) : tree));
  return { identities: loaded.identities, accounts: catalog.accounts };
}

interface BaseTipOwn {
  /** Root-relative paths whose bytes differ between the base tip and the head. */
  readonly differing: ReadonlySet<string>;
  /** The base tip's identities at those paths. */
  readonly identities: readonly SourcedIdentity[];
}

/** The base tip's files that differ from the head's, loaded: needs nothing of the head's load, so it runs beside it. */
async function baseTipOwn(git: LocalGitRepository, commit: string, tree: GitTree, headCommit: string): Promise<BaseTipOwn> {
  const differing = new Set((await git.changedPaths(commit, headCommit)).map((change) => change.path).filter((path) => path.startsWith(git.prefix)).map((path) => path.slice(git.prefix.length)));
  return { differing, identities: (await loadRepository(readingAhead(onlyGitFiles(tree, differing)))).identities };
}

/**
 * One alternation of 1,000 literals takes git grep 0.5 s over 50,000 base files, and 70 MB (the
 * compiled regex grows faster than its literals: 5,000 took 4.4 s and 1 GB), where parsing those
 * files takes 8 s. Past this many, reading every base file is the safer cost.
 */
const MAX_SEARCH_LITERALS = 1000;

/**
 * The files any search selects, less those its owner may skip; undefined when git could not
 * search. A search with an owner to skip is one pass too: its owner line joins its patterns, and
 * the lines git returns tell the owner's files from the rest.
 */
async function candidateFiles(git: LocalGitRepository, commit: string, searches: readonly OwnerSearch[]): Promise<Set<string> | undefined> {
  const selections = await Promise.all(searches.map((search) => selectedBy(git, commit, search)));
  if (selections.some((selected) => selected === undefined)) return undefined;
  return new Set(selections.flatMap((selected) => [...selected!]));
}

async function selectedBy(git: LocalGitRepository, commit: string, search: OwnerSearch): Promise<Iterable<string> | undefined> {
  if (search.skipOwner === undefined) return git.grepFiles(commit, IDENTITY_DIRECTORY, search);
  const lines = await git.grepLines(commit, IDENTITY_DIRECTORY, { literals: search.literals, regexes: [...search.regexes, ownerLine(search.skipOwner)] });
  if (!lines) return undefined;
  const owned = isOwnerLine(search.skipOwner);
  // A file none of whose matched lines is the owner's matched one of the search's own patterns.
  return [...lines].filter(([, matched]) => !matched.some(owned)).map(([file]) => file);
}

/**
 * Changed paths relative to the Gatehouse root. A path outside the root keeps its place as
 * `../path` (one `..` per level of the root): it is still a governance change, since a top-level
 * tsconfig.json, .gitattributes or workflow decides what runs for the root too.
 */
async function changedPathsOf(git: LocalGitRepository, from: string, to: string, extra: readonly string[]): Promise<string[]> {
  const fromGit = (await git.changedPaths(from, to)).map((change) => change.path);
  const up = '../'.repeat(git.prefix.split('/').filter(Boolean).length);
  const paths = new Set<string>();
  for (const path of [...fromGit, ...extra]) paths.add(path.startsWith(git.prefix) ? path.slice(git.prefix.length) : `${up}${path}`);
  return [...paths].sort();
}
