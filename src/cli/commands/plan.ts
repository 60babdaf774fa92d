/** `gatehouse plan`: the access diff between two commits, its risk and the approvals it needs. */
import { GitReadError } from '../../adapters/git/git-repository.js';
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { planChange, type PlanOutcome } from '../../app/plan.js';
import { renderPlanJson } from '../../render/plan-json.js';
import { renderPlanMarkdown } from '../../render/plan-markdown.js';
import { oneOf, parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, EXIT, rootDirectory, UsageError, type CliIo } from '../io.js';
import { findingLine } from '../../render/text.js';

const FORMATS = ['markdown', 'json'] as const;

export async function planCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.plan);
  if (!values.base) throw new UsageError('--base is required: the ref the change is compared against, e.g. --base origin/main');
  const format = oneOf('format', values.format, FORMATS, 'markdown');
  const today = clockFrom(io, values.today).today();
  // Git failures the user can fix (an unknown ref, not a repository) are messages, not crashes.
  const outcome = await asCommandError([GitReadError], () =>
    planChange({ directory: rootDirectory(io, values.root), base: values.base!, head: values.head ?? 'HEAD', today, catalog: new IamDataCatalog() }),
  );
  if (outcome.status === 'unreadable') {
    io.stderr(unreadableMessage(outcome));
    return EXIT.findings;
  }
  io.stdout(format === 'json' ? renderPlanJson(outcome) : renderPlanMarkdown(outcome));
  return EXIT.ok;
}

function unreadableMessage(outcome: Extract<PlanOutcome, { status: 'unreadable' }>): string {
  const which = outcome.side === 'head' ? `the head ${outcome.head.ref} (${outcome.head.commit.slice(0, 7)})` : `the base ${outcome.base.ref} (${outcome.base.commit.slice(0, 7)})`;
  const lines = outcome.diagnostics.map(findingLine);
  return [
    `No plan: ${which} does not load, so the access diff cannot be computed. A file that does not load is never read as a removed identity. Fix these and run plan again:`,
    ...lines,
    '',
  ].join('\n');
}
