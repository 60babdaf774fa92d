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
import { clockFrom, EXIT, rootDirectory, rootOf, UsageError, type CliIo } from '../io.js';
import { daysOption, githubClient, onGitHub, warnNotLoaded, withRepository } from './lifecycle-support.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
/** Also list reviews falling due this soon, so owners can plan them. */
const DEFAULT_WITHIN_DAYS = 14;

export async function recertifyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.recertify);
  const format = oneOf('format', values.format, FORMATS, 'text');
  const today = clockFrom(io, values.today).today();
  const withinDays = daysOption('within', values.within, DEFAULT_WITHIN_DAYS);
  const source = rootOf(io, values.root);
  const openIssues = values['open-issues'] === true;
  if (values.bump !== undefined && openIssues) throw new UsageError('--bump edits one file; run --open-issues separately');

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
    const listing = await listReviews(source, { today, withinDays, complete: openIssues });
    const render = { text: renderReviewText, json: renderReviewJson, markdown: renderReviewMarkdown }[format];
    io.stdout(render(listing.entries, today, withinDays));
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
