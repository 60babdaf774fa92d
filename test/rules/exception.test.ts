import { describeRuleTables } from './harness.js';
import { exceptionTables } from './exception.cases.js';

describeRuleTables(exceptionTables);
