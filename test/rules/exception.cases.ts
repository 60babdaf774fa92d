import { VALID_EXCEPTION } from './credentials.cases.js';
import { identity, identityFile, type RuleTable } from './harness.js';

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

export const exceptionTables: RuleTable[] = [
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
    ],
    passes: [
      { name: 'a valid exception', files: { [file]: vendor(VALID_EXCEPTION.replace(/^\n/, '')) }, suppressed: ['static-credentials'], absent: ['static-credentials'] },
      { name: 'a governance owner may approve', files: { [file]: vendor(exception({ approvedBy: '@acme/platform' })) }, suppressed: ['static-credentials'] },
      { name: 'the security team in other letter case', files: { [file]: vendor(exception({ approvedBy: '@ACME/Security' })) }, suppressed: ['static-credentials'] },
      { name: 'expiring exactly at the policy maximum', files: { [file]: vendor(exception({ expires: '2027-02-23' })) }, suppressed: ['static-credentials'] },
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
    ],
    passes: [
      { name: 'an exception that suppresses a finding', files: { [file]: vendor(exception({})) }, suppressed: ['static-credentials'] },
      { name: 'an invalid exception whose rule still fires is not "unused"', files: { [file]: vendor(exception({ reason: 'tbd' }, { reason: 'exception-invalid' }), 'static-credentials') } },
    ],
  },
];
