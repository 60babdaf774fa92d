import { describe, expect, it } from 'vitest';
import { emitYaml, setScalarInPlace, YamlEditError } from '../../src/adapters/yaml-edit.js';
import { parseYaml } from '../../src/loader/parse-yaml.js';

const FILE = `# yaml-language-server: $schema=../../schema/identity.schema.json
apiVersion: gatehouse/v1
kind: Identity
metadata:
  name: payments-api   # keep this comment
  owner: "@acme/payments"

spec:
  account: acme-prod
  review: { every: 90d, last: 2026-11-01 }   # reviewed by @alice
  expires: 2027-06-30
`;

describe('setScalarInPlace', () => {
  it('changes only the value, keeping comments, blank lines, flow maps and quoting', () => {
    const edited = setScalarInPlace(FILE, ['spec', 'review', 'last'], '2026-11-25');

    expect(edited).toBe(FILE.replace('last: 2026-11-01 }', 'last: 2026-11-25 }'));
  });

  it('works on block mappings and keeps the quoting style of the old value', () => {
    const block = 'spec:\n  review:\n    every: 90d\n    last: "2026-01-01" # quoted\n';
    expect(setScalarInPlace(block, ['spec', 'review', 'last'], '2026-11-25')).toBe('spec:\n  review:\n    every: 90d\n    last: "2026-11-25" # quoted\n');
    const single = "spec:\n  review: { every: 90d, last: '2026-01-01' }\n";
    expect(setScalarInPlace(single, ['spec', 'review', 'last'], '2026-11-25')).toBe("spec:\n  review: { every: 90d, last: '2026-11-25' }\n");
  });

  it('refuses what it cannot edit faithfully', () => {
    expect(() => setScalarInPlace(FILE, ['spec', 'missing', 'last'], 'x')).toThrow(YamlEditError);
    expect(() => setScalarInPlace(FILE, ['spec', 'review'], 'x')).toThrow(/not a single value/);
    expect(() => setScalarInPlace('a: [1\n', ['a'], 'x')).toThrow(/not valid YAML/);
  });
});

describe('emitYaml', () => {
  it('prints a header, comments above keys and inline workload maps, and reads back to the same data', () => {
    const data = { metadata: { name: 'x', owner: '' }, spec: { workload: { eks: { cluster: 'c', namespace: 'n', serviceAccount: 's' } }, grants: [{ statement: { actions: ['s3:GetObject'] }, reason: 'imported' }] } };

    const text = emitYaml(data, { header: ['first line', 'second line'], comments: [{ path: ['metadata', 'owner'], comment: 'TODO: fill in' }], flow: [['spec', 'workload', 'eks']] });

    expect(text.startsWith('# first line\n# second line\n')).toBe(true);
    expect(text).toContain('  # TODO: fill in\n  owner: ""\n');
    expect(text).toContain('eks: { cluster: c, namespace: n, serviceAccount: s }');
    const parsed = parseYaml(text);
    expect(parsed.ok && parsed.value.data).toEqual(data);
  });
});
