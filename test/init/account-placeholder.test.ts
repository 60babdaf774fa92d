import { describeRuleTables } from '../rules/harness.js';
import { accountPlaceholderTables } from './account-placeholder.cases.js';

describeRuleTables(accountPlaceholderTables);
