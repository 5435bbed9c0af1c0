// Run-start planning (RegexFacts.runStart): where a match of a keyword-anchored regex can start,
// found by stepping back from each keyword occurrence over a run of one character class. The
// facts walk (facts-walk.ts) collects, per branch, the characters a one-character negative
// lookbehind forbids before the match (`notBehind`, as in `(?<![\w.-])`, or ^ with the m flag) and
// the keyword occurrences it can reach (`leads`); these functions turn them into the plan.
import { type Ranges, MAX, normalize, within } from './char-ranges.js';
import type { RunStart } from './facts-types.js';

/** A class a match starts by, as ranges, and how far back from a keyword its start can be. */
export interface RunStartRanges {
  cls: Ranges;
  pre: number;
}

/** A keyword occurrence a branch holds: how far in its text starts (`at`), the characters before the keyword, the keyword's distance from the branch's start. */
export interface Lead {
  at: number;
  chars: Ranges;
  pre: number;
}

/**
 * A branch's run start: one after a character outside `notBehind` that runs inside it up to a
 * keyword starts where that keyword's run of notBehind characters starts (the nearest such
 * keyword wins); else what its first consuming term gives (`inner`), if anything.
 */
export function branchRunStart(notBehind: Ranges | undefined, leads: Lead[], inner: RunStartRanges[] | undefined): RunStartRanges[] | undefined {
  let best: RunStartRanges | undefined;
  if (notBehind) {
    for (const l of leads) {
      if (within(l.chars, notBehind) && Number.isFinite(l.pre) && (!best || l.pre < best.pre)) best = { cls: notBehind, pre: l.pre };
    }
  }
  return best ? [best] : inner;
}

/** Alternatives: every one must start at a run of some class; a match starts at one of their starts. */
export function alternativesRunStart(branches: Array<RunStartRanges[] | undefined>): RunStartRanges[] | undefined {
  return branches.every((b) => b) ? branches.flatMap((b) => b!) : undefined;
}

/**
 * A class as the scan can step over it (a 128-entry table, and one flag for all non-ASCII
 * characters but U+2028 and U+2029), or undefined when it is neither.
 */
export function runStartOf(rs: RunStartRanges): RunStart | undefined {
  const cls = normalize(rs.cls);
  let ascii = '';
  for (const [lo, hi] of cls) for (let c = lo; c <= Math.min(hi, 127); c++) ascii += String.fromCharCode(c);
  const rest = normalize(cls.filter(([, hi]) => hi >= 128).map(([lo, hi]) => [Math.max(lo, 128), hi] as [number, number]));
  if (rest.length === 0) return { cls: ascii, wide: false, pre: rs.pre };
  const wide = normalize([[128, 0x2027], [0x202a, MAX]]);
  if (within(rest, wide) && within(wide, rest)) return { cls: ascii, wide: true, pre: rs.pre };
  return undefined;
}

/** The regex's run-start plan: every class steppable, or none at all. */
export function planRunStart(classes: RunStartRanges[] | undefined): RunStart[] | undefined {
  const steps = classes?.map(runStartOf);
  return steps && steps.every((c) => c !== undefined) ? (steps as RunStart[]) : undefined;
}
