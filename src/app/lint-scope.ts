/**
 * What a lint run answers for: files named on the command line, and/or what changed since a ref
 * (committed or not), with the identities a catalog edit affects. The result feeds
 * `scopeFindings`; outside it, findings are notes.
 */
import { relative, resolve, sep } from 'node:path';
import { openGitRepository } from '../adapters/git/git-repository.js';
import { affectedByCatalog, type ChangeScope } from '../core/lint/scope.js';
import { CATALOG_FILES } from '../core/model.js';
import { loadRepository, type LoadedRepository } from '../loader/load-repository.js';
import { catalogOnly } from '../ports/file-source.js';

export interface ScopeRequest {
  /** The Gatehouse root. */
  readonly directory: string;
  /** Files or directories, absolute or relative to `cwd`. */
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly changedSince?: string | undefined;
}

export class ScopeError extends Error {}

export async function lintScope(loaded: LoadedRepository, request: ScopeRequest): Promise<ChangeScope | undefined> {
  if (request.paths.length === 0 && request.changedSince === undefined) return undefined;
  const underPaths = pathFilter(request);
  const identities = loaded.repository?.identities ?? [];
  if (request.changedSince === undefined) {
    return { files: new Set([...loaded.identityFiles, ...Object.values(CATALOG_FILES)].filter(underPaths)), identities: new Set() };
  }
  const git = await openGitRepository(request.directory);
  const since = await git.mergeBase(await git.resolveCommit(request.changedSince), await git.resolveCommit('HEAD'));
  const changed = new Set(
    (await git.workingTreeChanges(since)).filter((path) => path.startsWith(git.prefix)).map((path) => path.slice(git.prefix.length)).filter(underPaths),
  );
  const catalogChanged = Object.values(CATALOG_FILES).some((file) => changed.has(file));
  let affected = new Set<string>();
  if (catalogChanged && loaded.repository) {
    const tree = git.tree(since, `merge base of ${request.changedSince}`);
    try {
      const before = (await loadRepository(catalogOnly(tree))).repository?.catalog;
      affected = affectedByCatalog(before, loaded.repository.catalog, identities, changed);
    } finally {
      tree.close();
    }
  }
  const inPaths = new Set(identities.filter((identity) => underPaths(identity.file)).map((identity) => identity.doc.metadata.name));
  return { files: changed, identities: new Set([...affected].filter((name) => inPaths.has(name))) };
}

/** Whether a root-relative file lies under one of the requested paths (every file when none). */
function pathFilter(request: ScopeRequest): (file: string) => boolean {
  if (request.paths.length === 0) return () => true;
  const roots = request.paths.map((path) => {
    const inside = relative(request.directory, resolve(request.cwd, path)).split(sep).join('/');
    if (inside.startsWith('..')) throw new ScopeError(`${path} is outside the Gatehouse repository ${request.directory}`);
    return inside.replace(/\/+$/, '');
  });
  return (file) => roots.some((root) => root === '' || file === root || file.startsWith(`${root}/`));
}
