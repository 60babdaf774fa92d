/**
 * The head identity files a catalog role edit can change, found by a text search (git grep), so
 * that a pull request editing one role parses the identities that hold it and not the whole
 * repository. Resolving a grant reads nothing of the catalog but the role it names and the
 * identity's account (catalogEditedKeys): with every account the same on both sides, only a file
 * that names an edited role can resolve differently.
 *
 * The search only narrows what is read, and errs towards too much: a file naming the role
 * anywhere (a comment, a longer name, any case) is selected, and so is one that could spell it
 * through a YAML escape, an anchor or a tag. A file git would call binary holds a NUL, which the
 * loader refuses anyway. The gate never narrows: it reads the whole head.
 */
import { catalogEditedKeys } from '../core/diff/access-diff.js';
import type { LocalGitRepository } from '../adapters/git/git-repository.js';
import { IDENTITY_DIRECTORY, loadRepository } from '../loader/load-repository.js';
import { catalogOnly, type FileSource } from '../ports/file-source.js';
import { YAML_INDIRECTION } from './ownership-candidates.js';

/** Past this many edited roles the alternation outgrows what git grep does quickly: read everything. */
const MAX_EDITED_ROLES = 1000;

/**
 * Root-relative head identity files that may name a role edited between `before` and the head;
 * undefined when the whole head must be read: an account changed (every identity in it resolves
 * anew), a catalog does not load (its errors come from the whole read), or git could not search.
 */
export async function roleEditScope(git: LocalGitRepository, headCommit: string, before: FileSource, head: FileSource): Promise<ReadonlySet<string> | undefined> {
  const [beforeCatalog, headCatalog] = await Promise.all([loadRepository(catalogOnly(before)), loadRepository(catalogOnly(head))]);
  if (!beforeCatalog.repository || !headCatalog.repository) return undefined;
  const edited = catalogEditedKeys(beforeCatalog.repository.catalog, headCatalog.repository.catalog);
  if (edited.accounts.size > 0 || edited.roles.size > MAX_EDITED_ROLES) return undefined;
  if (edited.roles.size === 0) return new Set();
  return git.grepFiles(headCommit, IDENTITY_DIRECTORY, { literals: [...edited.roles, ...YAML_INDIRECTION], regexes: [] });
}
