import { describeRuleTables } from './harness.js';
import { trustTables } from './trust.cases.js';

describeRuleTables(trustTables);
