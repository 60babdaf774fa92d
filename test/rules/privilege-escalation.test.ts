import { describeRuleTables } from './harness.js';
import { privilegeEscalationTables } from './privilege-escalation.cases.js';

describeRuleTables(privilegeEscalationTables);
