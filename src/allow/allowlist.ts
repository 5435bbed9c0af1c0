// Allowlists (per rule and global), in gitleaks' shape: regexes against the secret, the match or the
// line; stopwords contained in the secret; path regexes or globs; commits. condition OR (any) or AND (all).
import picomatch from 'picomatch';
import type { RegexTarget, RuleAllowlist } from '../types.js';
import { compileRegex } from '../config/regex.js';

export interface AllowSubject {
  secret: string;
  match: string;
  line: string;
  path: string;
  commit?: string;
}

export interface CompiledAllowlist {
  test(s: AllowSubject): boolean;
  /** True when the allowlist only looks at the path, so a whole file can be skipped. */
  pathOnly: boolean;
  testPath(path: string): boolean;
}

/** Path matcher from regexes (gitleaks `paths`) and picomatch globs (`globs`). */
export function compilePathMatcher(regexes: string[], globs: string[], where: string): ((path: string) => boolean) | undefined {
  const tests: Array<(p: string) => boolean> = [];
  for (const r of regexes) {
    const re = compileRegex(r, where);
    tests.push((s) => re.test(s));
  }
  for (const g of globs) tests.push(picomatch(g, { dot: true, matchBase: !g.includes('/') }));
  if (tests.length === 0) return undefined;
  return (path) => tests.some((t) => t(path));
}

export function compileAllowlist(a: RuleAllowlist, where: string): CompiledAllowlist {
  const target: RegexTarget = a.regexTarget ?? 'secret';
  const regexes = (a.regexes ?? []).map((r) => compileRegex(r, where));
  const stopwords = (a.stopwords ?? []).map((w) => w.toLowerCase());
  const pathTest = compilePathMatcher(a.paths ?? [], a.globs ?? [], where);
  const commits = new Set(a.commits ?? []);
  const and = a.condition === 'AND';
  const checks: Array<(s: AllowSubject) => boolean> = [];
  if (regexes.length) checks.push((s) => {
    const t = target === 'match' ? s.match : target === 'line' ? s.line : s.secret;
    return regexes.some((re) => re.test(t));
  });
  if (stopwords.length) checks.push((s) => {
    const l = s.secret.toLowerCase();
    return stopwords.some((w) => l.includes(w));
  });
  if (pathTest) checks.push((s) => pathTest(s.path));
  if (commits.size) checks.push((s) => s.commit !== undefined && commits.has(s.commit));
  const pathOnly = checks.length === 1 && pathTest !== undefined;
  return {
    pathOnly,
    testPath: (p) => (pathTest ? pathTest(p) : false),
    test: (s) => (checks.length === 0 ? false : and ? checks.every((c) => c(s)) : checks.some((c) => c(s))),
  };
}
