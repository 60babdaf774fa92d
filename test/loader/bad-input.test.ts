/**
 * Hostile and broken files through the whole CLI: each gives one clear message naming the file (and
 * the line where there is one), exit 1, no stack trace, and every other file is still checked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { runCli, STACK_FRAME } from '../cli/run-cli.js';
import { identity, identityFile, TODAY } from '../rules/harness.js';

afterAll(removeRepos);

const BAD = 'identities/payments/bad.yaml';
/** Valid, but expired: its expiry finding proves the other files were still linted. */
const FLAWED = { [identityFile('flawed')]: identity({ name: 'flawed', expires: '2026-10-01' }) };
const FLAWED_FINDING = 'identities/payments/flawed.yaml:15:12 error expiry expired on 2026-10-01';

const aliasBomb = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');

interface BadInput {
  readonly name: string;
  readonly content: string | Uint8Array;
  /** The line of text output the file must produce (file:line:col severity rule message). */
  readonly reported: RegExp;
}

const cases: BadInput[] = [
  { name: 'a syntax error', content: 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata:\n  name: [oops\n', reported: /^identities\/payments\/bad\.yaml:5:1 error yaml-syntax YAML syntax error: / },
  { name: 'a value of the wrong type', content: identity({ name: 'bad', specExtra: 'sessionHours: "two"' }), reported: /^identities\/payments\/bad\.yaml:17:17 error schema-invalid "spec\.sessionHours" must be a number, not string "two"$/ },
  { name: 'an unknown field', content: identity({ name: 'bad', specExtra: 'expries: 2027-01-01' }), reported: /^identities\/payments\/bad\.yaml:17:3 error schema-invalid unknown field "expries"\. Did you mean "expires"\?/ },
  { name: 'a duplicate key', content: identity({ name: 'bad', specExtra: 'expires: 2027-01-01' }), reported: /^identities\/payments\/bad\.yaml:17:3 error yaml-syntax duplicate key: each field may appear once/ },
  { name: 'an alias bomb', content: aliasBomb, reported: /^identities\/payments\/bad\.yaml:1:1 error yaml-syntax too many alias expansions \(over 100\)/ },
  { name: 'several documents', content: `${identity({ name: 'bad' })}---\n${identity({ name: 'bad2' })}`, reported: /^identities\/payments\/bad\.yaml:17:1 error yaml-syntax file holds several YAML documents/ },
  { name: 'an empty file', content: '', reported: /^identities\/payments\/bad\.yaml:1:1 error file-unreadable file is empty/ },
  { name: 'a binary file', content: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), reported: /^identities\/payments\/bad\.yaml:1:1 error file-unreadable file is binary/ },
  { name: 'a file that is not UTF-8', content: new Uint8Array([...new TextEncoder().encode('description: Stra'), 0xdf, 0x65, 0x0a]), reported: /^identities\/payments\/bad\.yaml:1:1 error file-unreadable file is not valid UTF-8/ },
  { name: 'an oversized file', content: `description: ${'x'.repeat(256 * 1024)}\n`, reported: /^identities\/payments\/bad\.yaml:1:1 error file-unreadable file is 262158 bytes, over the 262144-byte limit/ },
  { name: 'a name carrying ${...}', content: identity({ name: '"bad-${aws:username}"' }), reported: /^identities\/payments\/bad\.yaml:4:9 error schema-invalid "metadata\.name": a name is lower-case letters, digits and "-"/ },
  { name: 'a bidirectional override character', content: identity({ name: 'bad', description: 'Orders \u202Eipa\u202C workload, running in prod' }), reported: /^identities\/payments\/bad\.yaml:6:16 error yaml-syntax a string contains an invisible control or bidirectional character \(U\+202E\)/ },
  { name: 'a NUL-free control character', content: identity({ name: 'bad', description: 'Orders workload \u001b[31m in red' }), reported: /^identities\/payments\/bad\.yaml:6:16 error yaml-syntax .*\(U\+001B\)/ },
];

describe('bad identity files through `gatehouse lint`', () => {
  it.each(cases)('$name', async ({ content, reported }) => {
    const root = await makeRepo({ [BAD]: content, ...FLAWED });
    const { code, stdout, stderr } = await runCli(['lint', '--root', root, '--today', TODAY]);
    const lines = stdout.split('\n');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).not.toMatch(STACK_FRAME);
    expect(lines.filter((l) => l.startsWith(BAD)), stdout).toEqual([expect.stringMatching(reported)]);
    expect(lines.some((l) => l.startsWith(FLAWED_FINDING)), stdout).toBe(true);
    // A file that cannot be read is still counted: it is never mistaken for a removed identity.
    expect(stdout).toMatch(/^2 identities checked: /m);
  });
});

describe('unresolvable references, with "did you mean"', () => {
  it.each([
    ['an unknown account', identity({ name: 'bad', account: 'acme-prdo' }), /8:12 error unknown-account unknown account "acme-prdo"\. Did you mean "acme-prod"\?/],
    ['an unknown role', identity({ name: 'bad', grants: '- role: s3-object-readr\n  params: { bucket: acme-orders }' }), /13:13 error grant-reference unknown catalog role "s3-object-readr"\. Did you mean "s3-object-reader"\?/],
    ['an unknown parameter', identity({ name: 'bad', grants: '- role: s3-object-reader\n  params: { bucket: acme-orders, prefx: in/ }' }), /14:45 error grant-reference catalog role has no parameter "prefx"\. Did you mean "prefix"\?/],
  ])('%s', async (_name, content, reported) => {
    const root = await makeRepo({ [BAD]: content, ...FLAWED });
    const { code, stdout } = await runCli(['validate', '--root', root, '--today', TODAY]);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`^identities/payments/bad\\.yaml:${reported.source}`, 'm'));
  });
});

describe('a broken catalog', () => {
  it('is reported with its line, and identity files are still read and schema-checked', async () => {
    const root = await makeRepo({
      'catalog/accounts.yaml': 'apiVersion: gatehouse/v1\nkind: AccountCatalog\naccounts:\n  acme-prod:\n    id: 111122223333\n',
      [BAD]: identity({ name: 'bad', specExtra: 'expries: 2027-01-01' }),
      ...FLAWED,
    });
    const { code, stdout, stderr } = await runCli(['lint', '--root', root, '--today', TODAY]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^catalog\/accounts\.yaml:5:9 error schema-invalid "accounts\.acme-prod\.id" must be a string, not number 111122223333$/m);
    expect(stdout).toMatch(/^identities\/payments\/bad\.yaml:17:3 error schema-invalid unknown field "expries"/m);
  });
});
