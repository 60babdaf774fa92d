/**
 * The position index recorded on the first parse must give exactly what `positionOf` gives on the
 * syntax tree it replaces: the tree is the oracle, the index is what the loader keeps.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { DocPath } from '../../src/core/model.js';
import { positionOf } from '../../src/loader/locate.js';
import { parseYaml } from '../../src/loader/parse-yaml.js';
import { PositionIndex } from '../../src/loader/position-index.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function indexed(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const index = PositionIndex.build(doc, lineCounter);
  const at = (path: DocPath, key = false) => {
    const { line, column } = index.position(path, { key });
    return `${line}:${column}`;
  };
  const oracle = (path: DocPath, key = false) => {
    const { line, column } = positionOf(doc, lineCounter, path, { key });
    return `${line}:${column}`;
  };
  return { doc, lineCounter, index, at, oracle };
}

/** Every path of a node, as rules and zod write them (keys as strings, list items as numbers). */
function nodePaths(node: unknown, path: DocPath = []): DocPath[] {
  const paths: DocPath[] = [path];
  if (isMap(node)) {
    for (const pair of node.items) if (isPair(pair) && isScalar(pair.key)) paths.push(...nodePaths(pair.value, [...path, String(pair.key.value)]));
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => paths.push(...nodePaths(item, [...path, i])));
  }
  return paths;
}

const IDENTITY = [
  'apiVersion: gatehouse/v1',
  'kind: Identity',
  'metadata:',
  '  name: orders-api',
  '  owner: "@acme/orders"',
  'spec:',
  '  account: acme-prod',
  '  workload: { eks: { cluster: prod-main, namespace: orders } }',
  '  grants:',
  '    - role: sqs-sender',
  '      params:',
  '        queue: orders',
  '    - statement:',
  '        actions: [sqs:SendMessage, sqs:GetQueueUrl]',
  '        resources:',
  '          - arn:aws:sqs:us-east-1:111122223333:orders',
  '      reason: Publish order events',
  '  review: { every: 90d, last: 2026-11-01 }',
  '',
].join('\n');

describe('PositionIndex', () => {
  const { at } = indexed(IDENTITY);

  it('locates a deep path: a list item inside a list inside a grant', () => {
    expect(at(['spec', 'grants', 1, 'statement', 'resources', 0])).toBe('16:13');
    expect(at(['spec', 'grants', 1, 'statement', 'actions', 1])).toBe('14:36');
  });

  it('falls back from a missing leaf to its nearest recorded ancestor', () => {
    expect(at(['spec', 'grants', 0, 'params', 'prefix'])).toBe('11:7');
    expect(at(['spec', 'grants', 5, 'role'])).toBe('9:3');
    expect(at(['spec', 'expires'])).toBe('6:1');
    expect(at(['nowhere', 'at', 'all'])).toBe('1:1');
  });

  it('gives the key of a field when asked (unknown fields) and the value otherwise', () => {
    expect(at(['spec', 'account'], true)).toBe('7:3');
    expect(at(['spec', 'account'])).toBe('7:12');
    // A list item has no key: asking for one gives the item.
    expect(at(['spec', 'grants', 0], true)).toBe('10:7');
    // A missing key falls back to its parent's value, as positionOf does.
    expect(at(['spec', 'expries'], true)).toBe('6:1');
  });

  it('locates a flow collection where it opens and a block collection at its key', () => {
    expect(at(['spec', 'workload'])).toBe('8:13');
    expect(at(['spec', 'workload', 'eks'])).toBe('8:20');
    expect(at(['spec', 'workload', 'eks', 'namespace'])).toBe('8:53');
    expect(at(['spec', 'review', 'last'])).toBe('18:31');
    expect(at(['spec', 'grants'])).toBe('9:3');
    expect(at(['spec', 'grants', 0, 'params'])).toBe('11:7');
    expect(at(['spec', 'grants', 1, 'statement', 'resources'])).toBe('15:9');
    expect(at(['spec', 'grants', 1, 'statement', 'actions'])).toBe('14:18');
  });

  it('answers many paths of one file, each on its own line', () => {
    const paths: DocPath[] = [['metadata', 'name'], ['metadata', 'owner'], ['spec', 'account'], ['spec', 'grants', 0, 'role'], ['spec', 'grants', 0, 'params', 'queue'], ['spec', 'grants', 1, 'reason'], ['spec', 'review', 'every']];
    expect(paths.map((p) => at(p))).toEqual(['4:9', '5:10', '7:12', '10:13', '12:16', '17:15', '18:20']);
  });

  it('matches a numeric segment to a mapping key that reads as the number, and keeps the first of two such keys', () => {
    const { at: numeric } = indexed('rules:\n  0: first\n  "0": second\nlist: [a, b]\n');
    expect(numeric(['rules', 0])).toBe('2:6');
    expect(numeric(['rules', '0'])).toBe('2:6');
    // A list is indexed by number only, as positionOf does.
    expect(numeric(['list', 1])).toBe('4:11');
    expect(numeric(['list', '1'])).toBe('4:7');
  });

  it('counts lines like yaml does: CRLF line ends, a byte-order mark stripped, a document without a final newline', () => {
    for (const text of ['a: 1\r\nb:\r\n  c: 2\r\n', 'a: 1\nb: { c: 2 }', 'a:\n\n\n  - x\n  - y']) {
      const { oracle, at: here, doc } = indexed(text);
      for (const path of nodePaths(doc.contents)) expect(here(path), JSON.stringify([text, path])).toBe(oracle(path));
    }
  });
});

describe('PositionIndex in a hostile file', () => {
  it('keeps a literal dotted key apart from the path it spells, and segment boundaries apart', () => {
    const { at } = indexed('"spec.account": decoy\nab:\n  c: one\na:\n  bc: two\nspec:\n  account: real\n');
    expect(at(['spec', 'account'])).toBe('7:12');
    expect(at(['spec.account'])).toBe('1:17');
    expect(at(['ab', 'c'])).toBe('3:6');
    expect(at(['a', 'bc'])).toBe('5:7');
  });

  it('stops at an alias where the file refers to it, never at the anchor elsewhere in the file, as positionOf does', () => {
    const text = 'base: &base\n  actions: [s3:GetObject]\n  resources: ["*"]\nspec:\n  grants:\n    - statement: *base\n    - statement:\n        <<: *base\n        reason: merged\n';
    const { at, oracle, doc } = indexed(text);
    expect(at(['spec', 'grants', 0, 'statement', 'resources'])).toBe('6:18');
    for (const path of [...nodePaths(doc.contents), ['spec', 'grants', 0, 'statement', 'actions', 0], ['spec', 'grants', 1, 'statement', 'resources']]) {
      expect(at(path), JSON.stringify(path)).toBe(oracle(path));
    }
  });

  it('locates each of 20,000 sibling keys that differ by one character exactly (no collision sends one to another)', () => {
    const text = `keys:\n${Array.from({ length: 20_000 }, (_, i) => `  k${i}: v${i}\n`).join('')}`;
    const { index } = indexed(text);
    for (let i = 0; i < 20_000; i++) expect(index.position(['keys', `k${i}`], { key: true }).line).toBe(i + 2);
  });
});

describe('PositionIndex against positionOf on a fresh parse of real files', () => {
  it('gives the same position for every node path, its key, a missing child and an index past the end', async () => {
    const files = ['catalog/roles.yaml', 'catalog/accounts.yaml', 'catalog/policy.yaml'];
    for (const team of await readdir(join(REPO, 'identities'))) {
      for (const name of await readdir(join(REPO, 'identities', team))) files.push(`identities/${team}/${name}`);
    }
    let compared = 0;
    for (const file of files) {
      const text = await readFile(join(REPO, file), 'utf8');
      // The index the loader keeps, from its own parse; the oracle from a parse of its own.
      const parsed = parseYaml(text);
      if (!parsed.ok) throw new Error(`${file} does not parse`);
      const { oracle, doc } = indexed(text);
      for (const path of nodePaths(doc.contents)) {
        for (const probe of [path, [...path, 'missing'], [...path, 999], [...path, 0]]) {
          for (const key of [false, true]) {
            const got = parsed.value.positions.position(probe, { key });
            expect(`${got.line}:${got.column}`, `${file} ${JSON.stringify(probe)} key=${key}`).toBe(oracle(probe, key));
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });
});
