// Prints the ten slowest tests and test files at the end of every run, so a test growing towards
// the limits (vitest's worker RPC times out when a worker's event loop is busy for a minute; files
// here should stay under about 30 s) shows before it breaks CI.
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

const TOP = 10;
const sec = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;

export default class SlowestReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const tests: Array<[number, string]> = [];
    const files: Array<[number, string]> = [];
    for (const m of modules) {
      const file = relative(process.cwd(), m.moduleId);
      files.push([m.diagnostic().duration, file]);
      for (const t of m.children.allTests()) {
        const d = t.diagnostic();
        if (d) tests.push([d.duration, `${file} > ${t.fullName}`]);
      }
    }
    if (!tests.length) return;
    const top = (rows: Array<[number, string]>) => rows.sort((a, b) => b[0] - a[0]).slice(0, TOP).map(([ms, name]) => `${sec(ms)}  ${name}`);
    process.stdout.write(['', `Slowest ${TOP} test files:`, ...top(files), '', `Slowest ${TOP} tests:`, ...top(tests), ''].join('\n') + '\n');
  }
}
