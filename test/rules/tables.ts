/** Every rule table, for the tests that go over all of them (coverage, the message registry). */
import { accountPlaceholderTables } from '../init/account-placeholder.cases.js';
import { credentialsTables } from './credentials.cases.js';
import { exceptionTables } from './exception.cases.js';
import type { RuleTable } from './harness.js';
import { isolationTables } from './isolation.cases.js';
import { leastPrivilegeTables } from './least-privilege.cases.js';
import { lifecycleTables } from './lifecycle.cases.js';
import { loadTables } from './load.cases.js';
import { ownershipTables } from './ownership.cases.js';
import { privilegeEscalationTables } from './privilege-escalation.cases.js';
import { reuseTables } from './reuse.cases.js';
import { schemaTables } from './schema.cases.js';
import { synthConstraintsTables } from './synth-constraints.cases.js';
import { trustTables } from './trust.cases.js';
import { unknownActionTables } from './unknown-action.cases.js';

export const ALL_TABLES: readonly RuleTable[] = [
  ...loadTables,
  ...schemaTables,
  ...synthConstraintsTables,
  ...accountPlaceholderTables,
  ...ownershipTables,
  ...leastPrivilegeTables,
  ...privilegeEscalationTables,
  ...unknownActionTables,
  ...trustTables,
  ...lifecycleTables,
  ...credentialsTables,
  ...isolationTables,
  ...reuseTables,
  ...exceptionTables,
];
