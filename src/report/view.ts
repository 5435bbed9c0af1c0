// What every format shows of a finding, computed once: paths made relative to the root, and, unless the
// user passed --no-redact, the secret redacted and the match, line and any free text masked.
import { isAbsolute, relative, sep } from 'node:path';
import type { CommitInfo, Finding, ScanResult } from '../types.js';
import { Masker, maskSpan, redact } from './redact.js';

export interface ReportOptions {
  redact: boolean;
  color: boolean;
  /** Directory paths are reported relative to (the repo root, for SARIF's %SRCROOT%). */
  root: string;
  version: string;
}

export interface FindingView {
  finding: Finding;
  ruleId: string;
  description: string;
  /** Path relative to the root, forward slashes (absolute when outside the root). */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Redacted secret (or the secret with --no-redact). */
  secret: string;
  match: string;
  lineText: string;
  /** The line trimmed to about 160 characters around the value, masked. */
  context: string;
  commit?: CommitInfo;
  fingerprint: string;
}

export const CONTEXT_WIDTH = 160;

/** Repo-relative path with forward slashes; absolute paths under the root are made relative. */
export function displayPath(path: string, root: string): string {
  let p = path;
  if (isAbsolute(p)) {
    const rel = relative(root, p);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) p = rel;
  }
  p = p.split(sep).join('/').replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}

/** Cuts `text` to at most `width` characters around index `focus`, marking cuts with an ellipsis. */
export function trimAround(text: string, focus: number, width = CONTEXT_WIDTH): string {
  const t = text.replace(/\s+$/, '');
  if (t.length <= width) return t.trimStart();
  let start = Math.max(0, focus - Math.floor(width / 3));
  const end = Math.min(t.length, start + width);
  start = Math.max(0, end - width);
  let out = t.slice(start, end);
  if (start > 0) out = '…' + out;
  if (end < t.length) out = out + '…';
  return out;
}

export interface ReportView {
  findings: FindingView[];
  masker: Masker;
  /** Summary notes, masked. */
  notes: string[];
}

export function buildView(result: ScanResult, opts: ReportOptions): ReportView {
  const masker = new Masker(
    result.findings.map((f) => f.secret),
    opts.redact,
  );
  const findings = result.findings.map((f) => viewFinding(f, opts, masker));
  return { findings, masker, notes: result.summary.notes.map((n) => masker.text(n)) };
}

function viewFinding(f: Finding, opts: ReportOptions, masker: Masker): FindingView {
  const lineText = f.lineText ?? '';
  const start = Math.max(0, f.column - 1);
  const end = f.endLine === f.line ? Math.max(start + 1, f.endColumn - 1) : lineText.length;
  let shownLine: string;
  let context: string;
  let secret: string;
  let match: string;
  if (opts.redact) {
    const m = maskSpan(lineText, f.secret, start, end);
    shownLine = masker.text(m.text);
    // The masker may shorten text before the focus; recompute the focus on the final text.
    const mask = redact(f.secret);
    const near = shownLine.indexOf(mask, Math.max(0, m.focus - 4 * mask.length));
    context = trimAround(shownLine, near === -1 ? m.focus : near);
    secret = redact(f.secret);
    match = masker.text(maskSpan(f.match ?? '', f.secret).text);
  } else {
    shownLine = lineText;
    context = trimAround(lineText, start);
    secret = f.secret;
    match = f.match ?? '';
  }
  const commit = f.commit
    ? {
        ...f.commit,
        author: masker.text(f.commit.author),
        email: masker.text(f.commit.email),
        message: masker.text(f.commit.message),
      }
    : undefined;
  const line = Math.max(1, f.line || 1);
  const column = Math.max(1, f.column || 1);
  let endLine = Math.max(line, f.endLine || line);
  let endColumn = Math.max(1, f.endColumn || column + 1);
  if (endLine === line && endColumn <= column) endColumn = column + 1;
  return {
    finding: f,
    ruleId: f.ruleId,
    description: masker.text(f.description || f.ruleId),
    path: masker.text(displayPath(f.path, opts.root)),
    line,
    column,
    endLine,
    endColumn,
    secret,
    match,
    lineText: shownLine,
    context,
    commit,
    fingerprint: f.fingerprint,
  };
}

/** First line of a commit message. */
export function subject(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  return message.split(/\r?\n/)[0];
}
