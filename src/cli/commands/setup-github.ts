/** `gatehouse setup-github`: branch protection that makes GitHub enforce the gatehouse checks. */
import { setupBranchProtection } from '../../app/setup-github.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { githubClient, onGitHub } from './lifecycle-support.js';

export async function setupGithubCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    repo: { type: 'string' },
    branch: { type: 'string' },
    'dry-run': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const branch = values.branch ?? 'main';
  if (!/^[^\s~^:?*[\\]+$/.test(branch)) throw new UsageError(`--branch takes a branch name, not "${branch}"`);
  const github = githubClient(io, values.repo);
  const dryRun = values['dry-run'] ?? false;
  const outcome = await onGitHub(`protecting ${branch}`, () => setupBranchProtection(github, branch, dryRun));

  if (outcome.changes.length === 0) {
    io.stdout(`${branch} is already protected as Gatehouse needs: nothing to change.\n`);
    return EXIT.ok;
  }
  const verb = outcome.applied ? 'changed' : 'would change (dry run, nothing sent)';
  io.stdout([`Branch protection of ${branch} ${verb}:`, ...outcome.changes.map((line) => `  ${line}`), ''].join('\n'));
  return EXIT.ok;
}
