/**
 * `gatehouse reconcile`: live AWS against git. Exit 0 clean, 1 findings (not handed to GitHub),
 * 3 partial (an account could not be read; the others are still reported), 2 usage or failure.
 */
import { AccountUnreachableError } from '../../ports/aws-inventory.js';
import { reconcile, ReconcileInputError, syncReconcileIssues } from '../../app/reconcile.js';
import { TAG } from '../../core/desired/index.js';
import { renderReconcileJson } from '../../render/reconcile-json.js';
import { renderReconcileMarkdown } from '../../render/reconcile-markdown.js';
import { renderReconcileText } from '../../render/reconcile-text.js';
import { oneOf, parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, EXIT, rootOf, type CliIo } from '../io.js';
import { awsInventory, githubClient, onGitHub, withRepository } from './lifecycle-support.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
/** Some accounts could not be read: what was read is reported, but the picture is incomplete. */
export const EXIT_PARTIAL = 3;

export async function reconcileCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.reconcile);
  const format = oneOf('format', values.format, FORMATS, 'text');
  const today = clockFrom(io, values.today).today();
  const openIssues = values['open-issues'] === true;
  // Fail on a missing token before spending minutes reading AWS.
  const github = openIssues ? githubClient(io, values.repo) : undefined;
  // Resource policies of Gatehouse's own secrets are compared too; other secrets cost no extra call.
  const inventory = awsInventory(io, values.endpoint, { readSecretPolicy: (secret) => secret.tags[TAG.identity] !== undefined });

  return withRepository(io, 'reconcile', async () => {
    const run = await asCommandError([ReconcileInputError, AccountUnreachableError], () =>
      reconcile(rootOf(io, values.root), inventory, { today, ...(values.account === undefined ? {} : { accounts: values.account }) }),
    );
    const render = { text: renderReconcileText, json: renderReconcileJson, markdown: renderReconcileMarkdown }[format];
    io.stdout(render(run));
    // The text report already names each unreachable account with its error: print it once.
    if (format !== 'text') for (const account of run.accounts) if (account.status === 'unreachable') io.stderr(`gatehouse reconcile: ${account.error}\n`);

    if (github !== undefined) {
      const outcome = await onGitHub('reconcile issues', () => syncReconcileIssues(run, github));
      for (const issue of outcome.upserted) io.stderr(`${issue.created ? 'Opened' : 'Updated'} issue #${issue.number} (${issue.kind}, ${issue.team}, ${issue.findings} finding(s)): ${issue.url}\n`);
      for (const issue of outcome.closed) io.stderr(`Closed issue #${issue.number} (${issue.kind}, ${issue.team}): resolved\n`);
      if (outcome.closingSkipped) io.stderr(`Note: ${outcome.closingSkipped}.\n`);
    }
    // Nothing read is no picture at all: a failure to run, not a partial one.
    if (run.accounts.length > 0 && run.accounts.every((account) => account.status === 'unreachable')) {
      io.stderr(`gatehouse reconcile: no account could be read (${run.accounts.length} tried): nothing was compared\n`);
      return EXIT.failure;
    }
    if (run.partial) return EXIT_PARTIAL;
    return run.findings.length > 0 && github === undefined ? EXIT.findings : EXIT.ok;
  });
}
