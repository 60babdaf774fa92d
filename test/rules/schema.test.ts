import { describeRuleTables } from './harness.js';
import { schemaTables } from './schema.cases.js';

describeRuleTables(schemaTables);
