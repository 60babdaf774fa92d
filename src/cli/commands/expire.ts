/** `gatehouse expire`: expired and soon-expiring identities; `--open-pr` proposes removing the expired files. */
import { commitToBranch, GitWriteError } from '../../adapters/git/branch-commit.js';
import { listExpiry, openExpirePullRequest, type ExpirePullRequestOutcome } from '../../app/expire.js';
import { renderExpiryJson, renderExpiryMarkdown, renderExpiryText } from '../../render/report-expiry.js';
import { oneOf, parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, EXIT, rootOf, type CliIo } from '../io.js';
import { daysOption, githubClient, onGitHub, warnNotLoaded, withRepository, pullRequestDestination } from './lifecycle-support.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
const DEFAULT_WITHIN_DAYS = 14;

export async function expireCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.expire);
  const format = oneOf('format', values.format, FORMATS, 'text');
  const today = clockFrom(io, values.today).today();
  const withinDays = daysOption('within', values.within, DEFAULT_WITHIN_DAYS);
  const openPr = values['open-pr'] === true;
  const source = rootOf(io, values.root);
  return withRepository(io, 'expire', async () => {
    // Deleting files is acting on the result: every file must have loaded.
    const listing = await listExpiry(source, { today, withinDays, complete: openPr });
    const render = { text: renderExpiryText, json: renderExpiryJson, markdown: renderExpiryMarkdown }[format];
    io.stdout(render(listing.entries, today, withinDays));
    warnNotLoaded(io, listing.problems);
    const expired = listing.entries.some((entry) => entry.state === 'expired');
    if (!openPr) return expired ? EXIT.findings : EXIT.ok;

    const github = githubClient(io, values.repo);
    const outcome = await onGitHub('expire pull request', () =>
      asCommandError([GitWriteError], () =>
        openExpirePullRequest(
          listing,
          pullRequestDestination(io, values),
          { github, writeBranch: commitToBranch },
        ),
      ),
    );
    io.stderr(describeOutcome(outcome));
    return EXIT.ok;
  });
}

function describeOutcome(outcome: ExpirePullRequestOutcome): string {
  switch (outcome.action) {
    case 'nothing-expired':
      return outcome.stale
        ? `Nothing has expired, but pull request #${outcome.stale.number} from an earlier run is still open (${outcome.stale.url}): close it if its identities were renewed.\n`
        : 'Nothing has expired: no pull request needed.\n';
    case 'already-removed':
      return `The expired files are already gone from the base branch: ${outcome.removed.join(', ')}.\n`;
    default: {
      const verb = { opened: 'Opened', updated: 'Updated', unchanged: 'Unchanged:' }[outcome.action];
      const skipped = outcome.unrequestable.length > 0 ? ` Could not request reviews from ${outcome.unrequestable.join(', ')} (not teams of this organisation): ask them directly.` : '';
      const refused = outcome.reviewRequestError === undefined ? '' : ` GitHub refused the review request (${outcome.reviewRequestError}): give the owner teams access to the repository, or ask them directly.`;
      return `${verb} pull request #${outcome.pullRequest.number} removing ${outcome.removed.length} expired identity file(s): ${outcome.pullRequest.url}.${skipped}${refused}\n`;
    }
  }
}
