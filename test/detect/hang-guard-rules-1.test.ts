// Hang guard, part 1 of 2: each built-in rule alone on adversarial 1 MB lines (hang-guard/suite.ts).
import { describeEachRule } from './hang-guard/suite.js';

describeEachRule(0, 2);
