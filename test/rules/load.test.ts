import { describeRuleTables } from './harness.js';
import { loadTables } from './load.cases.js';

describeRuleTables(loadTables);
