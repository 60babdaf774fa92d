import { describeRuleTables } from './harness.js';
import { credentialsTables } from './credentials.cases.js';

describeRuleTables(credentialsTables);
