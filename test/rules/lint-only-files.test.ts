/**
 * Plan lints only the identities it changes (`onlyFiles`): repository rules still read every
 * identity, and the desired state builds another identity only when it claims a name or secret
 * one of them claims. What it reports for those files must be exactly what a whole lint reports
 * for them. Checked over every rule table's cases, each focused on one file at a time and on every
 * other file, and against the abuse it must not open: an unchanged identity's claim still counts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fileSystemSource } from '../../src/adapters/fs-file-source.js';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { ActionExpander } from '../../src/core/aws/action-patterns.js';
import { lintRepository, type LintResult } from '../../src/core/lint/engine.js';
import { desiredState } from '../../src/core/desired/desired-state.js';
import type { Finding } from '../../src/core/lint/types.js';
import type { Repository } from '../../src/core/model.js';
import { RULES } from '../../src/core/rules/index.js';
import { loadRepository } from '../../src/loader/load-repository.js';
import { makeRepo, removeRepos } from '../support/repo-fixture.js';
import { identity, TODAY } from './harness.js';
import { ALL_TABLES } from './tables.js';

afterAll(removeRepos);

const expander = new ActionExpander(new IamDataCatalog());

const lint = (repository: Repository, onlyFiles?: ReadonlySet<string>) => lintRepository(repository, { today: TODAY, expander, rules: RULES, ...(onlyFiles ? { onlyFiles } : {}) });

/** Findings as comparable text, in a stable order. */
const described = (findings: readonly Finding[]) => findings.map((finding) => JSON.stringify([finding.file, finding.ruleId, finding.messageId, finding.message, finding.path, finding.severity])).sort();

function restricted(result: LintResult, files: ReadonlySet<string>) {
  return { findings: described(result.findings.filter((f) => files.has(f.file))), suppressed: described(result.suppressed.filter((f) => files.has(f.file))) };
}

async function loaded(files: Parameters<typeof makeRepo>[0]): Promise<Repository | undefined> {
  return (await loadRepository(fileSystemSource(await makeRepo(files)))).repository;
}

const cases = ALL_TABLES.flatMap((table) => [...table.fires, ...table.passes].map((ruleCase) => ({ rule: table.rule, ruleCase })));

describe('lint of some identity files says of them what a whole lint says', () => {
  it.each(cases.map(({ rule, ruleCase }) => [`${rule}: ${ruleCase.name}`, ruleCase] as const))('%s', async (_name, ruleCase) => {
    const repository = await loaded(ruleCase.files);
    if (!repository || repository.identities.length === 0) return;
    const whole = lint(repository);
    const wholeProblems = desiredState(repository, { today: TODAY, problemsOnly: true }).problems;
    const files = repository.identities.map((sourced) => sourced.file);
    const focuses = [...files.map((file) => new Set([file])), new Set(files.filter((_, index) => index % 2 === 1))];
    for (const focus of focuses) {
      const partial = lint(repository, focus);
      expect(restricted(partial, focus), [...focus].join(', ')).toEqual(restricted(whole, focus));
      // Nothing outside the focus is said: the caller must not read it as a verdict on other files.
      expect([...partial.findings, ...partial.suppressed].every((finding) => focus.has(finding.file))).toBe(true);
      // The desired state's own problems too, whichever rule reports them (duplicate-name among them).
      const problems = desiredState(repository, { today: TODAY, problemsOnly: true, focus }).problems;
      const inFocus = (list: typeof problems) => list.filter((problem) => focus.has(problem.file)).map((problem) => JSON.stringify(problem)).sort();
      expect(inFocus(problems)).toEqual(inFocus(wholeProblems));
    }
  });

  it('checks enough cases to mean something', () => {
    expect(cases.length).toBeGreaterThan(300);
  });
});

describe('abuse: a changed identity cannot hide behind an unchanged one being left out', () => {
  const claimer = (name: string, owner: string) => identity({ name, owner, specExtra: 'secrets:\n  - name: payments/stripe-key\n    rotateEvery: 30d' });

  it("reports the payments team's secret claimed by a new identity although only the new one is linted", async () => {
    const repository = await loaded({
      'identities/payments/a-payments-api.yaml': claimer('a-payments-api', '@acme/payments'),
      'identities/data/z-data-grab.yaml': claimer('z-data-grab', '@acme/data'),
    });
    const focus = new Set(['identities/data/z-data-grab.yaml']);
    const partial = lint(repository!, focus);
    expect(partial.findings.filter((f) => f.ruleId === 'synth-constraints').map((f) => [f.file, f.messageId])).toEqual([['identities/data/z-data-grab.yaml', 'secret-claimed-by-another']]);
  });

  it('reports a new identity that takes the IAM name of an unchanged one', async () => {
    const repository = await loaded({
      'identities/payments/payments-api.yaml': identity({ name: 'payments-api' }),
      'identities/data/payments-api.yaml': identity({ name: 'payments-api', owner: '@acme/data' }),
    });
    const focus = new Set(['identities/payments/payments-api.yaml']);
    const partial = lint(repository!, focus);
    expect(partial.findings.filter((f) => f.ruleId === 'duplicate-name').map((f) => f.file)).toEqual(['identities/payments/payments-api.yaml']);
  });
});
