// --min-confidence: findings below the level are neither reported nor fail the scan; the summary
// counts them (suppressed.belowConfidence) so nothing disappears silently.
import type { Confidence, ScanResult } from '../types.js';

/** Numeric rank of a level: low 0, medium 1, high 2 (a finding without one counts as medium). */
export function confidenceRank(c: Confidence | undefined): number {
  return c === 'high' ? 2 : c === 'low' ? 0 : 1;
}

export function atLeast(c: Confidence | undefined, min: Confidence): boolean {
  return confidenceRank(c) >= confidenceRank(min);
}

export function applyMinConfidence(result: ScanResult, min: Confidence): ScanResult {
  if (min === 'low') return result;
  const kept = result.findings.filter((f) => atLeast(f.confidence, min));
  const below = result.findings.length - kept.length;
  if (below === 0) return result;
  const summary = { ...result.summary, suppressed: { ...result.summary.suppressed, belowConfidence: result.summary.suppressed.belowConfidence + below } };
  return { findings: kept, summary };
}
