// Hang guard: the whole detector on adversarial 1 MB lines (hang-guard/suite.ts).
import { describeWholeDetector } from './hang-guard/suite.js';

describeWholeDetector();
