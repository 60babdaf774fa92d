import { describeRuleTables } from './harness.js';
import { synthConstraintsTables } from './synth-constraints.cases.js';

describeRuleTables(synthConstraintsTables);
