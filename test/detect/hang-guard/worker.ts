// Runs in a worker thread (bundled by guard.ts): detects every input it is given with each built-in
// rule alone ('each') or with all of them ('whole'), and reports to the test before and after each
// step, so a test that stops it over budget knows which rule and input were running.
import { parentPort, workerData } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { Detector } from '../../../src/detect/engine.js';
import type { RuleSpec } from '../../../src/types.js';
import { INPUTS } from './inputs.js';
import { pumpInputs } from './pump.js';
import type { GuardRequest, GuardMessage } from './protocol.js';

function builtinRules(): RuleSpec[] {
  const empty = mkdtempSync(join(tmpdir(), 'lg-adv-'));
  try {
    return loadConfig({ root: empty }).rules;
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

// A path each rule accepts (path-restricted rules such as .pgpass need their file name).
function pathFor(rule: RuleSpec): string {
  if (rule.path && /pgpass/.test(rule.path)) return 'ops/.pgpass';
  return 'config/settings.env';
}

const req = workerData as GuardRequest;
const post = (m: GuardMessage) => parentPort!.postMessage(m);
const rules = builtinRules();
// A first line holding every keyword, so the prefilter lets each rule run on the adversarial line.
const header = [...new Set(rules.flatMap((r) => r.keywords ?? []))].join(' ') + '\n';
const steps = req.mode === 'whole' ? [{ id: '(all rules)', rule: undefined, detector: new Detector({ rules }), path: 'x/.netrc' }] : rules.map((rule) => ({ id: rule.id, rule, detector: new Detector({ rules: [rule] }), path: pathFor(rule) }));

/** One step on one input, reported before and after so the test knows what was running. */
function run(step: (typeof steps)[number], input: string, text: string): void {
  post({ type: 'start', input, rule: step.id });
  const t0 = performance.now();
  step.detector.detect({ path: step.path, text: header + text });
  post({ type: 'done', input, rule: step.id, ms: performance.now() - t0 });
}

let n = 0;
if (req.mode === 'pump') {
  // This part's share of the rules, each on the inputs made from its own regex.
  for (const step of steps.filter((_, i) => i % (req.parts ?? 1) === (req.part ?? 0))) {
    for (const input of pumpInputs(step.rule!.regex ?? '', req.pumpLength ?? 1 << 18)) {
      run(step, `${step.id}: ${input.name}`, input.text);
      n++;
    }
  }
} else {
  for (const input of req.inputs) {
    const text = INPUTS[input]!();
    for (const step of steps) run(step, input, text);
    n += steps.length;
  }
}
post({ type: 'end', rules: n });
