// Confidence levels of findings (src/judge/ sets `confidence` on each Finding; until it does, every
// finding counts as 'medium'). The bench scores what a default report shows: confidence >= medium.
import type { Finding } from '../../src/types.js';

export type Confidence = 'low' | 'medium' | 'high';

export const LEVELS: readonly Confidence[] = ['low', 'medium', 'high'];
export const DEFAULT_LEVEL: Confidence = 'medium';

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** The finding's confidence; 'medium' when the field is absent (or holds an unknown value). */
export function confidenceOf(f: Finding): Confidence {
  const c = (f as any).confidence as unknown;
  return c === 'low' || c === 'medium' || c === 'high' ? c : DEFAULT_LEVEL;
}

export function parseLevel(s: string | undefined, flag = '--min-confidence'): Confidence {
  if (s === 'low' || s === 'medium' || s === 'high') return s;
  throw new Error(`${flag} takes low, medium or high (got ${s === undefined ? 'nothing' : JSON.stringify(s)})`);
}

/** Does `f` show at `--min-confidence min`? */
export function atLeast(f: Finding, min: Confidence): boolean {
  return RANK[confidenceOf(f)] >= RANK[min];
}

export function keepAtLeast<T extends Finding>(findings: T[], min: Confidence): T[] {
  return min === 'low' ? findings : findings.filter((f) => atLeast(f, min));
}
