// Ignore files at the repo root: `.leakguardignore` and, for users coming from gitleaks, `.gitleaksignore`.
// One entry a line; `#` starts a comment (at the line start, or after whitespace); blank lines are skipped.
// Both files accept both forms: a leakguard fingerprint (64 hex, see fingerprint.ts) or a gitleaks
// fingerprint (`commit:path:rule:line`, or `path:rule:line` for every commit).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../types.js';
import { isFingerprint, normalizePath, parseGitleaksFingerprint } from './fingerprint.js';

export const IGNORE_FILE_NAMES = ['.leakguardignore', '.gitleaksignore'];

export interface IgnoreFinding {
  ruleId: string;
  path: string;
  line: number;
  fingerprint: string;
  commit?: { sha: string };
}

export interface IgnoreList {
  /** leakguard fingerprints to suppress. */
  fingerprints: Set<string>;
  /** gitleaks entries, keyed `path:line`, each with its rule id and commit ('' = any commit). */
  gitleaks: Map<string, Array<{ ruleId: string; commit: string }>>;
  /** Lines that were neither form, as `file:line: text`, for a warning. */
  invalid: string[];
  /** Files that were read. */
  files: string[];
  /** Whether a finding is named by an entry. */
  has(f: IgnoreFinding): boolean;
}

export function emptyIgnoreList(): IgnoreList {
  const list: IgnoreList = {
    fingerprints: new Set(),
    gitleaks: new Map(),
    invalid: [],
    files: [],
    has: (f) => matches(list, f),
  };
  return list;
}

function matches(list: IgnoreList, f: IgnoreFinding): boolean {
  if (f.fingerprint && list.fingerprints.has(f.fingerprint)) return true;
  if (list.gitleaks.size === 0) return false;
  const entries = list.gitleaks.get(`${normalizePath(f.path)}:${f.line}`);
  if (!entries) return false;
  const sha = f.commit?.sha.toLowerCase();
  // A global entry names the finding in every commit; a commit entry (full or abbreviated sha) only there.
  return entries.some((e) => sameRule(e.ruleId, f.ruleId) && (e.commit === '' || (sha !== undefined && sha.startsWith(e.commit))));
}

/**
 * gitleaks' default rule ids for the secrets leakguard's built-in rules also find, so that a
 * `.gitleaksignore` written for gitleaks keeps working after switching (an entry pins path and line).
 */
const GITLEAKS_ALIASES: Array<[RegExp, RegExp]> = [
  [/^aws-access-token$/, /^aws-(access-key-id|secret-access-key.*|session-token)$/],
  [/^github-(pat|oauth|app-token|refresh-token)$/, /^github-token$/],
  [/^gitlab-/, /^gitlab-token$/],
  [/^slack-(bot|user|legacy|legacy-bot|legacy-workspace|config-access|config-refresh)-token$/, /^slack-token$/],
  [/^slack-webhook-url$/, /^slack-webhook$/],
  [/^stripe-access-token$/, /^stripe-key$/],
  [/^npm-access-token$/, /^npm(rc-auth)?-token$/],
  [/^gcp-api-key$/, /^google-api-key$/],
  [/^private-key$/, /^(private-key.*|putty-private-key)$/],
  [/^jwt(-base64)?$/, /^jwt(-signing-secret)?$/],
  [/^generic-api-key$/, /^(generic-secret-.*|password-.*|jwt-signing-secret|credential-call-arguments|connection-string-password|url-credentials)$/],
];

function sameRule(entryRule: string, findingRule: string): boolean {
  if (entryRule === findingRule) return true;
  return GITLEAKS_ALIASES.some(([theirs, ours]) => theirs.test(entryRule) && ours.test(findingRule));
}

/** Adds the entries of one file's text to `list`. `source` names the file in warnings. */
export function parseIgnoreText(text: string, source: string, list: IgnoreList = emptyIgnoreList()): IgnoreList {
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    let line = raw.replace(/^\uFEFF/, '');
    if (/^\s*#/.test(line)) return;
    line = line.replace(/\s+#.*$/, '').trim();
    if (line === '') return;
    const lower = line.toLowerCase();
    if (isFingerprint(lower)) {
      list.fingerprints.add(lower);
      return;
    }
    const g = parseGitleaksFingerprint(line);
    if (!g) {
      list.invalid.push(`${source}:${i + 1}: ${line.length > 80 ? line.slice(0, 80) + '…' : line}`);
      return;
    }
    const key = `${g.path}:${g.line}`;
    const entries = list.gitleaks.get(key) ?? [];
    entries.push({ ruleId: g.ruleId, commit: g.commit ?? '' });
    list.gitleaks.set(key, entries);
  });
  return list;
}

/**
 * Reads `.leakguardignore` and `.gitleaksignore` at `root` (those that exist) plus any `extra` files
 * (which must exist). An unreadable file is a UserError.
 */
export function loadIgnoreFiles(root: string, extra: string[] = []): IgnoreList {
  const list = emptyIgnoreList();
  const files = [...IGNORE_FILE_NAMES.map((n) => join(root, n)).filter((p) => existsSync(p)), ...extra];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      throw new UserError(`cannot read ignore file ${file} (${code})`);
    }
    parseIgnoreText(text, file, list);
    list.files.push(file);
  }
  return list;
}

