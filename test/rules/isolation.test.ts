import { describeRuleTables } from './harness.js';
import { isolationTables } from './isolation.cases.js';

describeRuleTables(isolationTables);
