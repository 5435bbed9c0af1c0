// Copies and shared fixtures, judged once a scan has all its findings (ScanTally.finish), so every
// scan mode and report sees the same levels:
//  - a value found in a deployable or source file and again in tests, docs or examples: the copies
//    are the same secret seen again (a seeded user's password reused by the tests); the finding in
//    the non-test file carries it, the copies are lowered;
//  - a value found only in tests, docs or examples, in several files, and not random-looking: a
//    shared fixture (a test helper's default password), lowered. (A random one copied into many
//    fixtures stays: a reviewer still takes it for a credential.)
import type { Finding } from '../types.js';
import type { Judge } from './judge.js';

/** Values at least this random (bits per character) are never taken for a shared fixture. */
const RANDOM_ENTROPY = 3.5;

export function lowerSharedFixtures(findings: Finding[], judge: Judge): void {
  const { files: minFiles, weight, reason, copyReason } = judge.repeat;
  if (findings.length < 2) return;
  const byValue = new Map<string, { files: Set<string>; tests: Finding[]; production: boolean }>();
  for (const f of findings) {
    if (f.score === undefined || !Number.isFinite(f.score) || judge.isProven(f.ruleId)) continue;
    let g = byValue.get(f.secret);
    if (!g) byValue.set(f.secret, (g = { files: new Set(), tests: [], production: false }));
    g.files.add(f.path);
    if (judge.isNonProduction(f.path)) g.tests.push(f);
    // a low finding (a lock file, a catalogue) carries nothing: its value is not reported there
    else if (f.confidence !== 'low') g.production = true;
  }
  for (const [value, g] of byValue) {
    if (g.tests.length === 0) continue;
    let why: string;
    if (g.production) why = copyReason;
    else if (g.files.size >= minFiles && g.tests[0].entropy < RANDOM_ENTROPY && value.length < 40) why = reason;
    else continue;
    for (const f of g.tests) {
      f.score = Math.round((f.score! + weight) * 100) / 100;
      // only ever lower: a level capped at medium stays capped
      const lowered = judge.level(f.score);
      if (lowered === 'low' || f.confidence === 'high') f.confidence = lowered;
      f.reasons = [...(f.reasons ?? []), `${why} (${weight})`];
    }
  }
}
