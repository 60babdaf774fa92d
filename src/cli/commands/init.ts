/** `gatehouse init [DIR]` and `gatehouse init --upgrade`: scaffold or refresh an identities repository. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { EXAMPLE_IDENTITY, initRepository, InitError, upgradeRepository, type Engine, type Environment, type FileOutcome } from '../../app/init.js';
import { PLACEHOLDER_ACCOUNT_ID } from '../../core/rules/schema/account-placeholder.js';
import { oneOf, parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { clockFrom, CommandError, EXIT, rootDirectory, UsageError, type CliIo } from '../io.js';
import { PACKAGE_NAME, PACKAGE_ROOT, VERSION } from '../version.js';

const ENVIRONMENTS: readonly Environment[] = ['prod', 'staging', 'dev', 'sandbox'];
const GITHUB_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const TEAM = /^@[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const ACCOUNT_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** The engine this CLI belongs to. Its own workflows, in this repository; their copy in dist/, once packed. */
export function installedEngine(): Engine {
  const own = join(PACKAGE_ROOT, '.github/workflows');
  return { name: PACKAGE_NAME, version: VERSION, templatesDir: join(PACKAGE_ROOT, 'templates'), workflowsDir: existsSync(own) ? own : join(PACKAGE_ROOT, 'dist/workflows') };
}

/** `org/name` of the origin remote on GitHub, when the directory is a clone of one. */
function originRepository(directory: string): string | undefined {
  const config = (() => {
    try {
      return readFileSync(join(directory, '.git/config'), 'utf8');
    } catch {
      return '';
    }
  })();
  const origin = /\[remote "origin"\][^[]*?url\s*=\s*\S*github\.com[:/]([^/\s]+\/[^/\s]+?)(?:\.git)?\s*$/m.exec(config)?.[1];
  return origin && GITHUB_REPO.test(origin) ? origin : undefined;
}

function checked(name: string, value: string, pattern: RegExp, example: string): string {
  if (!pattern.test(value)) throw new UsageError(`--${name} must look like ${example}, not "${value}"`);
  return value;
}

const LABEL: Record<FileOutcome['status'], string> = { created: 'created', kept: 'kept', updated: 'updated', current: 'current', refused: 'REFUSED' };

function outcomeLines(outcomes: readonly FileOutcome[], dryRun = false): string[] {
  return outcomes
    .filter((o) => o.status !== 'current' || o.note)
    .map((o) => `  ${(dryRun && (o.status === 'created' || o.status === 'updated') ? `would ${o.status === 'created' ? 'create' : 'update'}` : LABEL[o.status]).padEnd(14)} ${o.path}${o.note ? `  (${o.note})` : ''}`);
}

export async function initCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS.init, true);
  if (positionals.length > 1) throw new UsageError(`init takes one directory, not ${positionals.length}`);
  if (positionals[0] !== undefined && values.root !== undefined) throw new UsageError('give the directory either as DIR or as --root, not both');
  const engine = installedEngine();
  try {
    if (values.upgrade) return await upgrade(io, engine, rootDirectory(io, positionals[0] ?? values.root), values['dry-run'] ?? false);
    if (values['dry-run']) throw new UsageError('--dry-run goes with --upgrade (init never replaces a file)');
    const directory = resolve(io.cwd, positionals[0] ?? values.root ?? '.');
    if (existsSync(directory) && !statSync(directory).isDirectory()) throw new CommandError(`${directory} is not a directory: give init the directory of the identities repository`);
    const githubRepo = checked('github-repo', values['github-repo'] ?? originRepository(directory) ?? `my-org/${basename(directory).replace(/[^A-Za-z0-9._-]/g, '-') || 'identities'}`, GITHUB_REPO, 'org/name');
    const org = githubRepo.split('/')[0]!;
    const environment = oneOf('environment', values.environment, ENVIRONMENTS, 'dev');
    const settings = {
      githubRepo,
      platformTeam: checked('team', values.team ?? `@${org}/platform`, TEAM, '@org/team'),
      securityTeam: checked('security-team', values['security-team'] ?? `@${org}/security`, TEAM, '@org/team'),
      account: {
        key: checked('account', values.account ?? environment, ACCOUNT_KEY, 'a lower-case key such as payments-prod'),
        id: checked('account-id', values['account-id'] ?? PLACEHOLDER_ACCOUNT_ID, /^\d{12}$/, 'a 12-digit AWS account id'),
        environment,
        region: checked('region', values.region ?? 'us-east-1', REGION, 'us-east-1'),
      },
      today: clockFrom(io, values.today).today(),
    };
    if (settings.platformTeam.toLowerCase() === settings.securityTeam.toLowerCase()) throw new UsageError('--team and --security-team must be different teams: the security team approves what the owners ask for');
    await mkdir(directory, { recursive: true });
    const outcomes = await initRepository(directory, engine, settings);
    const near = relative(io.cwd, directory);
    const shown = near === '' ? '.' : near.startsWith('..') ? directory : near;
    const lines = [`gatehouse init: ${shown} with ${engine.name} ${engine.version} (GitHub repository ${githubRepo})`, ...outcomeLines(outcomes), ''];
    const next = ['Next:'];
    if (!existsSync(join(directory, 'package-lock.json'))) next.push('  - npm install: writes package-lock.json, which the workflows install from with npm ci');
    else if (outcomes.some((o) => o.path === 'package.json' && o.status === 'updated')) next.push('  - npm install: brings package-lock.json in line with the pinned version');
    if (values['github-repo'] === undefined && originRepository(directory) === undefined) next.push(`  - no --github-repo and no GitHub origin remote: the teams and trust use "${githubRepo}"; run again in an empty directory with --github-repo org/name`);
    if (settings.account.id === PLACEHOLDER_ACCOUNT_ID) next.push(`  - set the real account id in catalog/accounts.yaml (gatehouse lint shows every ${PLACEHOLDER_ACCOUNT_ID} left)`);
    if (outcomes.some((o) => o.path.endsWith(`/${EXAMPLE_IDENTITY}.yaml`) && o.status === 'created')) next.push(`  - the example identity is applied like any other on the first merge to main: change it into a real one or delete it first`);
    next.push('  - README.md of the engine, "Adopt it in your organisation": the GitHub App, the bootstrap, branch protection, the first pull request');
    io.stdout([...lines, ...next, ''].join('\n'));
    return outcomes.some((o) => o.status === 'refused') ? EXIT.findings : EXIT.ok;
  } catch (error) {
    if (error instanceof InitError) throw new CommandError(error.message);
    throw error;
  }
}

async function upgrade(io: CliIo, engine: Engine, root: string, dryRun: boolean): Promise<number> {
  const outcomes = await upgradeRepository(root, engine, { dryRun });
  const diffs = outcomes.flatMap((o) => (o.diff ? [o.diff] : []));
  const changed = outcomes.filter((o) => o.status === 'created' || o.status === 'updated').length;
  const verb = dryRun ? 'would change' : 'changed';
  const summary = changed === 0 ? `generated files are current for ${engine.name} ${engine.version}` : `${verb} ${changed} generated file(s) to ${engine.name} ${engine.version}; catalog and identity content untouched`;
  io.stdout([...diffs, `gatehouse init --upgrade: ${summary}`, ...outcomeLines(outcomes, dryRun), ''].join('\n'));
  return outcomes.some((o) => o.status === 'refused') ? EXIT.findings : EXIT.ok;
}
