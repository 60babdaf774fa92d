import { describeRuleTables } from './harness.js';
import { ownershipTables } from './ownership.cases.js';

describeRuleTables(ownershipTables);
