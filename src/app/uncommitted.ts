/** Identity and catalog edits not yet committed: `plan` compares commits, so it cannot show them. */
import { openGitRepository } from '../adapters/git/git-repository.js';
import { CATALOG_FILES } from '../core/model.js';
import { IDENTITY_DIRECTORY } from '../loader/load-repository.js';

export async function uncommittedChanges(directory: string): Promise<string[]> {
  const git = await openGitRepository(directory);
  const catalog = new Set<string>(Object.values(CATALOG_FILES));
  return (await git.workingTreeChanges('HEAD'))
    .filter((path) => path.startsWith(git.prefix))
    .map((path) => path.slice(git.prefix.length))
    .filter((path) => path.startsWith(`${IDENTITY_DIRECTORY}/`) || catalog.has(path));
}
