// Found values that collide with report structure: numbers a report prints, its JSON keys, summary
// keys, rule ids, paths, format keywords of JSON, SARIF, JUnit and GitHub workflow commands, and
// markup and escape characters. Findings and scan results built from them, as fast-check arbitraries.
import fc from 'fast-check';
import type { Confidence, Finding, ScanResult } from '../../src/types.js';
import { emptySummary } from '../../src/types.js';
import { finding } from './fixtures.js';

export const NUMBERS = [0, 1, 2, 3, 12, 42, 1234];

export const TRICKY = [
  ...NUMBERS.map(String), '1.234', '-1', '1e3',
  'true', 'false', 'null', '{}', '[]', '{', '}', '[', ']', ',', ':', '"', "'", '\\', '\\n', '\\"',
  // JSON keys and summary keys
  'tool', 'version', 'redacted', 'findings', 'summary', 'scanned', 'commits', 'bytes', 'durationMs', 'notes',
  'skipped', 'binary', 'tooLarge', 'unreadable', 'symlink', 'lfsPointer', 'other',
  'suppressed', 'inline', 'baseline', 'ignored', 'allowlist', 'belowConfidence',
  'ruleId', 'description', 'kind', 'path', 'line', 'column', 'endLine', 'endColumn', 'secret', 'match',
  'lineText', 'entropy', 'confidence', 'reasons', 'fingerprint', 'score', 'key', 'commit', 'sha', 'message',
  // SARIF
  '$schema', '2.1.0', 'runs', 'results', 'rules', 'level', 'region', 'startLine', 'snippet', 'text', 'uri',
  'uriBaseId', '%SRCROOT%', 'partialFingerprints', 'leakguardFingerprint/v1', 'properties', 'fail',
  // levels and format keywords
  'error', 'warning', 'note', 'notice', 'high', 'medium', 'low', 'leakguard', 'test',
  '<?xml', 'testsuites', 'testsuite', 'testcase', 'failure', 'failures', 'errors', 'tests', 'time', 'name',
  'classname', 'file', 'property', '</failure>', '<testcase', '&amp;', '&', '<', '>', ']]>', '-->', '&#10;',
  '::error', '::warning', '::notice', '::', 'file=', 'line=', 'col=', 'title=', '%', '%0A', '%25', '%3A',
  // rule ids, paths and commit fields used below
  'password-assignment', 'generic-secret', 'app/.env', 'app', '.env', 'deploy', 'a,b:c%d.tf', 'Dev One',
  'aaaaaaaaaaaa', '2024-01-02T03:04:05Z', 'shallow',
];

const RULES = ['password-assignment', 'generic-secret', 'ignored', 'line', 'error', '::warning'];
const PATHS = ['app/.env', 'line/1234.py', 'ignored/error.yml', 'deploy/a,b:c%d.tf', 'src/testcase.xml', 'x y/"q"&<t>.js'];
const KEYS = ['DB_PASSWORD', 'password', 'line', 'ignored', 'error', '"secret"', '<password>'];

/** A single-line value from TRICKY, or two of them joined. */
export const trickyValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...TRICKY), fc.constantFrom('', '-', ' ', '='), fc.constantFrom(...TRICKY)).map(([a, s, b]) => a + s + b) },
);

const number = fc.constantFrom(...NUMBERS);

const findingArb = fc.record({
  value: trickyValue,
  key: fc.constantFrom(...KEYS),
  ruleId: fc.constantFrom(...RULES),
  path: fc.constantFrom(...PATHS),
  line: number.map((n) => Math.max(1, n)),
  confidence: fc.constantFrom<Confidence>('high', 'medium', 'low'),
  withKey: fc.boolean(),
  commit: fc.option(fc.constantFrom('a'.repeat(40), '1234'.repeat(10)), { nil: undefined }),
});

export interface TrickyCase {
  result: ScanResult;
  values: string[];
}

function build(spec: typeof findingArb extends fc.Arbitrary<infer T> ? T : never): Finding {
  const { value, key, ruleId, path, line, confidence } = spec;
  return finding({
    ruleId,
    path,
    secret: value,
    lineText: `${key} = "${value}"  # ${line}`,
    match: `${key} = "${value}"`,
    line,
    endLine: line,
    confidence,
    score: line,
    ...(spec.withKey ? { key } : {}),
    ...(spec.commit
      ? { commit: { sha: spec.commit, author: 'Dev One', email: 'dev@example.test', date: '2024-01-02T03:04:05Z', message: `fix ${value}\n\nline ${line}: ${value}` } }
      : {}),
  });
}

export const trickyCase: fc.Arbitrary<TrickyCase> = fc
  .record({
    findings: fc.array(findingArb, { minLength: 0, maxLength: 4 }),
    counts: fc.array(number, { minLength: 15, maxLength: 15 }),
  })
  .map(({ findings, counts }) => {
    const summary = emptySummary();
    const c = [...counts];
    summary.scanned = c.pop()!;
    summary.commits = c.pop()!;
    summary.bytes = c.pop()!;
    summary.durationMs = c.pop()!;
    for (const k of Object.keys(summary.skipped) as Array<keyof typeof summary.skipped>) summary.skipped[k] = c.pop()!;
    for (const k of Object.keys(summary.suppressed) as Array<keyof typeof summary.suppressed>) summary.suppressed[k] = c.pop()!;
    const values = findings.map((f) => f.value);
    summary.notes = ['history is shallow', ...values.map((v) => `note quoting ${v} here`)];
    return { result: { findings: findings.map(build), summary }, values };
  });
