import { describeRuleTables } from './harness.js';
import { lifecycleTables } from './lifecycle.cases.js';

describeRuleTables(lifecycleTables);
