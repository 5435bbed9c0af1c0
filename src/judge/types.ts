// Types of the judging stage (detect -> judge -> allow -> report): what the judge reads of a
// candidate, and the data (rules/confidence/judge.toml, wordness.json) it weighs it with.
import type { Confidence } from '../types.js';

/** What the judge looks at: a finding as the detector made it, and its neighbours in the fragment. */
export interface Candidate {
  ruleId: string;
  kind: string;
  path: string;
  secret: string;
  key?: string;
  /** The line (or a window of a very long one) holding the value. */
  line: string;
  /** 0-based index of the line in its fragment. */
  lineIdx: number;
  /** A few lines around it (the line included), when the detector has them. */
  nearby?: string;
}

export interface Verdict {
  confidence: Confidence;
  score: number;
  /** Short phrases (never the value): why the score is what it is. */
  reasons: string[];
  /** A feature with `exclude` applied: the candidate is not a finding at all. */
  excluded?: boolean;
}

export interface RegexFeatureSpec {
  id?: string;
  reason: string;
  weight?: number;
  group?: string;
  exclude?: boolean;
  regex?: string;
  paths?: string[];
  exceptRules?: string[];
  /** Not in deployable configuration (outside tests): there the same shape is a weak literal, not a placeholder. */
  exceptDeployed?: boolean;
}

/** rules/confidence/judge.toml as parsed. */
export interface JudgeSpec {
  levels: { high: number; medium: number };
  base: { kinds: Record<string, number>; rules: Record<string, { score: number; proven?: boolean; ignore?: string[] }> };
  pair: { lines: number; weight: number; reason: string };
  repeat: { files: number; weight: number; reason: string; copyReason: string };
  file: RegexFeatureSpec[];
  deployableContent: { id: string; reason: string; weight: number; paths: string[]; kinds: string[][] };
  userAsPassword: { reason: string; weight: number; deployedWeight: number; group: string; kinds: string[] };
  minifiedContent: { reason: string; weight: number; paths: string[]; minLength: number; meanLineLength: number };
  catalogue: { reason: string; weight: number; minLines: number; minShare: number; paths: string[] };
  docBlock: { reason: string; weight: number; paths: string[]; start: string };
  line: RegexFeatureSpec[];
  key: { reason: string; weight: number; words: string[]; names?: string[] };
  hashKey: { reason: string; weight: number; words: string[] };
  dummyKey: { reason: string; weight: number; words: string[] };
  otherKey: { reason: string; weight: number; words: string[]; phrases: string[]; names: string[] };
  secretRefKey: { reason: string; weight: number; words: string[]; endings: string[]; value: string; sibling: string; siblingReason: string };
  saltedHash: { reason: string; weight: number; value: string; near: string };
  testOutcome: { reason: string; weight: number; name: string; near: string };
  elided: { reason: string; weight: number; minLength: number };
  truncatedTestKey: { reason: string };
  value: {
    reference: RegexFeatureSpec;
    template: RegexFeatureSpec;
    'constant-name': RegexFeatureSpec;
    named: RegexFeatureSpec;
    code: RegexFeatureSpec;
    payload: RegexFeatureSpec;
    validation: RegexFeatureSpec;
    'same-as-key': RegexFeatureSpec;
    mask: RegexFeatureSpec;
    mash: RegexFeatureSpec;
    regex: RegexFeatureSpec;
    encrypted: RegexFeatureSpec;
    public: RegexFeatureSpec;
    date: RegexFeatureSpec;
    hash: RegexFeatureSpec;
    version: RegexFeatureSpec;
    path: RegexFeatureSpec;
    prose: RegexFeatureSpec & { lowercaseWeight: number };
    'non-ascii': RegexFeatureSpec;
    identifier: RegexFeatureSpec;
    dummy: RegexFeatureSpec & { words: string[]; markers: string[]; roles?: string[]; declares: string[]; markerWeight: number; markerReason: string };
    wordlike: RegexFeatureSpec & { maxBits: number; minLetters: number; minShare: number };
    random: RegexFeatureSpec & { minBits: number; minLetters: number; minLength: number; minEntropy: number };
    'long-random': RegexFeatureSpec & { minLength: number };
    short: RegexFeatureSpec & { tiny: number };
    'decoded-text': RegexFeatureSpec & { repeatWeight: number; repeatReason: string };
    algorithm: RegexFeatureSpec;
    message: RegexFeatureSpec;
    'label-path': RegexFeatureSpec;
    email: RegexFeatureSpec;
    'unquoted-name': RegexFeatureSpec;
    'well-known': RegexFeatureSpec & { sha256: string[] };
    repetitive: RegexFeatureSpec & { minLength: number };
    jwt: RegexFeatureSpec & { minSignature: number; shortReason: string };
    option: RegexFeatureSpec;
    'level-word': RegexFeatureSpec;
    charset: RegexFeatureSpec;
    instruction: RegexFeatureSpec & { words: string[]; cues: string[] };
  };
  /** A typed (not random-looking) value of these kinds in a test, doc or example file. */
  typedFixture: {
    reason: string;
    weight: number;
    group: string;
    kinds: string[];
    maxBits: number;
    minLetters: number;
    minShare: number;
    digest: string;
    digestWeight: number;
    digestReason: string;
    nameWeight: number;
    nameReason: string;
  };
}

/** rules/confidence/wordness.json. */
export interface WordnessSpec {
  alphabet: number;
  scale: number;
  /** Hex bytes: q[(a*alphabet+b)*alphabet+c] = round(-scale * log2 P(c | a b)). */
  q: string;
}

export interface JudgeData {
  judge: JudgeSpec;
  wordness: WordnessSpec;
}

/** One feature that applied: its weight and the reason shown. */
export interface Applied {
  /** The feature's id (file and line features as in the data, value features by their table name). */
  id?: string;
  weight: number;
  reason: string;
  group?: string;
  exclude?: boolean;
  /** Dropped in deployable configuration outside tests (RegexFeatureSpec.exceptDeployed). */
  exceptDeployed?: boolean;
}

/** A regex of the data files: JavaScript syntax, with leading inline flags (?i), (?m) or (?im). */
export function dataRegex(source: string, flags = ''): RegExp {
  const m = /^\(\?([im]+)\)/.exec(source);
  if (!m) return new RegExp(source, flags);
  const all = new Set([...flags, ...m[1]]);
  return new RegExp(source.slice(m[0].length), [...all].join(''));
}

/** The words of a key name: camelCase, snake_case, dots and dashes split, lower case. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
