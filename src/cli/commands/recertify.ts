/**
 * `gatehouse recertify`: identities due or overdue for review; `--open-issues` keeps one issue
 * per owner team; `--bump NAME` records a review in the identity file (the owner's pull request).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bumpReview, listReviews, syncRecertificationIssues, UnknownIdentityError } from '../../app/recertify.js';
import { renderReviewJson, renderReviewMarkdown, renderReviewText } from '../../render/report-recertify.js';
import { oneOf, parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, EXIT, rootDirectory, rootOf, UsageError, type CliIo } from '../io.js';
import { daysOption, githubClient, onGitHub, warnNotLoaded, withRepository, pullRequestDestination } from './lifecycle-support.js';
import { commitToBranch, GitWriteError } from '../../adapters/git/branch-commit.js';
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { openRecertifyPullRequests, type RecertifyTeamOutcome } from '../../app/recertify-pr.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
/** Also list reviews falling due this soon, so owners can plan them. */
const DEFAULT_WITHIN_DAYS = 14;
const RENDERERS = { text: renderReviewText, json: renderReviewJson, markdown: renderReviewMarkdown } as const;

export async function recertifyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.recertify);
  const format = oneOf('format', values.format, FORMATS, 'text');
  const today = clockFrom(io, values.today).today();
  const withinDays = daysOption('within', values.within, DEFAULT_WITHIN_DAYS);
  const source = rootOf(io, values.root);
  const openIssues = values['open-issues'] === true;
  const openPr = values['open-pr'] === true;
  if (values.bump !== undefined && (openIssues || openPr)) throw new UsageError(`--bump edits one file; run ${openIssues ? '--open-issues' : '--open-pr'} separately`);
  if (!openPr && (values.base !== undefined || values.remote !== undefined)) throw new UsageError('--base and --remote go with --open-pr');

  return withRepository(io, 'recertify', async () => {
    if (values.bump !== undefined) {
      const name = values.bump;
      const bumped = await bumpReview(source, name, today).catch((error: unknown) => {
        throw error instanceof UnknownIdentityError ? new UsageError(`--bump: ${error.message}`) : error;
      });
      await writeFile(join(rootDirectory(io, values.root), bumped.file), bumped.text);
      io.stdout(`${bumped.file}: review.last ${bumped.previous} -> ${today}. Commit it and open a pull request; the owner's approval records the recertification.\n`);
      return EXIT.ok;
    }
    if (openPr) return openPullRequests(io, values, today, withinDays, format);
    const listing = await listReviews(source, { today, withinDays, complete: openIssues });
    io.stdout(RENDERERS[format](listing.entries, today, withinDays));
    warnNotLoaded(io, listing.problems);
    if (!openIssues) return listing.entries.some((entry) => entry.state !== 'due') ? EXIT.findings : EXIT.ok;

    const outcome = await onGitHub('recertification issues', () => syncRecertificationIssues(listing, githubClient(io, values.repo)));
    for (const issue of outcome.upserted) {
      io.stderr(`${issue.created ? 'Opened' : 'Updated'} issue #${issue.number} for ${issue.team} (${issue.identities} identities): ${issue.url}\n`);
    }
    for (const issue of outcome.closed) io.stderr(`Closed issue #${issue.number} of ${issue.team}: nothing due any more\n`);
    return EXIT.ok;
  });
}

type RecertifyValues = ReturnType<typeof parse<typeof OPTIONS.recertify>>['values'];

async function openPullRequests(io: CliIo, values: RecertifyValues, today: string, withinDays: number, format: (typeof FORMATS)[number]): Promise<number> {
  const github = githubClient(io, values.repo);
  const outcome = await onGitHub('recertification pull requests', () =>
    asCommandError([GitWriteError], () =>
      openRecertifyPullRequests(
        rootOf(io, values.root),
        {
          today,
          withinDays,
          catalog: new IamDataCatalog(),
          ...pullRequestDestination(io, values),
        },
        { github, writeBranch: commitToBranch },
      ),
    ),
  );
  io.stdout(RENDERERS[format](outcome.entries, today, withinDays));
  warnNotLoaded(io, outcome.problems);
  if (outcome.teams.length === 0) io.stderr('Nothing is due for recertification: no pull request needed.\n');
  for (const team of outcome.teams) io.stderr(describeTeam(team));
  return EXIT.ok;
}

function describeTeam(outcome: RecertifyTeamOutcome): string {
  const never = outcome.notBumped.length > 0 ? ` Never reviewed, not bumped: ${outcome.notBumped.join(', ')} (add a spec.review).` : '';
  const stale = outcome.stale.length > 0 ? ` Changed on the base since this run read them, not proposed: ${outcome.stale.join(', ')}.` : '';
  const refused = outcome.reviewRequestError === undefined ? '' : ` Could not ask ${outcome.team} to review (${outcome.reviewRequestError}): ask them directly.`;
  if (outcome.pullRequest === undefined) return `${outcome.team}: nothing to bump on the base.${never}${stale}\n`;
  const verb = { opened: 'Opened', updated: 'Updated', unchanged: 'Unchanged:' }[outcome.action as 'opened' | 'updated' | 'unchanged'];
  return `${verb} pull request #${outcome.pullRequest.number} for ${outcome.team} recording the review of ${outcome.bumped.length} identity file(s): ${outcome.pullRequest.url}.${never}${stale}${refused}\n`;
}
