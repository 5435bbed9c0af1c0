// Runs hang-guard work in a worker thread with a time budget the test asserts. JavaScript's regex
// engine cannot be interrupted, so a rule that backtracks would hold the test process for hours;
// here the worker is terminated when one step (one rule on one input) passes its budget, and the
// test fails naming the rule and the input. The test process's event loop stays free meanwhile.
import { Worker } from 'node:worker_threads';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { GuardMessage, GuardRequest } from './protocol.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

let bundled: string | undefined;

/** The worker, bundled from TypeScript once per test process (inside the package, so it finds rules/). */
function workerFile(): string {
  // Under the package root itself (not node_modules, which may be a link to another checkout).
  const out = join(ROOT, '.cache', 'leakguard-test', `hang-guard-${process.pid}.mjs`);
  if (bundled !== out) {
    mkdirSync(dirname(out), { recursive: true });
    buildSync({ entryPoints: [join(ROOT, 'test/detect/hang-guard/worker.ts')], outfile: out, bundle: true, format: 'esm', platform: 'node', packages: 'external', logLevel: 'warning' });
    bundled = out;
    process.once('exit', () => rmSync(out, { force: true }));
  }
  return out;
}

export interface GuardResult {
  /** The step running when its budget ran out (undefined: everything finished in time). */
  overBudget?: { input: string; rule: string; ms: number };
  /** The worker failed (an exception in detect, a crash). */
  error?: string;
  steps: number;
  /** Steps the worker said it would run (every step of every input it was given). */
  planned?: number;
  slowest?: { input: string; rule: string; ms: number };
}

export function runGuarded(request: GuardRequest, stepBudgetMs: number): Promise<GuardResult> {
  return new Promise((resolvePromise) => {
    const worker = new Worker(workerFile(), { workerData: request });
    const result: GuardResult = { steps: 0 };
    let current: { input: string; rule: string; at: number } | undefined;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolvePromise(result);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (current) result.overBudget = { input: current.input, rule: current.rule, ms: Date.now() - current.at };
        else result.error = `the worker did not start within ${stepBudgetMs} ms`;
        finish();
      }, stepBudgetMs);
    };
    arm();
    worker.on('message', (m: GuardMessage) => {
      if (m.type === 'start') {
        current = { input: m.input, rule: m.rule, at: Date.now() };
        arm();
      } else if (m.type === 'done') {
        result.steps++;
        if (!result.slowest || m.ms > result.slowest.ms) result.slowest = { input: m.input, rule: m.rule, ms: m.ms };
        current = undefined;
      } else {
        result.planned = m.rules;
        finish();
      }
    });
    worker.on('error', (e) => {
      result.error = String(e);
      finish();
    });
    worker.on('exit', (code) => {
      if (!settled && code !== 0) result.error = `worker exited with ${code}`;
      finish();
    });
  });
}
