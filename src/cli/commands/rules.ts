/** `gatehouse rules [--format text|json|markdown] [--write]`: the rule catalogue, or docs/rules.md. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALL_RULE_META } from '../../core/rules/index.js';
import { renderRulesMarkdown, renderRulesText } from '../../render/rules-doc.js';
import { oneOf, parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { EXIT, rootDirectory, type CliIo } from '../io.js';

export const RULES_DOC = 'docs/rules.md';

export async function rulesCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.rules);
  const format = oneOf('format', values.format, ['text', 'json', 'markdown'] as const, values.write || values.check ? 'markdown' : 'text');
  const rendered = {
    text: () => renderRulesText(ALL_RULE_META),
    json: () => `${JSON.stringify({ rules: ALL_RULE_META }, null, 2)}\n`,
    markdown: () => renderRulesMarkdown(ALL_RULE_META),
  }[format]();
  const target = join(rootDirectory(io, values.root), RULES_DOC);
  if (values.check) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current === rendered) return EXIT.ok;
    io.stderr(`${RULES_DOC} is stale: run npm run docs\n`);
    return EXIT.findings;
  }
  if (values.write) {
    await writeFile(target, rendered);
    io.stdout(`wrote ${RULES_DOC} (${ALL_RULE_META.length} rules)\n`);
    return EXIT.ok;
  }
  io.stdout(rendered);
  return EXIT.ok;
}
