/** `gatehouse setup-github`: branch protection that makes GitHub enforce the gatehouse checks. */
import { setupBranchProtection } from '../../app/setup-github.js';
import { parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { githubClient, onGitHub } from './lifecycle-support.js';

export async function setupGithubCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS['setup-github']);
  const branch = values.branch ?? 'main';
  if (!/^[^\s~^:?*[\\]+$/.test(branch)) throw new UsageError(`--branch takes a branch name, not "${branch}"`);
  const app = pinningApp(io, values['app-id']);
  const github = githubClient(io, values.repo);
  const dryRun = values['dry-run'] ?? false;
  const outcome = await onGitHub(`protecting ${branch}`, () =>
    setupBranchProtection(github, branch, { dryRun, ...(app.id === undefined ? {} : { appId: app.id }) }),
  );

  if (outcome.unpinned.length > 0) {
    io.stderr(
      [
        `warning: ${outcome.unpinned.join(' and ')} ${outcome.unpinned.length === 1 ? 'is' : 'are'} required by name only, not pinned to a GitHub App:`,
        '  any workflow in a same-repository pull request can publish a check of that name and satisfy the gate.',
        `  ${app.hint ?? 'Pin the gatehouse checks to the App that runs the approval gate: --app-id N (or GATEHOUSE_APP_ID).'}`,
        '',
      ].join('\n'),
    );
  }
  if (outcome.changes.length === 0) {
    io.stdout(`${branch} is already protected as Gatehouse needs: nothing to change.\n`);
    return EXIT.ok;
  }
  const verb = outcome.applied ? 'changed' : 'would change (dry run, nothing sent)';
  io.stdout([`Branch protection of ${branch} ${verb}:`, ...outcome.changes.map((line) => `  ${line}`), ''].join('\n'));
  return EXIT.ok;
}

const APP_ID = /^[1-9][0-9]{0,11}$/;

/**
 * The App the gatehouse checks are pinned to: --app-id, else GATEHOUSE_APP_ID (the App the CLI
 * authenticates as, which is the App that publishes the checks in the approvals workflow). That
 * variable may hold a client ID (`Iv1.…`), which authenticates but cannot pin: then a hint.
 */
function pinningApp(io: CliIo, flag: string | undefined): { id?: number; hint?: string } {
  if (flag !== undefined) {
    if (!APP_ID.test(flag)) throw new UsageError(`--app-id takes the numeric id of the GitHub App (its settings page shows "App ID"), not "${flag}"`);
    return { id: Number(flag) };
  }
  const fromEnv = io.env.GATEHOUSE_APP_ID;
  if (fromEnv === undefined || fromEnv === '') return {};
  if (APP_ID.test(fromEnv)) return { id: Number(fromEnv) };
  return { hint: `GATEHOUSE_APP_ID is not a numeric App ID (a client ID cannot pin a check): pass --app-id N, the "App ID" on the App's settings page.` };
}
