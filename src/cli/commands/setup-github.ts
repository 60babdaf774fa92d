/**
 * `gatehouse setup-github`: branch protection and deployment environments that make GitHub
 * enforce Gatehouse. Exit 1 when GitHub holds something that defeats the gate (the App key as a
 * repository secret, prod without reviewers) or did not keep what was written.
 */
import { setupGitHub, type SettingsChange } from '../../app/setup-github.js';
import { parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { EXIT, UsageError, type CliIo } from '../io.js';
import { githubClient, onGitHub } from './lifecycle-support.js';

export async function setupGithubCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS['setup-github']);
  const branch = values.branch ?? 'main';
  if (!/^[^\s~^:?*[\\]+$/.test(branch)) throw new UsageError(`--branch takes a branch name, not "${branch}"`);
  const appId = pinningApp(io, values['app-id']);
  const prodReviewers = teamList(values['prod-reviewers']);
  const github = githubClient(io, values.repo);
  const dryRun = values['dry-run'] ?? false;
  const outcome = await onGitHub(`setting up ${values.repo ?? io.env.GITHUB_REPOSITORY ?? 'the repository'}`, () =>
    setupGitHub(github, { dryRun, branch, appId, prodReviewers }),
  );

  const changed = outcome.settings.filter((setting) => setting.changes.length > 0);
  const unchanged = outcome.settings.filter((setting) => setting.changes.length === 0);
  const lines: string[] = [];
  for (const setting of changed) lines.push(`${heading(setting, outcome.applied)}:`, ...setting.changes.map((line) => `  ${line}`));
  if (unchanged.length > 0) lines.push(`Already as Gatehouse needs: ${unchanged.map((setting) => setting.subject).join('; ')}.`);
  io.stdout(`${lines.join('\n')}\n`);
  if (outcome.warnings.length > 0) io.stderr(outcome.warnings.map((line) => `warning: ${line}\n`).join(''));
  if (outcome.problems.length > 0) {
    io.stderr(outcome.problems.map((line) => `error: ${line}\n`).join(''));
    return EXIT.findings;
  }
  return EXIT.ok;
}

function heading(setting: SettingsChange, applied: boolean): string {
  const verb = applied ? (setting.existedBefore ? 'changed' : 'created') : `would be ${setting.existedBefore ? 'changed' : 'created'} (dry run, nothing sent)`;
  return `${setting.subject} ${verb}`;
}

const APP_ID = /^[1-9][0-9]{0,11}$/;

/**
 * The App the gatehouse checks are pinned to: --app-id, else GATEHOUSE_APP_ID (the App the CLI
 * authenticates as, which is the App that publishes the checks in the approvals workflow).
 * Required: a check left to GitHub's auto-pin counts whichever App published it first. A
 * client ID (`Iv1.…`) authenticates but cannot pin.
 */
function pinningApp(io: CliIo, flag: string | undefined): number {
  if (flag !== undefined) {
    if (!APP_ID.test(flag)) throw new UsageError(`--app-id takes the numeric id of the GitHub App (its settings page shows "App ID"), not "${flag}"`);
    return Number(flag);
  }
  const fromEnv = io.env.GATEHOUSE_APP_ID;
  if (fromEnv !== undefined && APP_ID.test(fromEnv)) return Number(fromEnv);
  if (fromEnv) {
    throw new UsageError(`GATEHOUSE_APP_ID is not a numeric App ID (a client ID cannot pin a check): pass --app-id N, the "App ID" on the App's settings page`);
  }
  throw new UsageError(
    'pass --app-id N (or set GATEHOUSE_APP_ID), the "App ID" of the GitHub App that runs the approval gate: the gatehouse checks are pinned to it, otherwise GitHub counts whichever App publishes them first, and any workflow can',
  );
}

/** `@acme/security,@acme/platform` → teams; empty when not given. */
function teamList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const teams = value.split(',').map((team) => team.trim()).filter(Boolean);
  for (const team of teams) {
    if (!/^@[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(team)) throw new UsageError(`--prod-reviewers takes teams as @org/team, separated by commas, not "${team}"`);
  }
  return teams;
}
