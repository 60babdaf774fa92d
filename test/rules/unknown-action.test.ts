import { describeRuleTables } from './harness.js';
import { unknownActionTables } from './unknown-action.cases.js';

describeRuleTables(unknownActionTables);
