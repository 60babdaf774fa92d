import { qualifiedName } from '../../aws/action-catalog.js';
import { isUnboundedResource } from '../../aws/arn.js';
import { statementActions } from '../../aws/effective-access.js';
import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { statementPath } from '../../resolve.js';
import { originData } from './statement-helpers.js';

/** Reads that hand out secrets or data wholesale when not scoped to named resources. */
const SENSITIVE_READS = new Set([
  'secretsmanager:getsecretvalue',
  'secretsmanager:batchgetsecretvalue',
  'ssm:getparameter',
  'ssm:getparameters',
  'ssm:getparametersbypath',
  'ssm:getparameterhistory',
  'kms:decrypt',
  's3:getobject',
  's3:getobjectversion',
]);

export default identityRule(
  {
    id: 'sensitive-read-wildcard',
    title: 'Sensitive read on every resource',
    category: 'least-privilege',
    severity: 'error',
    frameworks: [OWASP.overprivileged, OWASP.secretLeakage, CSF.leastPrivilege, SP800_53.leastPrivilege],
    description: 'Reading every secret, parameter, object or decrypting with every key turns one compromised workload into an account-wide secret leak.',
    fix: 'Name the secrets, parameters, keys or bucket prefixes the workload reads.',
    messages: {
      'reads-every-resource': '{{origin}}{{actions}} on "{{resource}}" reads every such resource in the account',
    },
  },
  ({ grants, expander }) =>
    grants.statements.flatMap((statement) => {
      if (statement.effect !== 'Allow') return [];
      const resources = statement.notResources ? ['*'] : (statement.resources ?? ['*']);
      const index = resources.findIndex(isUnboundedResource);
      if (index < 0) return [];
      const sensitive = statementActions(statement, expander).filter((a) => SENSITIVE_READS.has(qualifiedName(a).toLowerCase()));
      if (sensitive.length === 0) return [];
      const path = statement.resources ? statementPath(statement, 'resources', index) : statementPath(statement);
      return [{ messageId: 'reads-every-resource', data: { ...originData(statement), actions: [...new Set(sensitive.map(qualifiedName))].join(', '), resource: resources[index]! }, path }];
    }),
);
