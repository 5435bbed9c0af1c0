// CLI hang guard, part 1 of 4: adversarial files scanned by the built CLI (hang-guard/suite.ts).
import { describeCliHangGuard } from './hang-guard/suite.js';

describeCliHangGuard(0, 4);
