/**
 * The everyday CLI: "did you mean", per-command help, the root found by walking up, colour,
 * --quiet / --max-warnings, impossible dates, and lint scoped to what a change touches.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { git } from '../lifecycle/git-fixture.js';
import { identity, identityFile, rolesWith, statementGrant, TODAY } from '../rules/harness.js';
import { makeRepo, removeRepos, REPO_ROOT } from '../support/repo-fixture.js';
import { runCli } from './run-cli.js';

afterAll(removeRepos);

// payments is clean; data's review is long overdue (an error on a date, not on anyone's change).
const CLEAN = identity();
const OVERDUE = identity({ name: 'data-job', owner: '@acme/data', review: '{ every: 90d, last: 2025-01-01 }' });
const FILES = { [identityFile()]: CLEAN, [identityFile('data-job', 'data')]: OVERDUE };

describe('did you mean', () => {
  it('names the command a typo meant, in a few lines, with exit 2', async () => {
    const { code, stderr, stdout } = await runCli(['lnt']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('gatehouse: unknown command "lnt". Did you mean "lint"?\nRun `gatehouse --help` for the list of commands.\n');
  });

  it('names the option a typo meant', async () => {
    const { code, stderr } = await runCli(['lint', '--fromat', 'json']);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('gatehouse lint: unknown option --fromat. Did you mean --format?');
    expect(stderr.split('\n').length).toBeLessThanOrEqual(4);
  });

  it('names the value a typo meant', async () => {
    const { stderr } = await runCli(['lint', '--format', 'josn']);
    expect(stderr).toMatch(/--format must be one of text, json, sarif, github, not "josn" Did you mean "json"\?/);
  });
});

describe('<command> --help', () => {
  for (const [name, command] of Object.entries(COMMANDS)) {
    it(`${name}: describes every option it accepts, with examples that parse`, async () => {
      const { code, stdout } = await runCli([name, '--help']);
      expect(code).toBe(0);
      const options = Object.keys(command.options);
      expect(options.length).toBeGreaterThan(0);
      for (const option of options) expect(stdout).toMatch(new RegExp(`^ {2}(-\\w, )? *--${option}\\b.*\\S`, 'm'));
      expect(command.examples.length).toBeGreaterThan(0);
      for (const example of command.examples) {
        expect(stdout).toContain(`  ${example}`);
        // Every example is a real invocation: it parses with the command's own options.
        const words = example.replace(/\s+#.*$/, '').replace(/\s*>.*$/, '').split(/\s+/);
        expect(words.slice(0, 2)).toEqual(['gatehouse', name]);
        expect(() => parse(words.slice(2), command.options, true)).not.toThrow();
      }
    });
  }

  it('every command parses with its table in options.ts, so nothing it accepts goes undocumented', () => {
    const directory = join(REPO_ROOT, 'src/cli/commands');
    for (const file of readdirSync(directory)) {
      expect(readFileSync(join(directory, file), 'utf8'), file).not.toMatch(/parse\(argv, \{/);
    }
  });
});

describe('the repository root', () => {
  let root: string;
  beforeAll(async () => {
    root = await makeRepo(FILES);
  });

  it('is found by walking up from the working directory, as git finds .git', async () => {
    const { code, stdout } = await runCli(['lint', '--today', TODAY], { cwd: join(root, 'identities/data') });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^identities\/data\/data-job\.yaml:\d+:\d+ error review /m);
  });

  it('--root still wins', async () => {
    const other = await makeRepo({ [identityFile()]: CLEAN });
    const { code, stdout } = await runCli(['lint', '--today', TODAY, '--root', other], { cwd: join(root, 'identities/data') });
    expect([code, stdout.trim()]).toEqual([0, '1 identities checked: 0 error(s), 0 warning(s), 0 note(s)']);
  });
});

describe('colour', () => {
  let root: string;
  beforeAll(async () => {
    root = await makeRepo(FILES);
  });
  const lint = (env: Record<string, string>, extra: string[] = [], isTTY = false) => runCli(['lint', '--root', root, '--today', TODAY, ...extra], { env, isTTY });
  const ESC = '\u001b[';

  it('is used on a terminal and never when piped', async () => {
    expect((await lint({}, [], true)).stdout).toContain(`${ESC}31merror`);
    expect((await lint({})).stdout).not.toContain(ESC);
  });

  it('honours NO_COLOR, FORCE_COLOR and --no-color (which wins)', async () => {
    expect((await lint({ NO_COLOR: '1' }, [], true)).stdout).not.toContain(ESC);
    expect((await lint({ FORCE_COLOR: '1' })).stdout).toContain(ESC);
    expect((await lint({ FORCE_COLOR: '1' }, ['--no-color'], true)).stdout).not.toContain(ESC);
  });
});

describe('--quiet and --max-warnings', () => {
  let root: string;
  beforeAll(async () => {
    // One warning (an action wildcard on a scoped resource), no errors.
    root = await makeRepo({
      [identityFile()]: identity({ grants: statementGrant('actions: ["sqs:Send*"]\nresources: ["arn:aws:sqs:us-east-1:111122223333:orders"]') }),
    });
  });
  const lint = (...extra: string[]) => runCli(['lint', '--root', root, '--today', TODAY, ...extra]);

  it('--quiet prints errors only, the summary still counts the warnings', async () => {
    const loud = await lint();
    expect(loud.stdout).toMatch(/ warning action-wildcard /);
    const quiet = await lint('--quiet');
    expect(quiet.stdout).not.toMatch(/ warning /);
    expect(quiet.stdout).toMatch(/0 error\(s\), 1 warning\(s\)/);
    expect(quiet.code).toBe(0);
  });

  it('--max-warnings N fails a run with more than N warnings, as eslint does', async () => {
    expect((await lint('--max-warnings', '1')).code).toBe(0);
    const over = await lint('--max-warnings', '0');
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('gatehouse lint: 1 warning(s), more than --max-warnings 0\n');
    expect((await lint('--max-warnings', 'lots')).code).toBe(2);
  });
});

describe('--today', () => {
  it('refuses an impossible date like any other bad date', async () => {
    const { code, stderr } = await runCli(['lint', '--today', '2026-02-30']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--today takes a date YYYY-MM-DD, not "2026-02-30"/);
  });
});

describe('lint scoped to a change', () => {
  it('lint PATH: findings in other teams\' files are notes and do not fail the run', async () => {
    const root = await makeRepo(FILES);
    const mine = await runCli(['lint', '--today', TODAY, 'identities/payments'], { cwd: root });
    expect(mine.code).toBe(0);
    expect(mine.stdout).toMatch(/data-job\.yaml:\d+:\d+ info review .*\[outside this change/);
    const theirs = await runCli(['lint', '--today', TODAY, 'identities/data/'], { cwd: root });
    expect(theirs.code).toBe(1);
    expect((await runCli(['lint', '--today', TODAY, '../elsewhere'], { cwd: root })).code).toBe(2);
  });

  describe('--changed-since REF, in a real git repository', () => {
    let root: string;
    beforeAll(async () => {
      root = await makeRepo(FILES);
      git(root, 'init', '--quiet');
      git(root, 'add', '.');
      git(root, 'commit', '--quiet', '-m', 'base');
      git(root, 'branch', 'base');
    });
    const lint = () => runCli(['lint', '--today', TODAY, '--changed-since', 'base', '--format', 'json'], { cwd: root });
    const errorsOf = async () => {
      const report = JSON.parse((await lint()).stdout) as { findings: { file: string; severity: string; ruleId: string }[] };
      return report.findings.filter((f) => f.severity === 'error').map((f) => `${f.file} ${f.ruleId}`);
    };

    it('an unrelated team\'s overdue review does not fail my change, committed or not', async () => {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(root, identityFile()), CLEAN.replace('Test workload', 'The workload'));
      expect((await lint()).code).toBe(0);
      git(root, 'commit', '--quiet', '-am', 'describe it');
      expect((await lint()).code).toBe(0);
    });

    it('my change to that file is judged: the error is mine now', async () => {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(root, identityFile('data-job', 'data')), OVERDUE.replace('Test workload', 'The data workload'));
      expect(await errorsOf()).toEqual(['identities/data/data-job.yaml review']);
      git(root, 'checkout', '--quiet', '--', 'identities/data/data-job.yaml');
    });

    it('a catalog role edit puts the identities granted that role in scope, and only them', async () => {
      const { readFile, writeFile } = await import('node:fs/promises');
      const roles = join(root, 'catalog/roles.yaml');
      const original = await readFile(roles, 'utf8');
      // A role nobody is granted: the overdue identity stays outside the change.
      await writeFile(roles, rolesWith('sqs-sender-wide:\n  description: Unused.\n  owner: "@acme/platform"\n  workloads: [eks]\n  statements:\n    - actions: [sqs:SendMessage]\n      resources: ["arn:aws:sqs:*:*:*"]'));
      expect(await errorsOf()).toEqual([]);
      // sqs-sender is granted to both: its edit changes data-job's access, so data-job answers for it.
      await writeFile(roles, original.replace('sqs:GetQueueAttributes]', 'sqs:GetQueueAttributes, sqs:ListQueues]'));
      expect(await errorsOf()).toEqual(['identities/data/data-job.yaml review']);
      await writeFile(roles, original);
    });

    it('an unknown ref is a message, exit 2', async () => {
      const { code, stderr } = await runCli(['lint', '--changed-since', 'no-such-ref'], { cwd: root });
      expect(code).toBe(2);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  });
});
