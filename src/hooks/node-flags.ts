// The Node options the hooks start leakguard with (src/hooks/script.ts):
//  - V8 compiles each regex straight to machine code. A hook's scan is short, and V8's default
//    (interpret a regex's first match, compile it again on the second) compiles most of the rules
//    twice.
//  - The young generation starts at 8 MB a half instead of growing from 1 MB: the start-up (the
//    inlined rules and judge data, the detector's tables) otherwise runs several scavenges, about 5
//    of a hook's 100 ms. A longer scan (pre-push over many commits) grows it anyway.
//  - pre-commit only: V8 compiles those regexes without its optimisation passes. A commit's first
//    scan compiles about 600 regexes (the rules' and the judge's) and runs most of them a few times
//    on a few kilobytes: compiling was most of that pass, and the hook took 98 ms instead of 110
//    (medians of 41 runs on the bench's 20 staged files). Matching is slower without them (a 19 MB
//    staged change: 638 ms instead of 566), so the pushes' hooks, which scan whole commit ranges,
//    keep them.
// dist/main.cjs keeps one code cache per set of Node options, and the build (scripts/build.mjs)
// warms each of these too.
import type { HookName } from './script.js';

export const NODE_FLAGS = '--no-regexp-tier-up --min-semi-space-size=8';
const PRE_COMMIT_NODE_FLAGS = `${NODE_FLAGS} --no-regexp-optimization`;

/** The Node options of one hook. */
export function nodeFlags(hook: HookName): string {
  return hook === 'pre-commit' ? PRE_COMMIT_NODE_FLAGS : NODE_FLAGS;
}

/** Every set of options a hook may start Node with (the build warms a code cache for each). */
export const HOOK_NODE_FLAG_SETS: readonly string[] = [PRE_COMMIT_NODE_FLAGS, NODE_FLAGS];
