/**
 * Loading the repository for the lifecycle jobs. Reading jobs carry on past a broken identity
 * file (and say so); jobs that delete files or close issues refuse to act on a repository that
 * did not load completely, because a file that could not be read is not an identity that ended.
 */
import type { Finding } from '../core/lint/types.js';
import type { AccountSpec, Repository } from '../core/model.js';
import { loadRepository, type LoadedRepository } from '../loader/load-repository.js';
import type { AccountTarget } from '../ports/aws-inventory.js';
import type { FileSource } from '../ports/file-source.js';
import { loadErrors } from './lint.js';

/** The repository cannot be used for this job; `message` lists the first problems with file:line. */
export class RepositoryLoadError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Finding[],
  ) {
    super(message);
  }
}

export interface GovernedRepository {
  readonly repository: Repository;
  readonly loaded: LoadedRepository;
  /** Load errors, located to file:line; empty when every file loaded. */
  readonly problems: readonly Finding[];
}

const SHOWN = 5;

/**
 * `complete`: every file must load (for jobs that act on the result). Otherwise only the catalog
 * must, and identity files that failed are left out and reported in `problems`.
 */
export async function loadGoverned(source: FileSource, options: { complete: boolean; job: string }): Promise<GovernedRepository> {
  const loaded = await loadRepository(source);
  const problems = loadErrors(loaded);
  if (loaded.repository === undefined || (options.complete && problems.length > 0)) {
    const files = new Set(problems.map((problem) => problem.file)).size;
    const why = loaded.repository === undefined ? 'the catalog could not be loaded' : `${files} file(s) could not be loaded`;
    throw new RepositoryLoadError(
      `${options.job} stopped: ${why} in ${source.label}, so nothing was done.\n${describeProblems(problems)}\nFix them (gatehouse validate shows all) and run again.`,
      problems,
    );
  }
  return { repository: loaded.repository, loaded, problems };
}

function describeProblems(problems: readonly Finding[]): string {
  const lines = problems.slice(0, SHOWN).map((finding) => `  ${finding.file}:${finding.line ?? 1}: ${finding.message}`);
  if (problems.length > SHOWN) lines.push(`  … and ${problems.length - SHOWN} more`);
  return lines.join('\n');
}

/** What the AWS inventory needs to reach an account of the catalog: its read-only role, region and connectors. */
export function accountTarget(key: string, account: AccountSpec): AccountTarget {
  return {
    key,
    id: account.id,
    region: account.region,
    ...(account.readRole === undefined ? {} : { readRole: account.readRole }),
    connectors: account.connectors,
  };
}
