/**
 * The markdown escaping, property-tested against hostile strings with an independent GFM parser
 * (micromark, the parser behind remark): whatever the string, it renders as the text it is and
 * never as structure — no emphasis, link, image, HTML, extra table cell or live mention.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { code, flatten, html, md, codeSpan, mention, neutralize, text } from '../../src/render/markdown-escape.js';
import type { ReconcileFinding } from '../../src/core/lifecycle/checks.js';
import type { ReconcileRun } from '../../src/core/lifecycle/run.js';
import { renderReconcileIssue, renderReconcileMarkdown } from '../../src/render/reconcile-markdown.js';
import { forgedMarkdown, nodes, parseMarkdown, type MarkdownNode as Node } from '../support/markdown.js';

/** Pieces an attacker would combine: markdown syntax, HTML, mentions, links, invisible characters. */
const FRAGMENTS = [
  '`', '``', '```', '**', '__', '*', '_', '~~', '|', '\\', '\\|', '\n', '\r\n', '\t', ' ', '  ',
  '@acme/security', '@acme', 'Approved by ', '<img src=x onerror=alert(1)>', '<details>', '</summary>', '<!--', '-->',
  '[click](https://evil.example)', '![i](https://evil.example/i.png)', '&amp;', '&#64;', '&lt;', '$x$', '$$',
  '# ', '> ', '- ', '+ ', '1. ', '2) ', '=== ', '---', 'www.evil.example', 'https://evil.example', 'a@b.co',
  '\u202e', '\u200b', '\u2066', '\ufeff', '\u0000', 'x', 'payments-api', ':', '{', '}', '"', "'",
];
const hostile = fc.oneof(
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const joinerFree = (value: string) => value.replace(/\u2060/g, '');
/** What GFM does to a code value inside a table cell: `\|` is unescaped, other backslashes stay. */
const codeInTable = (value: string) => flatten(value).replace(/(\\*)\|/g, (_, slashes: string) => `${slashes}${slashes}|`);

function onlyText(node: Node): boolean {
  return (node.children ?? []).every((child) => child.type === 'text');
}

function liveMention(tree: Node): boolean {
  return nodes(tree).some((node) => node.type === 'text' && /(^|[^\w`])@[A-Za-z0-9]/.test(node.value ?? ''));
}

describe('markdown escaping', () => {
  it('text(): any string in a paragraph is one text node with its own characters', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const tree = parseMarkdown(`- Risk: ${text(value)} · end`);
        const paragraph = nodes(tree).filter((node) => node.type === 'paragraph');
        expect(paragraph).toHaveLength(1);
        expect(onlyText(paragraph[0]!)).toBe(true);
        expect(joinerFree(paragraph[0]!.children!.map((child) => child.value).join(''))).toBe(joinerFree(`Risk: ${neutralize(value)} · end`));
        expect(liveMention(tree)).toBe(false);
        expect(nodes(tree).some((node) => ['link', 'image', 'html', 'strong', 'emphasis', 'delete', 'inlineCode', 'inlineMath', 'heading', 'blockquote'].includes(node.type))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('text() and code() in a table row: three cells, whatever the strings', () => {
    fc.assert(
      fc.property(hostile, hostile, (first, second) => {
        const tree = parseMarkdown(`| A | B | C |\n| --- | --- | --- |\n| ${text(first)} | ${code(second)} | end |`);
        const rows = nodes(tree).filter((node) => node.type === 'tableRow');
        expect(rows).toHaveLength(2);
        const cells = rows[1]!.children!;
        expect(cells).toHaveLength(3);
        expect(onlyText(cells[0]!)).toBe(true);
        expect(joinerFree((cells[0]!.children ?? []).map((child) => child.value).join(''))).toBe(joinerFree(neutralize(first).trim()));
        expect(cells[1]!.children).toHaveLength(1);
        expect(cells[1]!.children![0]).toMatchObject({ type: 'inlineCode', value: codeInTable(second) === '' ? ' ' : codeInTable(second) });
        expect(cells[2]!.children).toEqual([expect.objectContaining({ type: 'text', value: 'end' })]);
        expect(liveMention(tree)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('code() outside tables keeps the value, backticks and all, in one code span', () => {
    fc.assert(
      fc.property(hostile.filter((value) => !value.includes('|')), (value) => {
        const tree = parseMarkdown(`- File: ${code(value)} end`);
        const spans = nodes(tree).filter((node) => node.type === 'inlineCode');
        expect(spans).toHaveLength(1);
        expect(spans[0]!.value).toBe(flatten(value) === '' ? ' ' : flatten(value));
        expect(nodes(tree).some((node) => ['html', 'strong', 'link', 'image'].includes(node.type))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('html() inside our <summary> cannot open a tag or mention anyone', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const escaped = html(value);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped).not.toMatch(/@[A-Za-z0-9]/);
        expect(escaped).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 300 },
    );
  });

  it('mention() mentions a team slug and nothing else', () => {
    expect(mention('@acme/security')).toBe('@acme/security');
    fc.assert(
      fc.property(hostile, (value) => {
        const rendered = mention(value);
        if (/^@[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(value)) expect(rendered).toBe(value);
        else expect(forgedMarkdown(`- to ${rendered}`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('md`` escapes what it interpolates and keeps what the module built', () => {
    const built = md`${'**Approved** by @acme/security'} in ${codeSpan('a`b')}`;
    const tree = parseMarkdown(built.source);
    expect(nodes(tree).map((node) => node.type)).toEqual(['root', 'paragraph', 'text', 'inlineCode']);
    expect(liveMention(tree)).toBe(false);
  });

  it('the attack from the issue: a description that closes its code span renders as the text it is', () => {
    const description = 'ok`` **Approved by @acme/security** <img src="https://evil.example/x.png"> ``';
    const tree = parseMarkdown(`- description: ${code('old')} → ${code(description)}`);
    expect(nodes(tree).filter((node) => node.type === 'inlineCode').map((node) => node.value)).toEqual(['old', description]);
    expect(nodes(tree).some((node) => node.type === 'strong' || node.type === 'html')).toBe(false);
  });
});

describe('lifecycle renderers: names and messages from live AWS and from user files', () => {
  // IAM allows `@`, `_`, `+`, `=`, `,`, `.` in role names; tags, errors and reasons can hold anything.
  const roleName = fc.array(fc.constantFrom('@acme', '-security', '__init__', '+', '=', ',', '.', 'x'), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

  it('a reconcile issue and the reconcile report forge nothing, whatever AWS and the catalog say', () => {
    fc.assert(
      fc.property(roleName, hostile, hostile, hostile, (name, message, detail, error) => {
        const finding: ReconcileFinding = { kind: 'shadow', account: 'acme-prod', resource: { type: 'role', name }, owner: '@acme/security', message, details: [detail], identity: name, file: `identities/x/${name}.yaml` };
        const run: ReconcileRun = {
          today: '2026-11-25',
          accounts: [
            { key: 'acme-prod', id: '111122223333', status: 'read', counts: { roles: 1, users: 0, secrets: 0 }, findings: 1, millis: 1 },
            { key: 'acme-dev', id: '444455556666', status: 'unreachable', error, findings: 0, millis: 1 },
          ],
          findings: [finding],
          partial: true,
          scoped: false,
          notes: [message],
          knownUnmanaged: [{ account: 'acme-prod', type: 'role', name, arn: `arn:aws:iam::111122223333:role/${name}`, entry: name, reason: detail, owner: '@acme/platform' }],
          unmatchedExemptions: [],
        };
        const own = [/^<br>$/];
        const body = renderReconcileIssue('@acme/security', 'shadow', [finding], run).body;
        // The team the issue is addressed to is mentioned on purpose, once, so that GitHub notifies it.
        expect(body.startsWith('@acme/security: ')).toBe(true);
        expect(forgedMarkdown(body.slice('@acme/security: '.length), own)).toEqual([]);
        expect(forgedMarkdown(renderReconcileMarkdown(run), own)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
