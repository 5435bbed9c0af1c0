// The CLI hang guard as a vitest suite over a share of the cases (cases.ts), so the work is spread
// over several test files. The CLI runs as a child process without blocking the test worker, and
// is killed when it passes the budget: the test then fails naming the case.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, tempDir } from '../../helpers/git.js';
import { expectClean, lgAsync, requireBuild } from '../cli.js';
import { CASES, EXTENSIONS } from './cases.js';

/**
 * Six 1 MB files: the heaviest case takes about 20 s on a loaded 2-core machine (every position a
 * candidate); a quadratic rule takes hours.
 */
export const CLI_BUDGET_MS = 60_000;

export function describeCliHangGuard(part: number, parts: number): void {
  // Consecutive shares: the heaviest cases (every position a candidate) sit apart in cases.ts.
  const all = Object.entries(CASES);
  const size = Math.ceil(all.length / parts);
  const cases = all.slice(part * size, (part + 1) * size);
  describe(`adversarial content finishes (CLI hang guard, part ${part + 1} of ${parts})`, () => {
    beforeAll(requireBuild);
    afterAll(cleanupTemp);
    for (const [name, make] of cases) {
      it(name, { timeout: CLI_BUDGET_MS + 30_000 }, async () => {
        const dir = tempDir('lg-adv-');
        const body = make();
        for (const ext of EXTENSIONS) writeFileSync(join(dir, `input.${ext}`), body);
        const r = await lgAsync(['scan', '--format', 'json', '-o', 'report.json', '--max-file-size', '10M', '.'], dir, { timeoutMs: CLI_BUDGET_MS });
        expectClean(r, [0, 1], name);
      });
    }
  });
}
