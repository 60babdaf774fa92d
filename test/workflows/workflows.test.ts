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
import { COMMANDS } from '../../src/cli/commands/index.js';
import { REPO_ROOT } from '../support/repo-fixture.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

interface Job {
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
        // OIDC only where AWS credentials are configured.
        const usesAws = (job.steps ?? []).some((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
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

  it('applies each stack with OIDC, one concurrency group per stack that never cancels, prod behind its environment', () => {
    const { workflow } = WORKFLOWS.find(({ file }) => file === 'apply.yml')!;
    expect(Object.keys(workflow.on)).toContain('push');
    const apply = workflow.jobs.apply!;
    expect(apply.concurrency).toEqual({ group: 'gatehouse-apply-${{ matrix.account }}', 'cancel-in-progress': false });
    expect(apply.environment).toBe('${{ matrix.environment }}');
    expect(apply.strategy?.matrix).toBe('${{ fromJSON(needs.synth.outputs.matrix) }}');
    const runs = (apply.steps ?? []).map((step) => step.run ?? '').join('\n');
    for (const command of ['init', 'plan', 'apply']) expect(runs).toMatch(new RegExp(`terraform -chdir="\\$STACK" ${command} `));
    expect((apply.steps ?? []).find((step) => step.run?.includes(' init '))?.env?.STACK).toBe('cdktf.out/stacks/${{ matrix.account }}');
  });

  it('schedules the lifecycle jobs daily', () => {
    const { workflow } = WORKFLOWS.find(({ file }) => file === 'lifecycle.yml')!;
    expect((workflow.on.schedule as { cron: string }[])[0]!.cron).toMatch(/^\d+ \d+ \* \* \*$/);
    const commands = steps(workflow).flatMap((step) => gatehouseCalls(step.run ?? '').map((call) => `${call.command} ${call.options.join(' ')}`.trim()));
    expect(commands).toEqual(['reconcile --open-issues --repo --format', 'rotate --matrix', 'rotate --account', 'expire --open-pr --repo', 'recertify --open-issues --repo']);
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

/** `gatehouse <command> --option ...` and `npx gatehouse ...` calls in a shell script. */
function gatehouseCalls(script: string): { command: string; options: string[] }[] {
  const calls: { command: string; options: string[] }[] = [];
  for (const match of script.matchAll(/(?:^|[\s;&|(])(?:npx\s+)?gatehouse\s+([a-z][a-z-]*)([^\n;&|>]*)/g)) {
    calls.push({ command: match[1]!, options: [...match[2]!.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((option) => option[1]!) });
  }
  return calls;
}
