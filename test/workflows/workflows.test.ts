/**
 * The GitHub Actions workflows, checked as data: every action pinned to a full commit SHA,
 * minimal permissions per job, no untrusted expression expanded inside a shell script, no
 * privileged trigger that checks out pull request code, and every gatehouse command (and
 * option) they call exists in the CLI's command table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_KEY_ENVIRONMENT, APP_KEY_SECRET } from '../../src/app/setup-github.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { REPO_ROOT } from '../support/repo-fixture.js';

interface Step {
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: unknown;
  steps?: Step[];
  uses?: string;
  environment?: unknown;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  strategy?: { matrix?: unknown };
}

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

const DIRECTORY = join(REPO_ROOT, '.github/workflows');
const FILES = readdirSync(DIRECTORY).filter((file) => /\.ya?ml$/.test(file)).sort();
const WORKFLOWS = FILES.map((file) => {
  const text = readFileSync(join(DIRECTORY, file), 'utf8');
  return { file, text, workflow: parse(text) as Workflow };
});

const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run'];

describe('workflows', () => {
  it('exist for pull requests, approvals, reviews, apply and the lifecycle jobs', () => {
    expect(FILES).toEqual(['apply.yml', 'approvals.yml', 'lifecycle.yml', 'pull-request.yml', 'review-submitted.yml']);
  });

  describe.each(WORKFLOWS)('$file', ({ text, workflow }) => {
    it('pins every action to a full commit SHA with its version in a comment', () => {
      const uses = text.split('\n').filter((line) => /^\s*(-\s+)?uses:/.test(line));
      expect(uses.length).toBeGreaterThan(0);
      for (const line of uses) {
        expect(line, line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/);
      }
    });

    it('grants nothing at the top level and declares minimal permissions on every job', () => {
      expect(workflow.permissions).toEqual({});
      for (const [name, job] of Object.entries(workflow.jobs)) {
        expect(job.permissions, `job ${name} must declare permissions`).toBeDefined();
        expect(job.permissions, name).not.toBe('write-all');
        const granted = Object.entries((job.permissions ?? {}) as Record<string, string>).filter(([, level]) => level === 'write').map(([scope]) => scope);
        expect(granted.every((scope) => ['security-events', 'id-token'].includes(scope)), `${name} writes ${granted.join(', ')}`).toBe(true);
        // OIDC only where AWS credentials are configured, or where reconcile assumes the read roles with the job's token.
        const usesAws = (job.steps ?? []).some((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@') || /\bgatehouse reconcile\b/.test(step.run ?? ''));
        expect(granted.includes('id-token'), name).toBe(usesAws);
      }
    });

    it('passes every expression to shell scripts through env, never inline', () => {
      for (const step of steps(workflow)) {
        if (step.run !== undefined) expect(step.run, step.name ?? step.run).not.toContain('${{');
      }
    });

    it('never checks out pull request code on a privileged trigger', () => {
      if (!PRIVILEGED_TRIGGERS.some((trigger) => trigger in workflow.on)) return;
      for (const step of steps(workflow)) {
        if (!step.uses?.startsWith('actions/checkout@')) continue;
        const ref = String(step.with?.ref ?? '');
        const repository = String(step.with?.repository ?? '');
        expect(ref, 'checkout ref on a privileged trigger').not.toMatch(/head|merge|refs\/pull|github\.event/);
        expect(repository).toBe('');
      }
      // Fetched pull request commits stay git objects: nothing puts them into the working tree.
      for (const step of steps(workflow)) {
        expect(step.run ?? '').not.toMatch(/\bgit\s+(checkout|switch|worktree|reset|merge|pull|restore|rebase|cherry-pick)\b/);
      }
    });

    it('calls only gatehouse commands and options that exist', () => {
      for (const step of steps(workflow)) {
        for (const call of gatehouseCalls(step.run ?? '')) {
          const command = COMMANDS[call.command];
          expect(command, `gatehouse ${call.command} in ${step.name ?? step.run}`).toBeDefined();
          for (const option of call.options) expect(command!.usage, `gatehouse ${call.command} ${option}`).toContain(option);
        }
      }
    });
  });

  it('gives no secret to a workflow that runs pull request code', () => {
    for (const { file, text, workflow } of WORKFLOWS) {
      const on: unknown = workflow.on;
      const triggers = typeof on === 'string' ? [on] : Object.keys(on ?? {});
      if (!triggers.some((trigger) => ['pull_request', 'pull_request_review', 'pull_request_review_comment'].includes(trigger))) continue;
      expect(text.match(/secrets\.[A-Za-z_]+/g) ?? [], file).toEqual([]);
    }
  });

  it('runs pull request code only on pull_request, without write access to the repository', () => {
    const { workflow } = WORKFLOWS.find(({ file }) => file === 'pull-request.yml')!;
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    const commands = steps(workflow).flatMap((step) => gatehouseCalls(step.run ?? '').map((call) => call.command));
    expect(commands).toEqual(expect.arrayContaining(['validate', 'lint', 'codeowners', 'plan']));
    const sarif = steps(workflow).find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(sarif?.with?.sarif_file).toBe('gatehouse.sarif');
  });

  it('runs the approval gate from the base branch on pull_request_target and after reviews', () => {
    const { workflow } = WORKFLOWS.find(({ file }) => file === 'approvals.yml')!;
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request_target', 'workflow_run']);
    expect((workflow.on.workflow_run as { workflows: string[] }).workflows).toEqual([WORKFLOWS.find(({ file }) => file === 'review-submitted.yml')!.workflow.name]);
    const gate = steps(workflow).find((step) => step.run?.includes('gatehouse approvals'));
    expect(gate?.env?.GITHUB_TOKEN).toBe('${{ steps.app-token.outputs.token }}');
  });

  it('applies each shard with OIDC from main only, in order, behind its environment', () => {
    const { workflow } = WORKFLOWS.find(({ file }) => file === 'apply.yml')!;
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'schedule', 'workflow_dispatch']);
    expect(workflow.on.push).toEqual({ branches: ['main'] });
    // One group for the whole workflow, never cancelling a running apply: a newer run waits, a newer push replaces a pending older one.
    expect((workflow as { concurrency?: unknown }).concurrency).toEqual({ group: 'gatehouse-apply', 'cancel-in-progress': false });
    for (const job of Object.values(workflow.jobs)) expect((job as { if?: string }).if).toMatch(/^github\.ref == 'refs\/heads\/main'( && |$)/);
    const apply = workflow.jobs.apply!;
    expect(apply.concurrency).toEqual({ group: 'gatehouse-apply-${{ matrix.stack }}', 'cancel-in-progress': false });
    expect(apply.environment).toBe('${{ matrix.environment }}');
    expect(apply.strategy?.matrix).toBe('${{ fromJSON(needs.synth.outputs.matrix) }}');
    const runs = (apply.steps ?? []).map((step) => step.run ?? '').join('\n');
    for (const command of ['init', 'plan', 'apply']) expect(runs).toMatch(new RegExp(`terraform -chdir="\\$STACK" ${command} `));
    expect(runs).toContain('-var "commit=$GITHUB_SHA"');
    expect((apply.steps ?? []).find((step) => step.run?.includes(' init '))?.env?.STACK).toBe('cdktf.out/stacks/${{ matrix.stack }}');
  });

  describe('the GitHub App key', () => {
    const workflowOf = (yaml: string) => parse(yaml) as Workflow;
    /** A job under `on` that mints the App token, with `extra` job keys and steps. */
    const jobYaml = (on: string, job: string, extra: { environment?: string; steps?: string[] } = {}) =>
      [
        `on: ${on}`,
        'jobs:',
        `  ${job}:`,
        '    runs-on: ubuntu-latest',
        '    permissions: {}',
        ...(extra.environment ? [`    environment: ${extra.environment}`] : []),
        '    steps:',
        '      - uses: actions/create-github-app-token@d72941d797fd3113feb6b93fd0dec494b13a2547 # v1.12.0',
        '        with:',
        '          app-id: ${{ vars.GATEHOUSE_APP_ID }}',
        `          private-key: \${{ secrets.${APP_KEY_SECRET} }}`,
        ...(extra.steps ?? []),
      ].join('\n');

    it.each(WORKFLOWS)('$file reads it only in the environment that only main may use', ({ workflow }) => {
      expect(keyExposures(workflow)).toEqual([]);
    });

    it('is read by the approval gate and the lifecycle jobs, in that environment', () => {
      const holders = WORKFLOWS.flatMap(({ file, workflow }) =>
        Object.entries(workflow.jobs).filter(([, job]) => JSON.stringify(job).includes(`secrets.${APP_KEY_SECRET}`)).map(([name, job]) => `${file}:${name}:${String(job.environment)}`),
      );
      expect(holders).toEqual([
        `approvals.yml:gate:${APP_KEY_ENVIRONMENT}`,
        `lifecycle.yml:reconcile:${APP_KEY_ENVIRONMENT}`,
        `lifecycle.yml:expire:${APP_KEY_ENVIRONMENT}`,
        `lifecycle.yml:recertify:${APP_KEY_ENVIRONMENT}`,
      ]);
    });

    it.each([
      ['a workflow pushed on a branch', jobYaml('push', 'steal'), [`steal: reads ${APP_KEY_SECRET} outside the ${APP_KEY_ENVIRONMENT} environment`]],
      [
        'a pull_request workflow that names the environment',
        jobYaml('pull_request', 'steal', { environment: APP_KEY_ENVIRONMENT }),
        [`steal: reads ${APP_KEY_SECRET} on pull_request, which runs the pull request's own workflow and code`],
      ],
      [
        'a pull_request_target workflow that checks out the head next to the key',
        jobYaml('pull_request_target', 'build', {
          environment: APP_KEY_ENVIRONMENT,
          steps: ['      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2', '        with:', '          ref: ${{ github.event.pull_request.head.sha }}'],
        }),
        [`build: checks out pull request code in the job that holds ${APP_KEY_SECRET}`],
      ],
      ['nothing in a main-only environment on pull_request_target', jobYaml('pull_request_target', 'gate', { environment: APP_KEY_ENVIRONMENT }), []],
    ])('flags %s', (_name, yaml, problems) => {
      expect(keyExposures(workflowOf(yaml))).toEqual(problems);
    });
  });

  it('runs the gate once per pull request: a newer event cancels the run in progress', () => {
    const { workflow } = WORKFLOWS.find(({ file }) => file === 'approvals.yml')!;
    const gate = workflow.jobs.gate!;
    expect(gate.needs).toBe('pull-request');
    expect(gate.concurrency).toEqual({ group: 'gatehouse-approvals-${{ needs.pull-request.outputs.number }}', 'cancel-in-progress': true });
    // The number job holds no key and writes nothing.
    expect(workflow.jobs['pull-request']!.permissions).toEqual({ actions: 'read' });
    const reviews = WORKFLOWS.find(({ file }) => file === 'review-submitted.yml')!.workflow as Workflow & { concurrency?: unknown };
    expect(reviews.concurrency).toEqual({ group: 'review-submitted-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    expect(reviews.jobs.record!.permissions).toEqual({});
  });

  it('fails gatehouse/approvals when the gate fails, and only then', () => {
    const { workflow } = WORKFLOWS.find(({ file }) => file === 'approvals.yml')!;
    const gateSteps = workflow.jobs.gate!.steps ?? [];
    const gate = gateSteps.find((step) => step.name === 'Approval gate')!;
    // Exit 1 means judged and published as failing; anything else is the gate's own failure.
    expect(gate.run).toMatch(/\|\| status=\$\?\n\s*if \[ "\$status" -eq 1 \]; then[\s\S]*exit 0[\s\S]*exit "\$status"/);
    const fallback = gateSteps.at(-1)!;
    expect(fallback).toMatchObject({ if: "failure() && steps.app-token.outputs.token != ''", env: { GH_TOKEN: '${{ steps.app-token.outputs.token }}' } });
    expect(fallback.run).toContain('-f name=gatehouse/approvals');
    expect(fallback.run).toContain('conclusion=failure');
    // The token is minted first, so that a failing install can still fail the check.
    expect(gateSteps[0]!.uses).toMatch(/^actions\/create-github-app-token@/);
    expect(gate.env?.GATEHOUSE_BOT_LOGIN).toBe('${{ steps.app-token.outputs.app-slug }}[bot]');
  });

  it('schedules the lifecycle jobs daily', () => {
    const { workflow } = WORKFLOWS.find(({ file }) => file === 'lifecycle.yml')!;
    expect((workflow.on.schedule as { cron: string }[])[0]!.cron).toMatch(/^\d+ \d+ \* \* \*$/);
    const commands = steps(workflow).flatMap((step) => gatehouseCalls(step.run ?? '').map((call) => `${call.command} ${call.options.join(' ')}`.trim()));
    expect(commands).toEqual(['reconcile --open-issues --repo --format', 'report --format --out', 'rotate --matrix', 'rotate --account', 'expire --open-pr --repo', 'recertify --open-issues --repo']);
    // Key rotation writes to IAM: once per account as its own rotation role, only from the protected environment, never with repository write access.
    const rotate = workflow.jobs.rotate!;
    expect(rotate.environment).toBe('gatehouse-rotate');
    expect(rotate.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(rotate.strategy?.matrix).toBe('${{ fromJSON(needs.rotate-accounts.outputs.matrix) }}');
    const credentials = (rotate.steps ?? []).find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with?.['role-to-assume']).toBe('${{ matrix.role }}');
    expect(workflow.jobs['rotate-accounts']!.permissions).toEqual({ contents: 'read' });
  });
});

/**
 * Why a workflow could hand the App's private key to code that is not main's, one line each:
 * a job reading the key outside the environment that only main may use, or on a trigger that
 * runs pull request code, or next to a checkout of pull request code. The environment's branch
 * policy (set by setup-github) is what GitHub enforces; this keeps the workflows honest about it.
 */
function keyExposures(workflow: Workflow): string[] {
  const problems: string[] = [];
  const on: unknown = workflow.on;
  const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? (on as string[]) : Object.keys(on ?? {});
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const text = JSON.stringify(job);
    if (!new RegExp(`secrets\\.${APP_KEY_SECRET}\\b`).test(text)) continue;
    const environment = typeof job.environment === 'string' ? job.environment : (job.environment as { name?: string } | undefined)?.name;
    if (environment !== APP_KEY_ENVIRONMENT) problems.push(`${name}: reads ${APP_KEY_SECRET} outside the ${APP_KEY_ENVIRONMENT} environment`);
    for (const trigger of triggers.filter((event) => ['pull_request', 'pull_request_review', 'pull_request_review_comment'].includes(event))) {
      problems.push(`${name}: reads ${APP_KEY_SECRET} on ${trigger}, which runs the pull request's own workflow and code`);
    }
    for (const step of job.steps ?? []) {
      if (step.uses?.startsWith('actions/checkout@') && /head|merge|refs\/pull|github\.event/.test(String(step.with?.ref ?? ''))) {
        problems.push(`${name}: checks out pull request code in the job that holds ${APP_KEY_SECRET}`);
      }
    }
  }
  return problems;
}

/** `gatehouse <command> --option ...` and `npx gatehouse ...` calls in a shell script. */
function gatehouseCalls(script: string): { command: string; options: string[] }[] {
  const calls: { command: string; options: string[] }[] = [];
  for (const match of script.matchAll(/(?:^|[\s;&|(])(?:npx\s+)?gatehouse\s+([a-z][a-z-]*)([^\n;&|>]*)/g)) {
    calls.push({ command: match[1]!, options: [...match[2]!.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((option) => option[1]!) });
  }
  return calls;
}
