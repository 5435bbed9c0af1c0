// Fingerprints identify a finding across edits and rebases without storing the secret:
// hex sha256 over the rule id, the path and a sha256 of the secret. The line number and the commit
// are left out on purpose, so lines added above a secret, or a rebase, do not change it.
// Also parses gitleaks' fingerprint form (`commit:path:rule:line` or `path:rule:line`) used in
// `.gitleaksignore` files.
import { sha256hex } from '../util/sha256.js';

export interface FingerprintSubject {
  ruleId: string;
  path: string;
  secret: string;
}

/** Normalises a path the way findings carry it: forward slashes, no leading `./`. */
export function normalizePath(path: string): string {
  let p = path.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}

/** sha256(ruleId \0 path \0 sha256(secret)), hex. Never contains the secret. */
export function fingerprint(f: FingerprintSubject): string {
  return sha256hex(`${f.ruleId}\0${normalizePath(f.path)}\0${sha256hex(f.secret)}`);
}

/** A leakguard fingerprint: 64 lower-case hex characters. */
export function isFingerprint(s: string): boolean {
  return /^[0-9a-f]{64}$/.test(s);
}

/** A gitleaks-style fingerprint: which finding it names. `commit` is absent in the global form. */
export interface GitleaksFingerprint {
  commit?: string;
  path: string;
  ruleId: string;
  line: number;
}

/**
 * Parses `commit:path:rule:line` or `path:rule:line`. The path may itself contain colons, so the line
 * and rule are taken from the right and a commit only from a leading run of 7-64 hex digits.
 * Returns undefined for text of neither form.
 */
export function parseGitleaksFingerprint(text: string): GitleaksFingerprint | undefined {
  const s = text.trim();
  const lastColon = s.lastIndexOf(':');
  if (lastColon <= 0) return undefined;
  const lineText = s.slice(lastColon + 1);
  if (!/^\d+$/.test(lineText)) return undefined;
  const rest = s.slice(0, lastColon);
  const ruleColon = rest.lastIndexOf(':');
  if (ruleColon <= 0) return undefined;
  const ruleId = rest.slice(ruleColon + 1);
  if (ruleId === '') return undefined;
  let path = rest.slice(0, ruleColon);
  let commit: string | undefined;
  const m = /^([0-9a-f]{7,64}):(.+)$/i.exec(path);
  if (m) {
    commit = m[1].toLowerCase();
    path = m[2];
  }
  if (path === '') return undefined;
  return { commit, path: normalizePath(path), ruleId, line: Number(lineText) };
}

/** The gitleaks form of a finding, as gitleaks would print it (with the commit for history findings). */
export function gitleaksFingerprint(f: { ruleId: string; path: string; line: number; commit?: { sha: string } }): string {
  const base = `${normalizePath(f.path)}:${f.ruleId}:${f.line}`;
  return f.commit ? `${f.commit.sha}:${base}` : base;
}
