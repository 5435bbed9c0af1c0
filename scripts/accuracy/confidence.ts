// Confidence levels of findings as the bench counts them: the scanner's own ranking
// (src/judge/level.ts); the bench scores what a default report shows, confidence >= medium.
import type { Confidence, Finding } from '../../src/types.js';
import { atLeast as levelAtLeast } from '../../src/judge/level.js';

export type { Confidence };

export const LEVELS: readonly Confidence[] = ['low', 'medium', 'high'];
export const DEFAULT_LEVEL: Confidence = 'medium';

/** The finding's confidence ('medium' when the judge gave none). */
export function confidenceOf(f: Finding): Confidence {
  return f.confidence ?? DEFAULT_LEVEL;
}

export function parseLevel(s: string | undefined, flag = '--min-confidence'): Confidence {
  if (s === 'low' || s === 'medium' || s === 'high') return s;
  throw new Error(`${flag} takes low, medium or high (got ${s === undefined ? 'nothing' : JSON.stringify(s)})`);
}

/** Does `f` show at `--min-confidence min`? */
export function atLeast(f: Finding, min: Confidence): boolean {
  return levelAtLeast(f.confidence, min);
}

export function keepAtLeast<T extends Finding>(findings: T[], min: Confidence): T[] {
  return min === 'low' ? findings : findings.filter((f) => atLeast(f, min));
}
