/** The command table. Commands load lazily: `gatehouse lint` never pays for cdktf or Octokit. */
import type { CliIo } from '../io.js';

export interface Command {
  readonly summary: string;
  readonly usage: string;
  load(): Promise<(argv: string[], io: CliIo) => Promise<number>>;
}

export const COMMANDS: Record<string, Command> = {
  validate: {
    summary: 'check every file parses, matches the schema and refers to known accounts and roles',
    usage: 'gatehouse validate [--root DIR] [--today YYYY-MM-DD] [--format text|json|sarif|github]',
    load: async () => (await import('./check.js')).checkCommand('validate'),
  },
  lint: {
    summary: 'run every rule: least privilege, escalation, trust, lifecycle, ownership, ...',
    usage: 'gatehouse lint [--root DIR] [--today YYYY-MM-DD] [--format text|json|sarif|github]',
    load: async () => (await import('./check.js')).checkCommand('lint'),
  },
  rules: {
    summary: 'list the rules, or write docs/rules.md',
    usage: 'gatehouse rules [--format text|json|markdown] [--write | --check]',
    load: async () => (await import('./rules.js')).rulesCommand,
  },
  schema: {
    summary: 'write or check the JSON Schemas in schema/',
    usage: 'gatehouse schema --write | --check',
    load: async () => (await import('./schema.js')).schemaCommand,
  },
  demo: {
    summary: 'the main job on a repository: validate, lint and synth, with a summary per stack (what npm start runs)',
    usage: 'gatehouse demo [--root DIR] [--today YYYY-MM-DD]',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  synth: {
    summary: 'write one Terraform stack per AWS account (CDKTF); writes nothing if any file fails to load or validate',
    usage: 'gatehouse synth [--out cdktf.out] [--root DIR] [--today YYYY-MM-DD] [--repo-url URL] [--commit SHA] [--change PR_URL] [--previous DIR] [--matrix FILE] | synth --bootstrap --github-repo org/name [--apply-environment gatehouse-apply] [--out cdktf.bootstrap]',
    load: async () => (await import('./synth.js')).synthCommand,
  },
  plan: {
    summary: 'the access diff between two commits: identities, grants, risk and the approvals it needs',
    usage: 'gatehouse plan --base REF [--head REF (default HEAD)] [--root DIR] [--today YYYY-MM-DD] [--format markdown|json]',
    load: async () => (await import('./plan.js')).planCommand,
  },
  approvals: {
    summary: 'the approval gate of a pull request: reads reviews, publishes the gatehouse/approvals and gatehouse/lint checks and the plan comment',
    usage: 'gatehouse approvals --pr N [--repo owner/name] [--root DIR] [--today YYYY-MM-DD] [--dry-run] [--format markdown|json]',
    load: async () => (await import('./approvals.js')).approvalsCommand,
  },
  codeowners: {
    summary: 'write .github/CODEOWNERS from the identity owners and the policy, or --check that it is current',
    usage: 'gatehouse codeowners [--root DIR] [--check]',
    load: async () => (await import('./codeowners.js')).codeownersCommand,
  },
  'setup-github': {
    summary: 'protect a branch: required gatehouse checks (pinned to the gate App with --app-id), code-owner review, stale-review dismissal, no admin bypass',
    usage: 'gatehouse setup-github [--repo owner/name] [--branch main] [--app-id N (default GATEHOUSE_APP_ID)] [--dry-run]',
    load: async () => (await import('./setup-github.js')).setupGithubCommand,
  },
  reconcile: {
    summary: 'live AWS against git: shadow identities, drift, expired still present, stale keys, unused roles, secret rotation (exit 3: partial)',
    usage: 'gatehouse reconcile [--account KEY]... [--format text|json|markdown] [--open-issues] [--repo owner/name] [--endpoint URL|KEY=URL]... [--root DIR] [--today YYYY-MM-DD]',
    load: async () => (await import('./reconcile.js')).reconcileCommand,
  },
  expire: {
    summary: 'expired and soon-expiring identities; --open-pr proposes removing the expired files, owners as reviewers',
    usage: 'gatehouse expire [--within 14d] [--open-pr] [--repo owner/name] [--base main] [--remote origin] [--format text|json|markdown] [--root DIR] [--today YYYY-MM-DD]',
    load: async () => (await import('./expire.js')).expireCommand,
  },
  recertify: {
    summary: 'identities due or overdue for review; --open-issues keeps one checklist issue per owner team; --bump NAME records a review',
    usage: 'gatehouse recertify [--within 14d] [--open-issues] [--repo owner/name] [--bump NAME] [--format text|json|markdown] [--root DIR] [--today YYYY-MM-DD]',
    load: async () => (await import('./recertify.js')).recertifyCommand,
  },
  import: {
    summary: 'write an identity file for a live IAM role (a shadow identity), to bring it under governance',
    usage: 'gatehouse import --account KEY --role NAME [--out FILE|-] [--endpoint URL|KEY=URL] [--root DIR] [--today YYYY-MM-DD]',
    load: async () => (await import('./import.js')).importCommand,
  },
  rightsize: {
    summary: 'grants against IAM last-accessed data: proposes removing actions unused for policy rightsizing.unusedFor (default 90d); --write narrows the files, --open-pr proposes that as one pull request per owner team',
    usage: 'gatehouse rightsize [--access-data FILE | --endpoint URL|KEY=URL]... [--account KEY]... [--narrow-wildcards] [--write | --open-pr [--repo owner/name] [--base main] [--remote origin]] [--format text|json] [--root DIR] [--today YYYY-MM-DD]',
    load: async () => (await import('./rightsize.js')).rightsizeCommand,
  },
  report: {
    summary: 'the auditor report: identities by owner, account and environment, risk, expiry, reviews, exceptions, static credentials, framework coverage',
    usage: 'gatehouse report [--format markdown|json] [--access-data FILE] [--root DIR] [--today YYYY-MM-DD]',
    load: async () => (await import('./report.js')).reportCommand,
  },
};
