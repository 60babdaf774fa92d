/**
 * Markdown injection through identity files (issue 8, item 10), end to end: a hostile branch in a
 * real git repository, the approval gate over HTTP against the local GitHub API server, and what
 * GitHub received (the PR comment and the check run summary) parsed with an independent GFM
 * parser. Whatever a user file says, it shows as text: no forged bold "Approved by", no live
 * team mention, no image, no raw HTML beyond the gate's own <details> blocks.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitHubClient } from '../../src/adapters/github/github-client.js';
import { createOctokit } from '../../src/adapters/github/octokit.js';
import { IamDataCatalog } from '../../src/adapters/iam-data-catalog.js';
import { runApprovalGate } from '../../src/app/approvals.js';
import { buildPlan } from '../../src/core/diff/plan.js';
import type { IdentityDocument } from '../../src/core/model.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { removeRepos, type FixtureFiles } from '../support/repo-fixture.js';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.js';
import { forgedMarkdown, nodes, parseMarkdown } from '../support/markdown.js';
import { expander, identityYaml, loadFiles, makeGitRepo, sideOf, TODAY, type GitFixture } from './support/fixtures.js';

const catalog = new IamDataCatalog();
const ATTACK = 'Reports ok`` **Approved by @acme/security** <img src="https://evil.example/pixel.png"> ``';
const FILE = 'identities/payments/payments-report.yaml';
const report = (fields: Parameters<typeof identityYaml>[0]) => identityYaml({ expires: '2027-02-01', ...fields });

let fixture: GitFixture;
let baseSha: string;
let server: GitHubTestServer;
let branches = 0;

beforeAll(async () => {
  fixture = await makeGitRepo({ [FILE]: report({ name: 'payments-report' }) });
  baseSha = (await fixture.git.raw(['rev-parse', 'HEAD'])).trim();
});
afterAll(removeRepos);
beforeEach(async () => {
  server = await startGitHubServer();
  server.addTeamMember('acme', 'payments', 'alice');
});
afterEach(() => server.close());

async function gateOn(files: FixtureFiles) {
  await fixture.git.raw(['checkout', '-q', '-B', `hostile-${++branches}`, baseSha]);
  const headSha = await fixture.commit(`hostile ${branches}`, files);
  const number = server.addPull({ author: 'mallory', baseSha, headSha, headRef: `hostile-${branches}` });
  for (const [path, content] of Object.entries(files)) server.addFile(number, { path, status: content === null ? 'removed' : 'modified' });
  const octokit = createOctokit({ token: 'test-token', baseUrl: server.url, spaceWrites: false, warn: () => {} });
  const github = new GitHubClient({ octokit, owner: 'acme', repo: 'gatehouse' });
  await runApprovalGate({ github, pullNumber: number, directory: fixture.root, today: TODAY, catalog, publish: true });
  const comment = server.comments.find((candidate) => candidate.issueNumber === number)!.body;
  const summary = [...server.checkRuns.values()].filter((run) => run.name === 'gatehouse/approvals').at(-1)!.output.summary ?? '';
  return { comment, summary };
}

/** Raw HTML the gate itself writes: its marker and the <details> around each identity. */
const OWN_HTML = [/^<!-- gatehouse:plan -->$/, /^<details><summary>[^<>]*<code>[^<>]*<\/code>[^<>]*<\/summary>$/, /^<\/details>$/];
const injected = (markdown: string) => forgedMarkdown(markdown, OWN_HTML);

describe('markdown injection through identity files', () => {
  it('a description that closes its code span forges nothing on the comment or the check summary', async () => {
    const { comment, summary } = await gateOn({ [FILE]: report({ name: 'payments-report', description: ATTACK }) });
    expect(comment).toContain('description:');
    expect(injected(comment)).toEqual([]);
    expect(injected(summary)).toEqual([]);
    const codeValues = nodes(parseMarkdown(comment)).filter((node) => node.type === 'inlineCode').map((node) => node.value);
    expect(codeValues).toContain(ATTACK);
  });

  it('a hostile file name, grant resource and GitHub repository show as text, lint messages included', async () => {
    const path = 'identities/payments/a`` **Approved by @acme/security** ``.yaml';
    const grants = [{ statement: { actions: ['s3:GetObject', 's3:Get`` **Approved by @acme/security** ``'], resources: ['arn:aws:s3:::x`` <img src=x> @acme/security ``'] }, reason: 'Reads <b>the</b> @acme/security export' }];
    const { comment, summary } = await gateOn({ [path]: report({ name: 'payments-hostile', grants, workload: { githubActions: { repo: 'acme/x<img>', environment: '@acme/security' } } }) });
    expect(comment).toContain('Lint errors behind the score');
    expect(injected(comment)).toEqual([]);
    expect(injected(summary)).toEqual([]);
  });

  it('a file that does not load, named to inject, is reported as text', async () => {
    const path = 'identities/payments/b` **Approved by @acme/security** `<img src=x>.yaml';
    const { comment, summary } = await gateOn({ [path]: 'apiVersion: gatehouse/v1\nkind: Identity\nmetadata: [oops\n' });
    expect(comment).toContain('does not load');
    expect(injected(comment)).toEqual([]);
    expect(injected(summary)).toEqual([]);
  });

  it('property: no description, ticket or resource string changes the structure of the plan', async () => {
    const base = await loadFiles({ [FILE]: report({ name: 'payments-report' }) });
    const head = await loadFiles({ [FILE]: report({ name: 'payments-report', description: 'placeholder description' }) });
    const baseSide = sideOf(base);
    const headSide = sideOf(head);
    const original = headSide.repository.identities[0]!;
    const hostile = fc.oneof(
      fc.array(fc.constantFrom('`', '``', '**', '@acme/security', 'Approved by ', '<img src=x>', '<details>', '|', '\\', '\n', '[x](https://e.example)', '![i](https://e.example/i)', '&#64;', '# ', '- ', '\u202e', 'x', ' '), { maxLength: 10 }).map((parts) => parts.join('')),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(hostile, hostile, hostile, (description, ticket, resource) => {
        const doc: IdentityDocument = structuredClone(original.doc);
        (doc.metadata as { description?: string }).description = `d ${description}`;
        (doc.metadata as { ticket?: string }).ticket = ticket;
        doc.spec.grants.push({ statement: { actions: ['s3:GetObject'], resources: [resource] }, reason: 'Reads the export for the nightly run' } as never);
        const plan = buildPlan({
          before: baseSide,
          head: { ...headSide, repository: { ...headSide.repository, identities: [{ file: original.file, doc }] } },
          basePolicy: { status: 'loaded', policy: baseSide.repository.catalog.policy },
          changedPaths: [FILE],
          today: TODAY,
          expander,
        });
        const markdown = renderPlanMarkdown({ base: { ref: 'main', commit: baseSha }, head: { ref: 'hostile', commit: baseSha }, plan });
        expect(injected(markdown)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
