import { describeRuleTables } from './harness.js';
import { reuseTables } from './reuse.cases.js';

describeRuleTables(reuseTables);
