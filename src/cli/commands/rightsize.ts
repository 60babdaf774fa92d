/**
 * `gatehouse rightsize`: grants compared with IAM's record of use. Exit 0 nothing to remove (or
 * written), 1 removals proposed or bad input, 2 usage or failure, 3 partial (an account could
 * not be read).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AccessDataError, AwsLastAccessed, parseAccessData } from '../../adapters/aws/last-accessed.js';
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { commitToBranch, GitWriteError } from '../../adapters/git/branch-commit.js';
import { narrowedFiles, openRightsizePullRequests, rightsize, RightsizeInputError, type TeamPullRequest, type UsageSource } from '../../app/rightsize.js';
import type { IdentityUsage } from '../../core/rightsize/usage.js';
import type { AccountTarget, LastAccessedPort } from '../../ports/aws-inventory.js';
import { renderRightsizeJson, renderRightsizeText } from '../../render/rightsize.js';
import { oneOf, parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, CommandError, EXIT, rootDirectory, rootOf, UsageError, type CliIo } from '../io.js';
import { awsClientOptions, githubClient, onGitHub, withRepository, pullRequestDestination } from './lifecycle-support.js';

const FORMATS = ['text', 'json'] as const;
/** As reconcile: some accounts could not be read; what was read is reported. */
const EXIT_PARTIAL = 3;

export async function rightsizeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.rightsize);
  const format = oneOf('format', values.format, FORMATS, 'text');
  const today = clockFrom(io, values.today).today();
  const directory = rootDirectory(io, values.root);
  const source = rootOf(io, values.root);
  const openPr = values['open-pr'] === true;
  if (openPr && values.write === true) throw new UsageError('--open-pr commits the narrowed files to a branch of its own; --write edits the checkout: use one');
  const write = values.write === true || openPr;
  // Fail on a missing token before reading AWS.
  const github = openPr ? githubClient(io, values.repo) : undefined;
  const catalog = new IamDataCatalog();

  let usage: UsageSource;
  if (values['access-data'] !== undefined) {
    const data = await readAccessData(io, 'rightsize', values['access-data']);
    if (data === undefined) return EXIT.findings;
    usage = { kind: 'file', usage: data };
  } else {
    usage = { kind: 'live', port: lastAccessedReader(io, values.endpoint ?? []), ...(values.account === undefined ? {} : { accounts: values.account }) };
  }

  return withRepository(io, 'rightsize', async () => {
    const run = await asCommandError([RightsizeInputError], () =>
      rightsize(source, { today, narrowWildcards: values['narrow-wildcards'] === true, catalog, directory, usage, complete: write }),
    );
    io.stdout(format === 'json' ? renderRightsizeJson(run) : renderRightsizeText(run));
    for (const note of run.notes) io.stderr(`note: ${note}\n`);
    for (const account of run.unreachable) io.stderr(`gatehouse rightsize: ${account.error}\n`);
    const removals = run.proposals.some((proposal) => proposal.remove.length > 0);
    if (github !== undefined) {
      const result = await narrowedFiles(source, run, catalog);
      for (const skip of result.notWritten) io.stderr(`not proposed: ${skip.identity}: ${skip.reason}\n`);
      const outcomes = await onGitHub('rightsize pull requests', () =>
        asCommandError([GitWriteError], () =>
          openRightsizePullRequests(
            run,
            result,
            pullRequestDestination(io, values),
            { github, writeBranch: commitToBranch },
          ),
        ),
      );
      for (const outcome of outcomes) io.stderr(describePullRequest(outcome));
    } else if (write) {
      const result = await narrowedFiles(source, run, catalog);
      for (const file of result.files) {
        await writeFile(join(directory, file.file), file.text);
        io.stderr(`wrote ${file.file}\n`);
      }
      for (const skip of result.notWritten) io.stderr(`not written: ${skip.identity}: ${skip.reason}\n`);
      if (result.files.length > 0) io.stderr('Commit the narrowed files and open a pull request: removals are low risk, and the owners review them.\n');
    }
    if (run.unreachable.length > 0) return EXIT_PARTIAL;
    return removals && !write ? EXIT.findings : EXIT.ok;
  });
}

function describePullRequest(outcome: TeamPullRequest): string {
  const stale = outcome.stale.length > 0 ? ` Not proposed, the base changed them since: ${outcome.stale.join(', ')}; run again.` : '';
  const refused = outcome.reviewRequestError === undefined ? '' : ` Could not request a review from ${outcome.team} (${outcome.reviewRequestError}): ask them directly.`;
  if (outcome.action === 'already-applied' || outcome.pullRequest === undefined) {
    return `${outcome.team}: ${outcome.stale.length > 0 ? 'nothing proposed.' : 'the base already holds these narrowings.'}${stale}\n`;
  }
  const verb = { opened: 'Opened', updated: 'Updated', unchanged: 'Unchanged:' }[outcome.action];
  return `${verb} pull request #${outcome.pullRequest.number} for ${outcome.team} right-sizing ${outcome.identities.join(', ')}: ${outcome.pullRequest.url}.${stale}${refused}\n`;
}

/**
 * The `--access-data` file, parsed; undefined once a problem with it is printed (the caller exits
 * 1, nothing done). An unreadable path is a usage failure (exit 2).
 */
export async function readAccessData(io: CliIo, command: string, path: string): Promise<ReadonlyMap<string, IdentityUsage> | undefined> {
  const text = await readFile(resolve(io.cwd, path), 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CommandError(`--access-data ${path}: cannot be read (${error.code ?? error.message})`);
  });
  try {
    return parseAccessData(text, path);
  } catch (error) {
    if (!(error instanceof AccessDataError)) throw error;
    io.stderr(`gatehouse ${command}: ${error.message}\n`);
    return undefined;
  }
}

/** One reader per endpoint, with the same credentials, read role and retries as reconcile. */
function lastAccessedReader(io: CliIo, endpoints: readonly string[]): LastAccessedPort {
  const clientOptions = awsClientOptions(io, endpoints);
  const readers = new Map<string | undefined, AwsLastAccessed>();
  return {
    readLastAccessed: (account: AccountTarget, arns: readonly string[]) => {
      const client = clientOptions(account.key);
      let reader = readers.get(client.endpoint);
      if (reader === undefined) {
        reader = new AwsLastAccessed({
          ...client,
          ...(io.env.GATEHOUSE_RIGHTSIZE_POLL_MS === undefined ? {} : { pollIntervalMs: Number(io.env.GATEHOUSE_RIGHTSIZE_POLL_MS) }),
        });
        readers.set(client.endpoint, reader);
      }
      return reader.readLastAccessed(account, arns);
    },
  };
}
