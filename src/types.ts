// Types at the seams between the stages of a scan:
//   sources (where text comes from) -> detect (rules) -> allow (suppression) -> report.

/** What kind of secret a rule finds; used for scoring, migrate and rotation advice. */
export type SecretKind =
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'aws-session-token'
  | 'password'
  | 'connection-string'
  | 'private-key'
  | 'token'
  | 'api-key'
  | 'generic-secret';

/**
 * How sure the judge (src/judge/) is that a finding is a real secret: high (the shape proves it, or
 * it was verified live), medium (likely; the default level reported), low (probably a dummy, a
 * label or generated text; reported only with --min-confidence low).
 */
export type Confidence = 'high' | 'medium' | 'low';

/** The rule of IAM user/role/policy IDs: kind aws-access-key-id, but no access key (never paired, verified or migrated). */
export const IAM_UNIQUE_ID_RULE = 'aws-iam-unique-id';

/** Commit a fragment of history text belongs to. */
export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** ISO 8601 author date. */
  date: string;
  message?: string;
}

/**
 * A piece of text handed to the detector: a whole file, or the added lines of a diff.
 * When `lineNumbers` is set, line i (0-based) of `text` is line `lineNumbers[i]` of the real file;
 * otherwise line i of `text` is line `firstLine + i` (firstLine defaults to 1).
 */
export interface Fragment {
  /** Repo-relative (or as-given) path, with forward slashes. */
  path: string;
  text: string;
  lineNumbers?: number[];
  firstLine?: number;
  commit?: CommitInfo;
  /**
   * Text the encoded pass made from a decoded value (src/detect/encoded.ts), not the file's: its
   * lines around a finding are not the file's (the judge does not look at them).
   */
  decoded?: boolean;
  /** Blob id when known (history), lets the engine scan each unique blob once. */
  blob?: string;
  /**
   * A merge's file whose content is none of its parents' (src/sources/history/merges.ts), scanned
   * whole: its findings whose value a parent's version holds are dropped (ScanTally.settleMerges).
   */
  merge?: { root: string; parentBlobs: string[] };
  /** Scanned from the object database (`scan --history --objects`): whether any ref or reflog reaches it. */
  object?: { unreachable: boolean };
}

export type RegexTarget = 'secret' | 'match' | 'line';

export interface RuleAllowlist {
  description?: string;
  /** 'OR' (default): any criterion suppresses; 'AND': all given criteria must hold. */
  condition?: 'OR' | 'AND';
  regexes?: string[];
  regexTarget?: RegexTarget;
  stopwords?: string[];
  /** Path regexes (gitleaks semantics). */
  paths?: string[];
  /** Path globs (picomatch), e.g. "test/fixtures/**". */
  globs?: string[];
  commits?: string[];
}

/** A rule as written in rules/*.toml or a user config (gitleaks-compatible superset). */
export interface RuleSpec {
  id: string;
  description?: string;
  /** JavaScript regex source; a leading (?i) becomes the i flag. */
  regex?: string;
  /** Capture group holding the secret; default: first non-empty group, else whole match. */
  secretGroup?: number;
  /** Lower-case keywords; the rule runs only on fragments containing one of them. */
  keywords?: string[];
  /** Minimum Shannon entropy (bits per char) of the secret. */
  entropy?: number;
  /** Only scan files whose path matches this regex (gitleaks `path`). */
  path?: string;
  /** Only scan files whose path matches one of these globs. */
  pathGlobs?: string[];
  allowlists?: RuleAllowlist[];
  kind?: SecretKind;
  severity?: 'error' | 'warning' | 'note';
  tags?: string[];
  /**
   * Keep a finding only when a finding of one of these rules lies within `lines` lines of it
   * (e.g. a bare 40-char AWS secret next to an access key ID).
   */
  near?: { rules: string[]; lines: number };
  /** Named value checks from src/detect/value-checks.ts that the secret must pass. */
  checks?: string[];
  /**
   * The confidence of the rule's findings: fixed, or 'judged' (by src/judge/, as built-in rules are).
   * Default: judged for built-in rules, medium for a user's.
   */
  confidence?: Confidence | 'judged';
  /** Minimum secret length (after the regex), default none. */
  minLength?: number;
  /**
   * Lines the rule must report (`tp`) and must not (`fp`), checked by the tests. Templates such as
   * `{hex:32}` stand for random characters (src/config/example-template.ts).
   */
  examples?: { tp: string[]; fp: string[] };
  /** Where the rule came from, for error messages. */
  source?: string;
}

/** Whole configuration: built-in rules merged with the user's. */
export interface ConfigSpec {
  title?: string;
  rules: RuleSpec[];
  /** Rule ids to disable. */
  disabledRules?: string[];
  /** Global allowlists. */
  allowlists?: RuleAllowlist[];
  /** Max file size in bytes for directory scans. */
  maxFileSize?: number;
}

export interface Finding {
  ruleId: string;
  description: string;
  kind: SecretKind;
  path: string;
  /** 1-based line and column of the secret's first character. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The secret itself. Never printed unless the user passes --no-redact. */
  secret: string;
  /** The whole regex match (contains the secret). */
  match: string;
  /** The full source line the secret starts on (contains the secret). */
  lineText: string;
  entropy: number;
  commit?: CommitInfo;
  /**
   * `scan --history --objects`: the blob the finding is in, and whether no ref or reflog reaches it
   * (then `commit`, when set, is an unreachable commit that holds it).
   */
  object?: { blob: string; unreachable: boolean };
  /** sha256(rule, path, secret) — see src/allow/fingerprint.ts. Never contains the secret. */
  fingerprint: string;
  /** Set by `scan --verify`. */
  verified?: boolean | 'unknown';
  /** Set when the secret was found inside decoded (base64) text. */
  decodedFrom?: 'base64';
  /** Name the value is assigned to, when a rule captured it (named group `key`). */
  key?: string;
  /** Set by the judge on every finding the detector makes (src/judge/judge.ts). */
  confidence?: Confidence;
  /** The judge's score (the level's thresholds are in rules/confidence/judge.toml). */
  score?: number;
  /** Why the confidence is what it is: short phrases that never hold the value. */
  reasons?: string[];
}

/** Files (or blobs) the scan did not look at, by reason. */
export interface SkipCounts {
  binary: number;
  tooLarge: number;
  unreadable: number;
  symlink: number;
  lfsPointer: number;
  other: number;
}

export interface ScanSummary {
  /** Files or blobs scanned. */
  scanned: number;
  /** Commits walked (history / pre-push modes). */
  commits: number;
  bytes: number;
  skipped: SkipCounts;
  /** belowConfidence: findings under --min-confidence (not reported, do not fail the scan). */
  suppressed: { inline: number; baseline: number; ignored: number; allowlist: number; belowConfidence: number };
  durationMs: number;
  /** Human notes such as "history is shallow". */
  notes: string[];
}

export interface ScanResult {
  findings: Finding[];
  summary: ScanSummary;
}

export function emptySkips(): SkipCounts {
  return { binary: 0, tooLarge: 0, unreadable: 0, symlink: 0, lfsPointer: 0, other: 0 };
}

export function emptySummary(): ScanSummary {
  return {
    scanned: 0,
    commits: 0,
    bytes: 0,
    skipped: emptySkips(),
    suppressed: { inline: 0, baseline: 0, ignored: 0, allowlist: 0, belowConfidence: 0 },
    durationMs: 0,
    notes: [],
  };
}

/** Error meant for the user: printed as one line, exit code 2. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
