/** Files generated from the code stay fresh, and the example YAML points editors at the schemas. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_RULE_META } from '../../src/core/rules/index.js';
import { renderRulesMarkdown } from '../../src/render/rules-doc.js';
import { renderJsonSchemas } from '../../src/schema/json-schema.js';
import { makeRepo, REPO_ROOT, removeRepos } from '../support/repo-fixture.js';
import { runCli } from './run-cli.js';

afterAll(removeRepos);

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

describe('docs/rules.md', () => {
  it('is what `npm run docs` would write', () => {
    expect(read('docs/rules.md'), 'docs/rules.md is stale: run npm run docs').toBe(renderRulesMarkdown(ALL_RULE_META));
  });

  it('documents every rule', () => {
    for (const rule of ALL_RULE_META) expect(read('docs/rules.md')).toContain(`### ${rule.id}\n`);
  });

  it('lists every message of a rule under it, id and template', () => {
    const doc = read('docs/rules.md');
    for (const rule of ALL_RULE_META.filter((r) => r.messages)) {
      const section = doc.slice(doc.indexOf(`### ${rule.id}\n`)).split(/\n### /)[0]!;
      for (const [id, template] of Object.entries(rule.messages!)) expect(section, `${rule.id}/${id}`).toContain(`- \`${id}\`: \`${template}\``);
    }
  });

  it('keeps a template with backticks one code span', () => {
    const meta = { ...ALL_RULE_META[0]!, id: 'x', messages: { quoted: 'set `metadata.owner` to {{team}}' } };
    expect(renderRulesMarkdown([meta])).toContain('- `quoted`: `` set `metadata.owner` to {{team}} ``\n');
  });

  it('`rules --check` passes here and fails on a stale copy', async () => {
    const stale = await makeRepo({ 'docs/rules.md': '# Gatehouse rules\n' });
    expect((await runCli(['rules', '--check'], { cwd: REPO_ROOT })).code).toBe(0);
    const { code, stderr } = await runCli(['rules', '--check', '--root', stale]);
    expect([code, stderr]).toEqual([1, 'docs/rules.md is stale: run npm run docs\n']);
  });
});

describe('schema/*.json', () => {
  const schemas = renderJsonSchemas();

  it('are what `npm run schema` would write, and nothing else is in schema/', () => {
    expect(readdirSync(join(REPO_ROOT, 'schema')).sort()).toEqual(Object.keys(schemas).sort());
    for (const [file, text] of Object.entries(schemas)) expect(read(`schema/${file}`), `schema/${file} is stale: run npm run schema`).toBe(text);
  });

  it('`schema --check` passes here and names the stale file elsewhere', async () => {
    const fresh = Object.fromEntries(Object.entries(schemas).map(([file, text]) => [`schema/${file}`, text]));
    const stale = await makeRepo({ ...fresh, 'schema/roles.schema.json': '{}\n' });
    expect((await runCli(['schema', '--check'], { cwd: REPO_ROOT })).code).toBe(0);
    const { code, stderr } = await runCli(['schema', '--check', '--root', stale]);
    expect([code, stderr]).toEqual([1, 'stale JSON Schema(s): roles.schema.json: run npm run schema\n']);
  });
});

describe('example YAML files', () => {
  const schemaOf = (file: string) => (file.startsWith('identities/') ? 'identity' : /^catalog\/(roles|accounts|policy)\.yaml$/.exec(file)?.[1]);
  const walk = (directory: string): string[] =>
    readdirSync(join(REPO_ROOT, directory), { withFileTypes: true }).flatMap((entry) => {
      const path = `${directory}/${entry.name}`;
      return entry.isDirectory() ? walk(path) : /\.ya?ml$/.test(entry.name) ? [path] : [];
    });
  const files = [...walk('catalog'), ...walk('identities')];

  // The three catalog files and at least one identity: the examples may change, not vanish.
  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(4));

  it.each(files)('%s starts with the yaml-language-server line for its schema', (file) => {
    const kind = schemaOf(file);
    expect(kind, `${file} is not a file Gatehouse reads`).toBeDefined();
    const target = posix.relative(dirname(file), `schema/${kind}.schema.json`);
    expect(read(file).split('\n')[0]).toBe(`# yaml-language-server: $schema=${target}`);
    expect(Object.keys(renderJsonSchemas())).toContain(`${kind}.schema.json`);
  });
});
