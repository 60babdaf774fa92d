/** The command table. Commands load lazily: `gatehouse lint` never pays for cdktf or Octokit. */
import type { CliIo } from '../io.js';
import { OPTIONS, type OptionTable } from '../options.js';

export interface Command {
  readonly summary: string;
  readonly usage: string;
  /** What the command accepts, with the help text of each option. */
  readonly options: OptionTable;
  /** Shown by `--help`, as `terraform plan -help` and `eslint --help` do. */
  readonly examples: readonly string[];
  load(): Promise<(argv: string[], io: CliIo) => Promise<number>>;
}

export const COMMANDS: Record<string, Command> = {
  validate: {
    summary: 'check every file parses, matches the schema and refers to known accounts and roles',
    usage: 'gatehouse validate [PATH...] [--format text|json|sarif|github] [--changed-since REF] [--quiet] [--max-warnings N] [--root DIR] [--today YYYY-MM-DD]',
    options: OPTIONS.validate,
    examples: ['gatehouse validate', 'gatehouse validate --format github   # annotations in a GitHub Actions log'],
    load: async () => (await import('./check.js')).checkCommand('validate'),
  },
  lint: {
    summary: 'run every rule: least privilege, escalation, trust, lifecycle, ownership, ...',
    usage: 'gatehouse lint [PATH...] [--format text|json|sarif|github] [--changed-since REF] [--quiet] [--max-warnings N] [--root DIR] [--today YYYY-MM-DD]',
    options: OPTIONS.lint,
    examples: ['gatehouse lint', 'gatehouse lint identities/payments/        # only these files decide the exit code', 'gatehouse lint --changed-since origin/main --quiet', 'gatehouse lint --format sarif > gatehouse.sarif'],
    load: async () => (await import('./check.js')).checkCommand('lint'),
  },
  rules: {
    summary: 'list the rules, or write docs/rules.md',
    usage: 'gatehouse rules [--format text|json|markdown] [--write | --check]',
    options: OPTIONS.rules,
    examples: ['gatehouse rules', 'gatehouse rules --format json', 'gatehouse rules --check'],
    load: async () => (await import('./rules.js')).rulesCommand,
  },
  schema: {
    summary: 'write or check the JSON Schemas in schema/',
    usage: 'gatehouse schema --write | --check',
    options: OPTIONS.schema,
    examples: ['gatehouse schema --check', 'gatehouse schema --write'],
    load: async () => (await import('./schema.js')).schemaCommand,
  },
  demo: {
    summary: 'the main job on a repository: validate, lint and synth, with a summary per stack (what npm start runs)',
    usage: 'gatehouse demo [--root DIR] [--today YYYY-MM-DD]',
    options: OPTIONS.demo,
    examples: ['gatehouse demo --today 2026-11-25'],
    load: async () => (await import('./demo.js')).demoCommand,
  },
  synth: {
    summary: 'write the Terraform stacks (CDKTF), one per shard of each AWS account; with --previous, moves identities between shards and lists only changed stacks in --matrix; writes nothing if any file fails to load or validate',
    usage: 'gatehouse synth [--out cdktf.out] [--root DIR] [--today YYYY-MM-DD] [--repo-url URL] [--commit SHA] [--change PR_URL] [--previous DIR] [--matrix FILE] | synth --bootstrap --github-repo org/name [--out cdktf.bootstrap]',
    options: OPTIONS.synth,
    examples: ['gatehouse synth --out cdktf.out --matrix matrix.json', 'gatehouse synth --bootstrap --github-repo acme/identities'],
    load: async () => (await import('./synth.js')).synthCommand,
  },
  plan: {
    summary: 'the access diff between two commits: identities, grants, risk and the approvals it needs',
    usage: 'gatehouse plan --base REF [--head REF (default HEAD)] [--root DIR] [--today YYYY-MM-DD] [--format text|markdown|json]',
    options: OPTIONS.plan,
    examples: ['gatehouse plan --base origin/main', 'gatehouse plan --base origin/main --head my-branch --format json'],
    load: async () => (await import('./plan.js')).planCommand,
  },
  approvals: {
    summary: 'the approval gate of a pull request: reads reviews, publishes the gatehouse/approvals and gatehouse/lint checks and the plan comment',
    usage: 'gatehouse approvals --pr N [--repo owner/name] [--root DIR] [--today YYYY-MM-DD] [--dry-run] [--format markdown|json]',
    options: OPTIONS.approvals,
    examples: ['gatehouse approvals --pr 42 --dry-run', 'gatehouse approvals --pr 42 --repo acme/identities'],
    load: async () => (await import('./approvals.js')).approvalsCommand,
  },
  codeowners: {
    summary: 'write .github/CODEOWNERS from the identity owners and the policy, or --check that it is current',
    usage: 'gatehouse codeowners [--root DIR] [--check]',
    options: OPTIONS.codeowners,
    examples: ['gatehouse codeowners', 'gatehouse codeowners --check'],
    load: async () => (await import('./codeowners.js')).codeownersCommand,
  },
  'setup-github': {
    summary: 'protect a branch (gatehouse checks pinned to the gate App, code-owner review, no admin bypass) and its deployment environments (main only, prod reviewed); only tightens, reads back',
    usage: 'gatehouse setup-github [--repo owner/name] [--branch main] --app-id N (default GATEHOUSE_APP_ID) [--prod-reviewers @org/team,...] [--dry-run]',
    options: OPTIONS['setup-github'],
    examples: ['gatehouse setup-github --repo acme/identities --app-id 123456 --dry-run'],
    load: async () => (await import('./setup-github.js')).setupGithubCommand,
  },
  reconcile: {
    summary: 'live AWS against git: shadow identities, drift, expired still present, stale keys, unused roles, secret rotation (exit 3: partial)',
    usage: 'gatehouse reconcile [--account KEY]... [--format text|json|markdown] [--open-issues] [--repo owner/name] [--endpoint URL|KEY=URL]... [--root DIR] [--today YYYY-MM-DD]',
    options: OPTIONS.reconcile,
    examples: ['gatehouse reconcile --account acme-prod', 'gatehouse reconcile --format markdown --open-issues'],
    load: async () => (await import('./reconcile.js')).reconcileCommand,
  },
  rotate: {
    summary: 'mint the access keys of key-only users straight into their secrets when due; retire replaced keys after --grace (exit 3: partial)',
    usage: 'gatehouse rotate [--account KEY]... [--grace 7d] [--dry-run] [--format text|json] [--endpoint URL] [--root DIR] [--today YYYY-MM-DD] | rotate --matrix FILE (the accounts to rotate in, with their keyRotationRole)',
    options: OPTIONS.rotate,
    examples: ['gatehouse rotate --account acme-prod --dry-run', 'gatehouse rotate --matrix rotate-matrix.json'],
    load: async () => (await import('./rotate.js')).rotateCommand,
  },
  expire: {
    summary: 'expired and soon-expiring identities; --open-pr proposes removing the expired files, owners as reviewers',
    usage: 'gatehouse expire [--within 14d] [--open-pr] [--repo owner/name] [--base main] [--remote origin] [--format text|json|markdown] [--root DIR] [--today YYYY-MM-DD]',
    options: OPTIONS.expire,
    examples: ['gatehouse expire --within 30d', 'gatehouse expire --open-pr'],
    load: async () => (await import('./expire.js')).expireCommand,
  },
  recertify: {
    summary: 'identities due or overdue for review; --open-issues keeps one checklist issue per owner team; --bump NAME records a review',
    usage: 'gatehouse recertify [--within 14d] [--open-issues] [--open-pr [--base main] [--remote origin]] [--repo owner/name] [--bump NAME] [--format text|json|markdown] [--root DIR] [--today YYYY-MM-DD]',
    options: OPTIONS.recertify,
    examples: ['gatehouse recertify --within 30d', 'gatehouse recertify --bump payments-api', 'gatehouse recertify --open-pr --base main'],
    load: async () => (await import('./recertify.js')).recertifyCommand,
  },
  import: {
    summary: 'write an identity file for a live IAM role (a shadow identity), to bring it under governance',
    usage: 'gatehouse import --account KEY (--role NAME [--out FILE|-] | --shadow) [--endpoint URL|KEY=URL] [--root DIR] [--today YYYY-MM-DD]',
    options: OPTIONS.import,
    examples: ['gatehouse import --account acme-prod --role legacy-batch --out -', 'gatehouse import --account acme-prod --shadow'],
    load: async () => (await import('./import.js')).importCommand,
  },
  init: {
    summary: 'scaffold an identities repository (catalog, an example, workflows pinned to this version, CODEOWNERS), or --upgrade its generated files',
    usage: 'gatehouse init [DIR] [--github-repo org/name] [--team @org/team] [--security-team @org/team] [--account KEY] [--account-id ID] [--environment prod|staging|dev|sandbox] [--region R] [--today YYYY-MM-DD] | init --upgrade [DIR] [--dry-run]',
    options: OPTIONS.init,
    examples: ['gatehouse init --github-repo acme/identities --account acme-prod --account-id 111122223333', 'gatehouse init --upgrade --dry-run'],
    load: async () => (await import('./init.js')).initCommand,
  },
  rightsize: {
    summary: 'grants against IAM last-accessed data: proposes removing actions unused for policy rightsizing.unusedFor (default 90d); --write narrows the files, --open-pr proposes that as one pull request per owner team',
    usage: 'gatehouse rightsize [--access-data FILE | --endpoint URL|KEY=URL]... [--account KEY]... [--narrow-wildcards] [--write | --open-pr [--repo owner/name] [--base main] [--remote origin]] [--format text|json] [--root DIR] [--today YYYY-MM-DD]',
    options: OPTIONS.rightsize,
    examples: ['gatehouse rightsize --access-data last-accessed.json', 'gatehouse rightsize --access-data last-accessed.json --write', 'gatehouse rightsize --account acme-prod --open-pr'],
    load: async () => (await import('./rightsize.js')).rightsizeCommand,
  },
  report: {
    summary: 'the auditor report: identities by owner, account and environment, risk, expiry, reviews, exceptions, static credentials, framework coverage; --format html writes a browsable site',
    usage: 'gatehouse report [--format markdown|json] [--access-data FILE] [--root DIR] [--today YYYY-MM-DD]\n       gatehouse report --format html --out DIR [--base REF] [--repo-url URL] [--root DIR] [--today YYYY-MM-DD]',
    options: OPTIONS.report,
    examples: ['gatehouse report --format json > report.json', 'gatehouse report --format html --out report --base origin/main~30'],
    load: async () => (await import('./report.js')).reportCommand,
  },
};
