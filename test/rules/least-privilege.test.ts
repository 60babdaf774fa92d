import { describeRuleTables } from './harness.js';
import { leastPrivilegeTables } from './least-privilege.cases.js';

describeRuleTables(leastPrivilegeTables);
