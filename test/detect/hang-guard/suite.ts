// The rule hang guard as a vitest suite over a share of the inputs, so the work is spread over
// several test files (each well under half a minute here) and runs in parallel where cores allow.
import { describe, expect, it } from 'vitest';
import { INPUT_NAMES } from './inputs.js';
import { runGuarded } from './guard.js';

/**
 * One rule on one 1 MB line: a linear scan takes milliseconds to a second on a loaded 2-core
 * machine; a rule that backtracks takes minutes to hours. The budget is far from both.
 */
export const STEP_BUDGET_MS = 10_000;
/** All built-in rules together on one 1 MB line. */
export const WHOLE_BUDGET_MS = 40_000;

export function describeEachRule(part: number, parts: number): void {
  const inputs = INPUT_NAMES.filter((_, i) => i % parts === part);
  describe(`each built-in rule alone stays linear on adversarial input (part ${part + 1} of ${parts})`, () => {
    for (const input of inputs) {
      it(`1 MB line: ${input}`, { timeout: 120_000 }, async () => {
        const r = await runGuarded({ inputs: [input], mode: 'each' }, STEP_BUDGET_MS);
        expect(r.error, 'worker failed').toBeUndefined();
        expect(r.overBudget, `rule ${r.overBudget?.rule} on "${r.overBudget?.input}" ran over ${STEP_BUDGET_MS} ms`).toBeUndefined();
        expect(r.planned).toBeGreaterThan(50); // the built-in rules loaded
        expect(r.steps).toBe(r.planned); // and every one ran
      });
    }
  });
}

export function describeWholeDetector(): void {
  describe('the whole detector stays linear on adversarial input', () => {
    for (const input of INPUT_NAMES) {
      it(`1 MB line: ${input}`, { timeout: 120_000 }, async () => {
        const r = await runGuarded({ inputs: [input], mode: 'whole' }, WHOLE_BUDGET_MS);
        expect(r.error, 'worker failed').toBeUndefined();
        expect(r.overBudget, `all rules on "${r.overBudget?.input}" ran over ${WHOLE_BUDGET_MS} ms`).toBeUndefined();
        expect(r.steps).toBe(1);
      });
    }
  });
}

/**
 * Each built-in rule alone on inputs made from its own regex (pump.ts): whatever a rule says, the
 * guard reaches its long repetitions, so a rule edited to backtrack fails here.
 */
export function describePumpedRules(part: number, parts: number): void {
  describe(`each built-in rule stays linear on inputs made from its own regex (part ${part + 1} of ${parts})`, () => {
    it('every long repetition of every rule, pumped to 1 MB', { timeout: 300_000 }, async () => {
      const r = await runGuarded({ inputs: [], mode: 'pump', part, parts, pumpLength: 1 << 20 }, STEP_BUDGET_MS);
      expect(r.error, 'worker failed').toBeUndefined();
      expect(r.overBudget, `${r.overBudget?.input} ran over ${STEP_BUDGET_MS} ms`).toBeUndefined();
      expect(r.planned).toBeGreaterThan(50); // inputs were made (about seven per rule)
      expect(r.steps).toBe(r.planned);
    });
  });
}
