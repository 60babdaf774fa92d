import { VALID_EXCEPTION } from './credentials.cases.js';
import { identity, identityFile, policyWithRules, statementGrant, type RuleCase, type RuleTable } from './harness.js';

const file = identityFile();

/** An external identity (static-credentials fires) with one exception written out. */
const vendor = (exception: string, workloadMark = '') =>
  identity({
    workload: `external: { system: legacy-vendor }${workloadMark ? `   # expect: ${workloadMark}` : ''}`,
    specExtra: `credentials:\n  accessKey: { rotateEvery: 30d }\nexceptions:\n${exception}`,
  });

const exception = (fields: { rule?: string; reason?: string; approvedBy?: string; expires?: string }, marks: Partial<Record<'item' | 'rule' | 'reason' | 'approvedBy' | 'expires', string>> = {}) => {
  const mark = (key: keyof typeof marks) => (marks[key] ? `   # expect: ${marks[key]}` : '');
  return [
    `  - rule: ${fields.rule ?? 'static-credentials'}${mark('rule') || mark('item')}`,
    `    reason: ${fields.reason ?? 'The vendor appliance cannot use OIDC until its Q1 firmware upgrade.'}${mark('reason')}`,
    `    approvedBy: "${fields.approvedBy ?? '@acme/security'}"${mark('approvedBy')}`,
    `    expires: ${fields.expires ?? '2027-01-31'}${mark('expires')}`,
  ].join('\n');
};

/** The loader's own checks: a "passes" case must load cleanly, so none of them may report. */
const LOADS_CLEANLY = ['file-unreadable', 'yaml-syntax', 'schema-invalid'] as const;
const clean = (testCase: RuleCase): RuleCase => ({ ...testCase, absent: [...(testCase.absent ?? []), ...LOADS_CLEANLY] });

/**
 * Two ad-hoc grants, each with one action-wildcard finding (on its `actions` line, 14 and 18):
 * grant 0 on the orders bucket, grant 1 on the invoices bucket. `marks` puts markers on the
 * `actions` lines, i.e. which findings must remain after the exception.
 */
const twoGrants = (exceptionYaml: string, marks: { orders?: string; invoices?: string } = {}) => {
  const tail = (mark?: string) => (mark ? `   # expect: ${mark}` : '');
  return identity({
    grants: [
      statementGrant(`actions: ["s3:Get*"]${tail(marks.orders)}\nresources: ["arn:aws:s3:::acme-orders/*"]`),
      statementGrant(`actions: ["s3:Get*"]${tail(marks.invoices)}\nresources: ["arn:aws:s3:::acme-invoices/*"]`),
    ].join('\n'),
    specExtra: `exceptions:\n${exceptionYaml}`,
  });
};

/** An exception to action-wildcard with `appliesTo` entries written out; `itemMark` goes on its `- rule:` line. */
const wildcardException = (appliesTo: readonly string[] | undefined, options: { itemMark?: string; expires?: string } = {}) =>
  [
    `  - rule: action-wildcard${options.itemMark ? `   # expect: ${options.itemMark}` : ''}`,
    '    reason: The reporting job reads objects through a vendor SDK that calls many Get actions.',
    '    approvedBy: "@acme/security"',
    `    expires: ${options.expires ?? '2027-01-31'}`,
    ...(appliesTo === undefined ? [] : ['    appliesTo:', ...appliesTo.map((entry) => `      - ${entry}`)]),
  ].join('\n');

const tables: RuleTable[] = [
  {
    rule: 'exception-invalid',
    fires: [
      {
        name: 'an unknown rule, with the closest one suggested',
        files: { [file]: vendor(exception({ rule: 'static-credential' }, { rule: 'exception-invalid:13, exception-unused:7' }), 'static-credentials') },
        message: /^exception names unknown rule "static-credential"\. Did you mean "static-credentials"\?$/,
      },
      {
        name: 'a placeholder reason',
        files: { [file]: vendor(exception({ reason: 'n/a' }, { reason: 'exception-invalid:15' }), 'static-credentials') },
        message: /^exception reason is too thin/,
      },
      {
        name: 'approved by the owner team, not security',
        files: { [file]: vendor(exception({ approvedBy: '@acme/payments' }, { approvedBy: 'exception-invalid:19' }), 'static-credentials') },
        message: /^exception approvedBy "@acme\/payments" is not the security team \(@acme\/security\) or a governance owner$/,
      },
      {
        name: 'expired: it stops suppressing and says so',
        files: { [file]: vendor(exception({ expires: '2026-11-24' }, { expires: 'exception-invalid:16' }), 'static-credentials:15') },
        message: /^exception for static-credentials expired on 2026-11-24: it no longer suppresses anything$/,
      },
      {
        name: 'beyond the policy maximum lifetime (90d): it does not suppress',
        files: { [file]: vendor(exception({ expires: '2027-06-30' }, { expires: 'exception-invalid:16' }), 'static-credentials') },
        message: /^exception expires 2027-06-30, beyond the policy maximum of 90d from today$/,
      },
      {
        name: 'an appliesTo path past the end of the grants: the exception suppresses nothing, not everything',
        files: { [file]: twoGrants(wildcardException(['path: spec.grants[2]   # expect: exception-invalid:17']), { orders: 'action-wildcard', invoices: 'action-wildcard' }) },
        message: /^appliesTo path "spec\.grants\[2\]" names nothing in this identity, so the exception suppresses nothing: spec\.grants has 2 entries, \[0\] to \[1\]$/,
      },
      {
        name: 'a misspelt key in an appliesTo path, with the key it meant',
        files: { [file]: twoGrants(wildcardException(['path: spec.grants[0].statment   # expect: exception-invalid']), { orders: 'action-wildcard', invoices: 'action-wildcard' }) },
        message: /names nothing in this identity, so the exception suppresses nothing: spec\.grants\[0\] has no "statment"\. Did you mean "statement"\?$/,
      },
      {
        name: 'an appliesTo path that cannot be read',
        files: { [file]: twoGrants(wildcardException(['path: spec.grants[first]   # expect: exception-invalid']), { orders: 'action-wildcard', invoices: 'action-wildcard' }) },
        message: /^appliesTo path "spec\.grants\[first\]" cannot be read: "\[first\]" is not a \.key, \[index\] or \["quoted key"\]\./,
      },
      {
        name: 'an appliesTo resource no statement names (a typo), with the one it meant',
        files: { [file]: twoGrants(wildcardException(['resource: "arn:aws:s3:::acme-order/*"   # expect: exception-invalid:21']), { orders: 'action-wildcard', invoices: 'action-wildcard' }) },
        message: /^appliesTo resource "arn:aws:s3:::acme-order\/\*" is not within any resource a statement of this identity names\. Did you mean "arn:aws:s3:::acme-orders\/\*"\? Until it is/,
      },
      {
        name: 'an appliesTo resource narrower than the statement: "?" does not cover the statement\'s "*"',
        files: { [file]: twoGrants(wildcardException(['resource: "arn:aws:s3:::acme-orders/?"   # expect: exception-invalid']), { orders: 'action-wildcard', invoices: 'action-wildcard' }) },
      },
      {
        name: 'one bad entry among good ones invalidates the whole exception',
        files: { [file]: twoGrants(wildcardException(['path: spec.grants[0]', 'path: spec.grants[7]   # expect: exception-invalid']), { orders: 'action-wildcard', invoices: 'action-wildcard' }) },
      },
    ],
    passes: [
      { name: 'a valid exception', files: { [file]: vendor(VALID_EXCEPTION.replace(/^\n/, '')) }, suppressed: ['static-credentials'], absent: ['static-credentials'] },
      { name: 'a governance owner may approve', files: { [file]: vendor(exception({ approvedBy: '@acme/platform' })) }, suppressed: ['static-credentials'] },
      { name: 'the security team in other letter case', files: { [file]: vendor(exception({ approvedBy: '@ACME/Security' })) }, suppressed: ['static-credentials'] },
      { name: 'expiring exactly at the policy maximum', files: { [file]: vendor(exception({ expires: '2027-02-23' })) }, suppressed: ['static-credentials'] },
      {
        name: 'with exception-invalid turned off by policy, a typo in appliesTo still suppresses nothing',
        files: {
          'catalog/policy.yaml': policyWithRules('{ exception-invalid: "off" }'),
          [file]: twoGrants(wildcardException(['path: spec.grants[0]', 'path: spec.grants[9]']), { orders: 'action-wildcard', invoices: 'action-wildcard' }),
        },
      },
      {
        name: 'appliesTo a grant: covers the finding under it, not the other grant\'s',
        files: { [file]: twoGrants(wildcardException(['path: spec.grants[0]']), { invoices: 'action-wildcard' }) },
        suppressed: ['action-wildcard'],
      },
      {
        name: 'appliesTo the exact path of the finding',
        files: { [file]: twoGrants(wildcardException(['path: spec.grants[1].statement.actions[0]']), { orders: 'action-wildcard' }) },
        suppressed: ['action-wildcard'],
      },
      {
        name: 'appliesTo a sibling path of the finding covers nothing there',
        files: { [file]: twoGrants(wildcardException(['path: spec.grants[0].statement.resources[0]'], { itemMark: 'exception-unused' }), { orders: 'action-wildcard', invoices: 'action-wildcard' }) },
      },
      {
        name: 'appliesTo a resource: covers the grant on that bucket only',
        files: { [file]: twoGrants(wildcardException(['resource: "arn:aws:s3:::acme-invoices/*"']), { orders: 'action-wildcard' }) },
        suppressed: ['action-wildcard'],
      },
      {
        name: 'appliesTo a resource pattern covering both buckets',
        files: { [file]: twoGrants(wildcardException(['resource: "arn:aws:s3:::acme-*"'])) },
        suppressed: ['action-wildcard'],
        absent: ['action-wildcard'],
      },
      {
        name: 'a path and a resource in one entry must both hold',
        files: { [file]: twoGrants(wildcardException(['{ path: "spec.grants[0]", resource: "arn:aws:s3:::acme-orders/*" }']), { invoices: 'action-wildcard' }) },
        suppressed: ['action-wildcard'],
      },
      {
        name: 'two entries cover the union',
        files: { [file]: twoGrants(wildcardException(['path: spec.grants[0]', 'resource: "arn:aws:s3:::acme-invoices/*"'])) },
        suppressed: ['action-wildcard'],
        absent: ['action-wildcard'],
      },
      {
        name: 'a quoted key in a path',
        files: {
          [file]: identity({
            workload: 'external: { system: legacy-vendor }',
            specExtra: `credentials:\n  accessKey: { rotateEvery: 30d }\nexceptions:\n${exception({})}\n    appliesTo:\n      - path: 'spec["workload"].external'`,
          }),
        },
        suppressed: ['static-credentials'],
        absent: ['static-credentials', 'exception-broad'],
      },
      {
        name: 'a resource-wildcard finding on "*" is covered by its resources path, and the rule names the value there',
        files: {
          [file]: identity({
            grants: statementGrant('actions: [s3:GetObject, s3:ListBucket]\nresources: ["arn:aws:s3:::acme-orders/*", "*"]'),
            specExtra: `exceptions:\n${exception({ rule: 'resource-wildcard' })}\n    appliesTo:\n      - path: spec.grants[0].statement.resources[1]`,
          }),
        },
        suppressed: ['resource-wildcard'],
        absent: ['resource-wildcard'],
      },
    ],
  },
  {
    rule: 'exception-unused',
    fires: [
      {
        name: 'an exception for a rule that does not fire',
        files: { [file]: identity({ specExtra: `exceptions:\n${exception({}, { item: 'exception-unused:7' })}` }) },
        message: /^exception for static-credentials suppresses nothing: the rule does not fire for this identity$/,
      },
      {
        name: 'an expired exception for a rule that no longer fires: both reported',
        files: { [file]: identity({ specExtra: `exceptions:\n${exception({ expires: '2026-10-01' }, { item: 'exception-unused:7', expires: 'exception-invalid' })}` }) },
      },
      {
        name: 'the rule fires, but nowhere its appliesTo covers',
        files: { [file]: twoGrants(wildcardException(['path: spec.grants[0].reason'], { itemMark: 'exception-unused:7' }), { orders: 'action-wildcard', invoices: 'action-wildcard' }) },
        message: /^exception for action-wildcard suppresses nothing: the rule fires at spec\.grants\[0\]\.statement\.actions\[0\], spec\.grants\[1\]\.statement\.actions\[0\], none of them within its appliesTo$/,
      },
      {
        name: 'a path and a resource of different grants in one entry cover nothing',
        files: { [file]: twoGrants(wildcardException(['{ path: "spec.grants[0]", resource: "arn:aws:s3:::acme-invoices/*" }'], { itemMark: 'exception-unused' }), { orders: 'action-wildcard', invoices: 'action-wildcard' }) },
      },
      {
        name: 'one entry of two covers nothing: that entry is reported, the other still suppresses',
        files: { [file]: twoGrants(wildcardException(['path: spec.grants[0]', 'path: spec.workload   # expect: exception-unused:11']), { invoices: 'action-wildcard' }) },
        message: /^appliesTo entry path spec\.workload covers none of the findings of action-wildcard: remove it/,
        suppressed: ['action-wildcard'],
      },
    ],
    passes: [
      { name: 'an exception that suppresses a finding', files: { [file]: vendor(exception({})) }, suppressed: ['static-credentials'] },
      { name: 'an invalid exception whose rule still fires is not "unused"', files: { [file]: vendor(exception({ reason: 'tbd' }, { reason: 'exception-invalid' }), 'static-credentials') } },
      { name: 'every entry covers a finding', files: { [file]: twoGrants(wildcardException(['path: spec.grants[1]', 'resource: "arn:aws:s3:::acme-orders/*"'])) }, suppressed: ['action-wildcard'], absent: ['action-wildcard'] },
      {
        name: 'a typo in appliesTo is reported as invalid only, not as unused too',
        files: { [file]: twoGrants(wildcardException(['path: spec.grant[0]   # expect: exception-invalid']), { orders: 'action-wildcard', invoices: 'action-wildcard' }) },
      },
    ],
  },
  {
    rule: 'exception-broad',
    fires: [
      {
        name: 'a whole-rule exception, with the appliesTo that covers what it suppresses today',
        files: { [file]: vendor(exception({}, { item: 'exception-broad:7' })) },
        message: /^exception for static-credentials covers every finding of the rule on this identity: narrow it to what it suppresses today with appliesTo: \[\{ path: "spec\.workload\.external" \}\]$/,
        suppressed: ['static-credentials'],
      },
      {
        name: 'over two grants, both paths suggested',
        files: { [file]: twoGrants(wildcardException(undefined, { itemMark: 'exception-broad:7' })) },
        message: /with appliesTo: \[\{ path: "spec\.grants\[0\]\.statement\.actions\[0\]" \}, \{ path: "spec\.grants\[1\]\.statement\.actions\[0\]" \}\]$/,
        suppressed: ['action-wildcard'],
        absent: ['action-wildcard'],
      },
      {
        name: 'an entry naming the whole list of grants, which would cover grants added later',
        files: { [file]: twoGrants(wildcardException(['path: spec.grants   # expect: exception-broad:11'])) },
        message: /^appliesTo entry path spec\.grants covers as much as no appliesTo at all, findings of action-wildcard added later included: narrow it to what it suppresses today with appliesTo: \[\{ path: "spec\.grants\[0\]\.statement\.actions\[0\]" \}, \{ path: "spec\.grants\[1\]\.statement\.actions\[0\]" \}\]$/,
        suppressed: ['action-wildcard'],
      },
      { name: 'an entry naming a whole section', files: { [file]: twoGrants(wildcardException(['path: spec   # expect: exception-broad'])) }, suppressed: ['action-wildcard'] },
      { name: 'the resource "*" alone', files: { [file]: twoGrants(wildcardException(['path: spec.grants[0]', 'resource: "*"   # expect: exception-broad'])) }, suppressed: ['action-wildcard'] },
    ],
    passes: [
      { name: 'a list narrowed by a resource is not broad', files: { [file]: twoGrants(wildcardException(['{ path: spec.grants, resource: "arn:aws:s3:::acme-orders/*" }']), { invoices: 'action-wildcard' }) }, suppressed: ['action-wildcard'] },
      { name: 'a map that is not a list (the workload) is narrow', files: { [file]: vendor(VALID_EXCEPTION.replace(/^\n/, '')) }, suppressed: ['static-credentials'] },
      { name: 'a narrowed exception', files: { [file]: twoGrants(wildcardException(['path: spec.grants[0]', 'path: spec.grants[1]'])) }, suppressed: ['action-wildcard'] },
      {
        name: 'an expired whole-rule exception suppresses nothing, so it is not called broad',
        files: { [file]: twoGrants(wildcardException(undefined, { expires: '2026-11-01' }).replace('expires: 2026-11-01', 'expires: 2026-11-01   # expect: exception-invalid'), { orders: 'action-wildcard', invoices: 'action-wildcard' }) },
      },
      { name: 'a whole-rule exception whose rule does not fire is unused, not broad', files: { [file]: identity({ specExtra: `exceptions:\n${exception({}, { item: 'exception-unused' })}` }) } },
    ],
  },
];

/** Every case, firing or passing, must load cleanly: a file the loader refuses would prove nothing. */
export const exceptionTables: RuleTable[] = tables.map((table) => ({ ...table, fires: table.fires.map(clean), passes: table.passes.map(clean) }));
