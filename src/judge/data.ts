// The judge's data: rules/confidence/judge.toml (features, weights, word lists) and
// rules/confidence/wordness.json (the letter model). The bundle inlines both at build time as
// __LEAKGUARD_JUDGE_DATA__ (scripts/build.mjs); run from source (tests), the files are read here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { rulesDir } from '../config/builtin.js';
import type { JudgeData, JudgeSpec, WordnessSpec } from './types.js';

declare const __LEAKGUARD_JUDGE_DATA__: JudgeData | undefined;

/** Reads and parses the data files (what the build inlines). */
export function readJudgeData(dir = join(rulesDir(), 'confidence')): JudgeData {
  const judge = parse(readFileSync(join(dir, 'judge.toml'), 'utf8')) as unknown as JudgeSpec;
  const wordness = JSON.parse(readFileSync(join(dir, 'wordness.json'), 'utf8')) as WordnessSpec;
  return { judge, wordness };
}

let cached: JudgeData | undefined;

export function judgeData(): JudgeData {
  cached ??= typeof __LEAKGUARD_JUDGE_DATA__ !== 'undefined' ? __LEAKGUARD_JUDGE_DATA__ : readJudgeData();
  return cached;
}
