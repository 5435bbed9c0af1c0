// Hang guard, part 1 of 2: each built-in rule on inputs made from its own regex (hang-guard/suite.ts, pump.ts).
import { describePumpedRules } from './hang-guard/suite.js';

describePumpedRules(0, 2);
