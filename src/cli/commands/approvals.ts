/** `gatehouse approvals --pr N`: the approval gate, as the approvals workflow runs it. */
import { GitReadError } from '../../adapters/git/git-repository.js';
import { describeGitHubError, isGitHubFailure } from '../../adapters/github/octokit.js';
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { runApprovalGate } from '../../app/approvals.js';
import { renderPlanJson } from '../../render/plan-json.js';
import { oneOf, parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, EXIT, rootDirectory, UsageError, type CliIo } from '../io.js';
import { githubClient, onGitHub } from './lifecycle-support.js';

const FORMATS = ['markdown', 'json'] as const;

/** What the failing check says of a failed run: our own messages, never an internal error's text. */
function failureCause(error: unknown): string {
  if (isGitHubFailure(error)) return describeGitHubError(error);
  if (error instanceof GitReadError) return error.message;
  return 'an internal error of Gatehouse (see the workflow log)';
}

export async function approvalsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.approvals);
  if (!values.pr || !/^[1-9][0-9]{0,9}$/.test(values.pr)) throw new UsageError(`--pr takes a pull request number${values.pr ? `, not "${values.pr}"` : ''}`);
  const format = oneOf('format', values.format, FORMATS, 'markdown');
  const today = clockFrom(io, values.today).today();
  const github = githubClient(io, values.repo);
  const pullNumber = Number(values.pr);

  const result = await onGitHub(`approvals of pull request #${pullNumber}`, () =>
    asCommandError(
      [GitReadError],
      () =>
        runApprovalGate({
          github,
          pullNumber,
          directory: rootDirectory(io, values.root),
          today,
          catalog: new IamDataCatalog(),
          publish: !values['dry-run'],
          describeFailure: failureCause,
        }),
      (error) =>
        `${error.message}. The gate reads the pull request's commits from the local checkout: check out with fetch-depth: 0 and fetch the head with \`git fetch origin +refs/pull/${pullNumber}/head\``,
    ),
  );

  if (format === 'json' && result.plan.status === 'ok') io.stdout(renderPlanJson(result.plan, result.approval));
  else io.stdout(result.report);
  if (result.comment) io.stderr(`${result.comment.created ? 'commented' : 'updated the comment'}: ${result.comment.url}\n`);
  return result.satisfied ? EXIT.ok : EXIT.findings;
}
