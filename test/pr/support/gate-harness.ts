/**
 * The approval gate over real parts, for abuse scenarios: a real git repository (base commit,
 * one branch per pull request), the local GitHub API server with the acme teams, and the gate's
 * use case through Octokit over HTTP. Each scenario reads what GitHub received.
 */
import { startGitHubServer, type GitHubTestServer, type ReviewSeed } from '../../support/github-server.js';
import type { FixtureFiles } from '../../support/repo-fixture.js';
import { GitHubClient } from '../../../src/adapters/github/github-client.js';
import { createOctokit } from '../../../src/adapters/github/octokit.js';
import { IamDataCatalog } from '../../../src/adapters/iam-data-catalog.js';
import { runApprovalGate } from '../../../src/app/approvals.js';
import { planChange } from '../../../src/app/plan.js';
import type { ApprovalRequirement } from '../../../src/core/approvals/requirements.js';
import { makeGitRepo, TODAY, type GitFixture } from './fixtures.js';

const catalog = new IamDataCatalog();

/** Team members of the acme organisation the scenarios use. */
export const MEMBERS = { payments: ['alice', 'bob'], security: ['sue', 'sam'], data: ['dan', 'dora'], platform: ['pat'] } as const;

export interface GateHarness {
  readonly fixture: GitFixture;
  readonly baseSha: string;
  server: GitHubTestServer;
  /** Commits `files` on a fresh branch from the base and opens a pull request for it. */
  openPull(files: FixtureFiles, author?: string): Promise<{ number: number; headSha: string }>;
  review(pull: number, reviewer: string, state?: ReviewSeed['state']): void;
  /** Runs the gate (publishing), and returns its result with the check run GitHub holds. */
  gate(pull: number): Promise<GateRun>;
  startServer(): Promise<void>;
}

export interface GateRun {
  readonly satisfied: boolean;
  readonly conclusion: string | null | undefined;
  readonly title: string | undefined;
  readonly summary: string;
  readonly requirements: readonly ApprovalRequirement[];
  readonly blocked: readonly string[];
}

/** A harness whose base commit is the example repository plus `baseFiles`. */
export async function gateHarness(baseFiles: FixtureFiles = {}, options: { subdirectory?: string } = {}): Promise<GateHarness> {
  const fixture = await makeGitRepo(baseFiles, options);
  const baseSha = (await fixture.git.raw(['rev-parse', 'HEAD'])).trim();
  let branches = 0;
  const harness: GateHarness = {
    fixture,
    baseSha,
    server: undefined as unknown as GitHubTestServer,
    async startServer() {
      harness.server = await startGitHubServer();
      for (const [team, members] of Object.entries(MEMBERS)) for (const member of members) harness.server.addTeamMember('acme', team, member);
    },
    async openPull(files, author = 'carol') {
      // Forced: each pull request starts from the base, whatever the last one left in the working tree.
      await fixture.git.raw(['checkout', '-q', '-f', '-B', `change-${++branches}`, baseSha]);
      const headSha = await fixture.commit(`change ${branches}`, files);
      const number = harness.server.addPull({ author, baseSha, headSha, headRef: `change-${branches}` });
      const prefix = options.subdirectory ? `${options.subdirectory}/` : '';
      for (const [path, content] of Object.entries(files)) harness.server.addFile(number, { path: `${prefix}${path}`, status: content === null ? 'removed' : 'modified' });
      return { number, headSha };
    },
    review(pull, reviewer, state = 'APPROVED') {
      harness.server.addReview(pull, { reviewer, state });
    },
    async gate(pull) {
      const octokit = createOctokit({ token: 'test-token', baseUrl: harness.server.url, spaceWrites: false, warn: () => {} });
      const github = new GitHubClient({ octokit, owner: 'acme', repo: 'gatehouse' });
      const result = await runApprovalGate({ github, pullNumber: pull, directory: fixture.root, today: TODAY, catalog, publish: true });
      const check = [...harness.server.checkRuns.values()].filter((run) => run.name === 'gatehouse/approvals').at(-1);
      const approvals = result.plan.status === 'ok' ? result.plan.plan.approvals : undefined;
      if (approvals) await sameOwnershipAsPlan(fixture.root, result.pull, approvals.requirements);
      return {
        satisfied: result.satisfied,
        conclusion: check?.conclusion,
        title: check?.output.title ?? undefined,
        summary: check?.output.summary ?? '',
        requirements: approvals?.requirements ?? [],
        blocked: approvals?.blocked ?? [],
      };
    },
  };
  return harness;
}

/**
 * The gate reads the whole head, so it takes the base's identities from it; `gatehouse plan`
 * reads only the changed files and finds the base files that matter by a text search. Every
 * scenario checks the two reach the same owners of resources and workloads (the risk tiers may
 * differ: plan lints only the changed identities).
 */
async function sameOwnershipAsPlan(directory: string, pull: { readonly baseSha: string; readonly headSha: string }, gate: readonly ApprovalRequirement[]): Promise<void> {
  const planned = await planChange({ directory, base: pull.baseSha, head: pull.headSha, today: TODAY, catalog });
  const ownership = (requirements: readonly ApprovalRequirement[]) => requirements.filter((entry) => entry.kind === 'resource-owner' || entry.kind === 'workload-owner');
  const plan = planned.status === 'ok' ? ownership(planned.plan.approvals.requirements) : [];
  if (JSON.stringify(plan) !== JSON.stringify(ownership(gate))) throw new Error(`gatehouse plan and the gate disagree on ownership:\nplan ${JSON.stringify(plan)}\ngate ${JSON.stringify(ownership(gate))}`);
}

/** `kind team` of each requirement: what a reviewer sees in the table. */
export function teams(run: GateRun): string[] {
  return run.requirements.map((requirement) => `${requirement.kind} ${requirement.team}`);
}

export function requirement(run: GateRun, kind: ApprovalRequirement['kind']): ApprovalRequirement | undefined {
  return run.requirements.find((candidate) => candidate.kind === kind);
}
