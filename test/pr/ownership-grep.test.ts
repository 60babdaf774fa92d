/**
 * `gatehouse plan` finds the base files that matter to ownership by git grep, one pass per search:
 * the search's patterns and its owner line in one alternation, the owner's files told apart from
 * git's matched lines by `isOwnerLine`. git is the oracle here: a file the JS test calls the
 * owner's must be one git's owner-line regex matched, or a base file that matters would go unread.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_GREP_PATTERN_CHARACTERS, openGitRepository } from '../../src/adapters/git/git-repository.js';
import { isOwnerLine, ownerLine } from '../../src/app/ownership-candidates.js';
import { removeRepos } from '../support/repo-fixture.js';
import { makeGitRepo } from './support/fixtures.js';

afterAll(removeRepos);

const TEAM = '@acme/Pay.ments';

describe('the one-pass ownership search', () => {
  it('returns each matched line by file, for every alternative, with a path that holds a line break', async () => {
    const fixture = await makeGitRepo({}, { examples: false });
    const commit = await fixture.commit('files', {
      'identities/a.yaml': 'metadata:\n  name: a\n  owner: "@acme/Pay.ments"\nspec:\n  secrets: []\n',
      'identities/odd\nname.yaml': 'spec:\n  workload: { eks: { serviceAccount: payments-api } }\n',
      'identities/none.yaml': 'metadata:\n  owner: "@acme/payXments"\n',
    });
    const git = await openGitRepository(fixture.root);
    const lines = await git.grepLines(commit, 'identities', { literals: ['payments-api'], regexes: ['(secrets|external)["\']?[[:space:]]*:', ownerLine(TEAM)] });
    expect(lines).toEqual(
      new Map([
        ['identities/a.yaml', ['  owner: "@acme/Pay.ments"', '  secrets: []']],
        ['identities/odd\nname.yaml', ['  workload: { eks: { serviceAccount: payments-api } }']],
      ]),
    );
    // The literal's dot is a dot: "@acme/payXments" is not the team.
    expect(await git.grepFiles(commit, 'identities', { literals: [TEAM], regexes: [] })).toEqual(new Set(['identities/a.yaml']));
    // A search too long for one argument is one git could not run: the caller then reads every file.
    const long = Array.from({ length: 1 + MAX_GREP_PATTERN_CHARACTERS / 64 }, (_, index) => `service-account-${index}`.padEnd(64, 'x'));
    expect(await git.grepFiles(commit, 'identities', { literals: long, regexes: [] })).toBeUndefined();
    expect(await git.grepFiles(commit, 'identities', { literals: long.slice(0, 100), regexes: [] })).toEqual(new Set());
  });

  it("calls a line the team's owner line only where git's owner-line regex matched it", async () => {
    const piece = fc.constantFrom(' ', '  ', '\t', '\u00a0', '"', "'", 'owner:', ' owner:', '  owner:', TEAM, TEAM.toUpperCase(), '@acme/pay-ments', 'İ', 'x', '#');
    const lines = fc.sample(fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')), { numRuns: 400, seed: 7 });
    const candidates = [...new Set([...lines, `  owner: ${TEAM}`, `  owner: "${TEAM.toLowerCase()}"  `, `  owner:\t'${TEAM}'`, `   owner: ${TEAM}`, `  owner: ${TEAM}-two`, `  owner:\u00a0${TEAM}`, `  owner: ${TEAM.replace('a', '\u0101')}`])];
    const files = Object.fromEntries(candidates.map((line, index) => [`identities/line-${index}.yaml`, `${line}\n`]));
    const fixture = await makeGitRepo({}, { examples: false });
    const commit = await fixture.commit('lines', files);
    const git = await openGitRepository(fixture.root);
    const matchedByGit = await git.grepFiles(commit, 'identities', { literals: [], regexes: [ownerLine(TEAM)] });
    const owned = isOwnerLine(TEAM);
    const calledOwned = candidates.flatMap((line, index) => (owned(line) ? [`identities/line-${index}.yaml`] : []));
    for (const file of calledOwned) expect(matchedByGit, `${JSON.stringify(files[file])} is the owner line to JS, not to git`).toContain(file);
    // The plain spellings are recognised, so the owner's own files are still skipped.
    for (const line of [`  owner: ${TEAM}`, `  owner: "${TEAM.toLowerCase()}"  `, `  owner:\t'${TEAM}'`]) expect(owned(line), line).toBe(true);
    expect(owned(`   owner: ${TEAM}`)).toBe(false);
    expect(owned(`  owner: ${TEAM}-two`)).toBe(false);
  });
});
