/**
 * Every command's options, once: what `parseArgs` accepts and what `--help` says about it come
 * from the same object, so an option cannot be accepted without being documented, and `--help`
 * renders without loading the command (which may pull in cdktf or Octokit).
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's placeholder in help, e.g. `DIR`. */
  readonly value?: string;
  readonly help: string;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

const root = { type: 'string', value: 'DIR', help: 'the Gatehouse repository (default: the nearest directory upwards holding catalog/, as git finds .git)' } as const;
const today = { type: 'string', value: 'YYYY-MM-DD', help: 'judge dates as of this day (default: today, UTC; also GATEHOUSE_TODAY)' } as const;
const help = { type: 'boolean', short: 'h', help: 'show this help' } as const;
const noColor = { type: 'boolean', help: 'never colour the output (also NO_COLOR=1; FORCE_COLOR=1 forces it)' } as const;
const repo = { type: 'string', value: 'OWNER/NAME', help: 'the governance repository on GitHub (default: GITHUB_REPOSITORY)' } as const;
const endpoint = { type: 'string', multiple: true, value: 'URL|KEY=URL', help: 'the IAM endpoint for every account, or for account KEY (for tests and VPC endpoints)' } as const;
const within = { type: 'string', value: 'DURATION', help: 'also list what falls due this soon, e.g. 14d or 48h' } as const;

/** Where a job's pull request goes. */
const base = { type: 'string', value: 'BRANCH', help: 'with --open-pr: the branch the pull request targets (default: main)' } as const;
const remote = { type: 'string', value: 'NAME', help: 'with --open-pr: the git remote to push the branch to (default: origin)' } as const;

const format = (values: readonly string[], fallback: string) =>
  ({ type: 'string', short: 'f', value: values.join('|'), help: `output format (default: ${fallback})` }) as const;

/** Options of every command that reads the repository. */
export const COMMON_OPTIONS = { root, today, help, 'no-color': noColor } as const satisfies OptionTable;

const checkOptions = (formats: readonly string[]) =>
  ({
    ...COMMON_OPTIONS,
    format: format(formats, 'text'),
    quiet: { type: 'boolean', short: 'q', help: 'report errors only; warnings and notes are not printed' },
    'max-warnings': { type: 'string', value: 'N', help: 'exit 1 when there are more than N warnings, as eslint does' },
    'changed-since': { type: 'string', value: 'REF', help: 'decide the exit code by the identities changed since REF (and those a catalog change affects); other findings are notes' },
  }) as const satisfies OptionTable;

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;

export const OPTIONS = {
  validate: checkOptions(CHECK_FORMATS),
  lint: checkOptions(CHECK_FORMATS),
  rules: {
    format: format(['text', 'json', 'markdown'], 'text, or markdown with --write/--check'),
    write: { type: 'boolean', help: 'write docs/rules.md' },
    check: { type: 'boolean', help: 'exit 1 when docs/rules.md is not what --write would write' },
    root,
    help,
  },
  schema: {
    write: { type: 'boolean', help: 'write the JSON Schemas to schema/' },
    check: { type: 'boolean', help: 'exit 1 when schema/ is not what --write would write' },
    root,
    help,
  },
  demo: {
    ...COMMON_OPTIONS,
    out: { type: 'string', short: 'o', value: 'DIR', help: 'where the synthesized stacks go (default: a temporary directory)' },
  },
  synth: {
    ...COMMON_OPTIONS,
    out: { type: 'string', short: 'o', value: 'DIR', help: 'where the stacks are written (default: cdktf.out)' },
    commit: { type: 'string', value: 'SHA', help: 'tag every identity with this commit instead of its own last commit' },
    change: { type: 'string', value: 'PR_URL', help: 'tag every identity with this change (pull request) instead of its own' },
    'repo-url': { type: 'string', value: 'URL', help: 'web address pull request links are built on (default: from GITHUB_SERVER_URL and GITHUB_REPOSITORY)' },
    previous: { type: 'string', value: 'DIR', help: 'the last applied synth output, to keep ids stable and list only the stacks that changed' },
    matrix: { type: 'string', value: 'FILE', help: 'write the GitHub Actions apply matrix (JSON) to FILE' },
    bootstrap: { type: 'boolean', help: 'synthesize the one-time bootstrap stack (state bucket, deploy roles) instead' },
    'github-repo': { type: 'string', value: 'OWNER/NAME', help: "with --bootstrap: the repository whose main-branch apply jobs, each in its account's environment, may assume the deploy roles" },
  },
  plan: {
    ...COMMON_OPTIONS,
    base: { type: 'string', value: 'REF', help: 'the commit the change is compared against (required), e.g. origin/main' },
    head: { type: 'string', value: 'REF', help: 'the changed commit (default: HEAD; uncommitted edits are not in the plan, and it warns about them)' },
    format: format(['text', 'markdown', 'json'], 'text on a terminal, markdown when piped'),
  },
  approvals: {
    ...COMMON_OPTIONS,
    pr: { type: 'string', value: 'N', help: 'the pull request number (required)' },
    repo,
    'dry-run': { type: 'boolean', help: 'read GitHub and judge, but write nothing to it' },
    format: format(['markdown', 'json'], 'markdown'),
  },
  codeowners: {
    root,
    help,
    check: { type: 'boolean', help: 'exit 1 when .github/CODEOWNERS is missing or not what would be generated' },
  },
  'setup-github': {
    repo,
    branch: { type: 'string', value: 'NAME', help: 'the protected branch (default: main)' },
    'app-id': { type: 'string', value: 'N', help: 'pin the required checks to this GitHub App (default: GATEHOUSE_APP_ID)' },
    'prod-reviewers': { type: 'string', value: '@ORG/TEAM,...', help: 'the teams that must approve a deployment to the prod environment (required while prod has none)' },
    'dry-run': { type: 'boolean', help: 'show what would change, change nothing' },
    help,
  },
  reconcile: {
    ...COMMON_OPTIONS,
    format: format(['text', 'json', 'markdown'], 'text'),
    account: { type: 'string', multiple: true, value: 'KEY', help: 'only this account of catalog/accounts.yaml (default: all)' },
    'open-issues': { type: 'boolean', help: 'keep one issue per owner team and kind of finding, closing resolved ones' },
    repo,
    endpoint,
  },
  rightsize: {
    ...COMMON_OPTIONS,
    format: format(['text', 'json'], 'text'),
    'access-data': { type: 'string', value: 'FILE', help: 'read saved GetServiceLastAccessedDetails responses, by role or user ARN (JSON), instead of AWS' },
    account: { type: 'string', multiple: true, value: 'KEY', help: 'only this account of catalog/accounts.yaml (default: all)' },
    endpoint,
    'narrow-wildcards': { type: 'boolean', help: 'also narrow wildcard actions to the ones used (otherwise a wildcard is reported, not edited)' },
    write: { type: 'boolean', help: "remove the unused actions from the identity files, keeping comments and layout (never the shared catalog)" },
    'open-pr': { type: 'boolean', help: 'propose the removals as one pull request per owner team, owners as reviewers, with the evidence' },
    repo,
    base,
    remote,
  },
  rotate: {
    ...COMMON_OPTIONS,
    format: format(['text', 'json'], 'text'),
    account: { type: 'string', multiple: true, value: 'KEY', help: 'only this account of catalog/accounts.yaml (default: all with key-only users)' },
    grace: { type: 'string', value: 'DURATION', help: 'how long a replaced key stays active before it is deactivated, then deleted after twice as long (default: 7d)' },
    'dry-run': { type: 'boolean', help: 'say what would be minted and retired; touch nothing' },
    endpoint: { type: 'string', value: 'URL', help: 'the IAM and Secrets Manager endpoint (for tests and VPC endpoints)' },
    matrix: { type: 'string', value: 'FILE', help: "write the GitHub Actions matrix of accounts to rotate in, each with its keyRotationRole, and exit" },
  },
  expire: {
    ...COMMON_OPTIONS,
    format: format(['text', 'json', 'markdown'], 'text'),
    within,
    'open-pr': { type: 'boolean', help: 'open (or update) the pull request that removes the expired files, owners as reviewers' },
    repo,
    base,
    remote,
  },
  recertify: {
    ...COMMON_OPTIONS,
    format: format(['text', 'json', 'markdown'], 'text'),
    within,
    'open-issues': { type: 'boolean', help: 'keep one checklist issue per owner team' },
    'open-pr': { type: 'boolean', help: "open (or update) one pull request per owner team setting review.last to today on its due identities, the team as reviewers" },
    repo,
    base,
    remote,
    bump: { type: 'string', value: 'NAME', help: "record a review of identity NAME today (edits its review.last, keeping the file's layout)" },
  },
  import: {
    ...COMMON_OPTIONS,
    account: { type: 'string', value: 'KEY', help: 'the account of catalog/accounts.yaml the role lives in (required)' },
    role: { type: 'string', value: 'NAME', help: 'the live IAM role name (this or --shadow)' },
    shadow: { type: 'boolean', help: 'import every shadow role reconcile finds in the account, each into identities/<owner team>/ (or identities/imported/)' },
    out: { type: 'string', short: 'o', value: 'FILE|-', help: 'where to write the identity file (default: identities/<team>/<name>.yaml; - for stdout)' },
    endpoint,
  },
  init: {
    upgrade: { type: 'boolean', help: 'refresh only the generated files (workflows, $schema lines, CODEOWNERS) to the installed version, showing a diff' },
    'dry-run': { type: 'boolean', help: 'with --upgrade: show the diff, write nothing' },
    'github-repo': { type: 'string', value: 'OWNER/NAME', help: "the identities repository on GitHub (its owner is the teams' organisation)" },
    team: { type: 'string', value: '@ORG/TEAM', help: 'the first team that may own identities (default: @<org>/platform)' },
    'security-team': { type: 'string', value: '@ORG/TEAM', help: 'the security team (default: @<org>/security)' },
    account: { type: 'string', value: 'KEY', help: 'the first account of catalog/accounts.yaml' },
    'account-id': { type: 'string', value: 'ID', help: 'its 12-digit AWS account id (default: a placeholder lint points at)' },
    environment: { type: 'string', value: 'prod|staging|dev|sandbox', help: "the first account's environment" },
    region: { type: 'string', value: 'REGION', help: "the first account's region" },
    root,
    today,
    help,
  },
  report: {
    ...COMMON_OPTIONS,
    format: format(['markdown', 'json', 'html'], 'markdown'),
    out: { type: 'string', short: 'o', value: 'DIR', help: 'with --format html: the directory the site is written to (empty, new, or a previous report, which is replaced)' },
    base: { type: 'string', value: 'REF', help: 'with --format html: mark what was added, removed or changed in risk since REF' },
    'repo-url': { type: 'string', value: 'URL', help: 'with --format html: web address commit and pull request links are built on' },
    'access-data': { type: 'string', value: 'FILE', help: "saved GetServiceLastAccessedDetails responses by role or user ARN (JSON): adds each team's share of granted actions used" },
  },
} as const satisfies Record<string, OptionTable>;

/** Options in help order: the command's own first, the common ones last. */
export function renderOptions(table: OptionTable): string {
  const common = new Set(Object.keys(COMMON_OPTIONS));
  const names = Object.keys(table).sort((a, b) => Number(common.has(a)) - Number(common.has(b)));
  const flags = names.map((name) => {
    const spec = table[name] as OptionSpec;
    return `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
  });
  const width = Math.min(34, Math.max(...flags.map((flag) => flag.length)));
  return names
    .map((name, index) => {
      const spec = table[name] as OptionSpec;
      const flag = flags[index] as string;
      const text = `${spec.help}${spec.multiple ? '; repeatable' : ''}`;
      return flag.length > width ? `  ${flag}\n  ${' '.repeat(width)}  ${text}` : `  ${flag.padEnd(width)}  ${text}`;
    })
    .join('\n');
}
