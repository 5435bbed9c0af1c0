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
const rules = builtinRules().filter((r) => !req.only || r.id === req.only);
// A first line holding every keyword, so the prefilter lets each rule run on the adversarial line.
const header = [...new Set(rules.flatMap((r) => r.keywords ?? []))].join(' ') + '\n';
const steps = req.mode === 'whole' ? [{ id: '(all rules)', detector: new Detector({ rules }), path: 'x/.netrc' }] : rules.map((rule) => ({ id: rule.id, detector: new Detector({ rules: [rule] }), path: pathFor(rule) }));

if (req.mode === 'pump') {
  let n = 0;
  const mine = steps.filter((_, i) => i % (req.parts ?? 1) === (req.part ?? 0));
  for (const step of mine) {
    const rule = rules.find((r) => r.id === step.id)!;
    for (const input of pumpInputs(rule.regex ?? '', req.pumpLength ?? 1 << 18)) {
      const name = `${rule.id}: ${input.name}`;
      post({ type: 'start', input: name, rule: step.id });
      const t0 = performance.now();
      const findings = step.detector.detect({ path: step.path, text: header + input.text });
      post({ type: 'done', input: name, rule: step.id, ms: performance.now() - t0, findings: findings.length });
      n++;
    }
  }
  post({ type: 'end', rules: n });
} else {
  for (const input of req.inputs) {
    const text = header + INPUTS[input]!();
    for (const step of steps) {
      post({ type: 'start', input, rule: step.id });
      const t0 = performance.now();
      const findings = step.detector.detect({ path: step.path, text });
      post({ type: 'done', input, rule: step.id, ms: performance.now() - t0, findings: findings.length });
    }
  }
  post({ type: 'end', rules: steps.length });
}
