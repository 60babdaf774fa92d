/** `gatehouse plan`: the access diff between two commits, its risk and the approvals it needs. */
import { GitReadError } from '../../adapters/git/git-repository.js';
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { planChange, type PlanOutcome } from '../../app/plan.js';
import { renderPlanJson } from '../../render/plan-json.js';
import { renderPlanMarkdown } from '../../render/plan-markdown.js';
import { renderPlanText } from '../../render/plan-text.js';
import { uncommittedChanges } from '../../app/uncommitted.js';
import { paletteFor } from '../color.js';
import { oneOf, parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, EXIT, rootDirectory, UsageError, type CliIo } from '../io.js';
import { findingLine } from '../../render/text.js';

const FORMATS = ['text', 'markdown', 'json'] as const;

export async function planCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.plan);
  if (!values.base) throw new UsageError('--base is required: the ref the change is compared against, e.g. --base origin/main');
  // Text for a person at a terminal; markdown (the PR comment) when piped, as before.
  const format = oneOf('format', values.format, FORMATS, io.isTTY ? 'text' : 'markdown');
  const today = clockFrom(io, values.today).today();
  // Git failures the user can fix (an unknown ref, not a repository) are messages, not crashes.
  const directory = rootDirectory(io, values.root);
  // Asked of git beside the plan, which reads commits only: at 20,000 files the work tree's status
  // takes as long as rendering the plan.
  const uncommitted = values.head === undefined ? uncommittedChanges(directory) : undefined;
  uncommitted?.catch(() => {});
  const outcome = await asCommandError([GitReadError], () =>
    planChange({ directory, base: values.base!, head: values.head ?? 'HEAD', today, catalog: new IamDataCatalog() }),
  );
  if (outcome.status === 'unreadable') {
    io.stderr(unreadableMessage(outcome));
    return EXIT.findings;
  }
  const render = { text: () => renderPlanText(outcome, paletteFor(io, values['no-color'])), markdown: () => renderPlanMarkdown(outcome), json: () => renderPlanJson(outcome) }[format];
  io.stdout(render());
  if (uncommitted) {
    const pending = await uncommitted;
    if (pending.length > 0) {
      io.stderr(`warning: ${pending.length} uncommitted change(s) under identities/ or catalog/ are not in this plan, which compares commits (${pending.slice(0, 5).join(', ')}${pending.length > 5 ? ', …' : ''}): commit them to see them\n`);
    }
  }
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
