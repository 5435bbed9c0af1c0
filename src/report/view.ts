// What every format shows of a finding, computed once: paths made relative to the root, and, unless the
// user passed --no-redact, the secret redacted and the fields that carry values masked (match, line,
// context, commit author, email and message, the key name, summary notes). This is the only place
// reports are redacted: renderers print these fields and never mask their output, so structure (JSON
// keys, numbers, XML markup, workflow commands) survives any found value.
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
/** Lines longer than this (minified code) are cut to a window around the value before anything else. */
export const MAX_LINE = 4096;
const WINDOW_MARGIN = 1024;

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
  /**
   * Masks secrets in free text that may quote a value (notes, key names). It leaves out values that are
   * part of a path, rule id, description or kind: masking a short value that happens to be a directory
   * name ("billing") or a word ("password") would garble that text. Fields that carry the value (secret,
   * match, line, commit text) are masked field by field with every value. Never apply it to a rendered
   * document.
   */
  masker: Masker;
  /** Summary notes, masked. */
  notes: string[];
}

export function buildView(result: ScanResult, opts: ReportOptions): ReportView {
  const secrets = result.findings.map((f) => f.secret);
  const fieldMasker = new Masker(secrets, opts.redact);
  // Structural text every format prints: paths, rule ids, descriptions, kinds. A found value that is part
  // of it (a password "password", a user name equal to a directory) is masked where it stands as a value,
  // not in that text.
  const structural = [
    ...new Set(result.findings.flatMap((f) => [displayPath(f.path, opts.root), f.ruleId, f.description, f.kind].map((t) => t.toLowerCase()))),
  ];
  const masker = new Masker(
    secrets.filter((s) => !structural.some((t) => t.includes(s.toLowerCase()))),
    opts.redact,
  );
  const findings = result.findings.map((f) => viewFinding(f, opts, fieldMasker, masker));
  return { findings, masker, notes: result.summary.notes.map((n) => masker.text(n)) };
}

/**
 * Cuts a very long line to a window around [start, end) and masks it. A secret cut in half at a window
 * edge is not recognisable any more, so when redacting, `longest` characters are dropped at each cut.
 */
function windowed(line: string, start: number, end: number, drop: number): { text: string; start: number; end: number; cutLeft: number; cutRight: boolean } {
  if (line.length <= MAX_LINE) return { text: line, start, end, cutLeft: -1, cutRight: false };
  const margin = Math.max(WINDOW_MARGIN, 2 * drop);
  const a = Math.max(0, start - margin);
  const b = Math.min(line.length, Math.max(end, start + 1) + margin);
  return { text: line.slice(a, b), start: start - a, end: end - a, cutLeft: a > 0 ? drop : -1, cutRight: b < line.length };
}

function uncut(text: string, w: { cutLeft: number; cutRight: boolean }, drop: number): string {
  let t = text;
  if (w.cutRight) t = t.slice(0, Math.max(0, t.length - drop)) + '…';
  if (w.cutLeft >= 0) t = '…' + t.slice(w.cutLeft);
  return t;
}

function viewFinding(f: Finding, opts: ReportOptions, masker: Masker, pathMasker: Masker): FindingView {
  const fullLine = f.lineText ?? '';
  const fullStart = Math.max(0, f.column - 1);
  const fullEnd = f.endLine === f.line ? Math.max(fullStart + 1, f.endColumn - 1) : fullLine.length;
  const drop = opts.redact ? Math.max(masker.longest, f.secret.length) : 0;
  const w = windowed(fullLine, fullStart, fullEnd, drop);
  const lineText = w.text;
  const start = w.start;
  let shownLine: string;
  let context: string;
  let secret: string;
  let match: string;
  if (opts.redact) {
    const m = maskSpan(lineText, f.secret, start, w.end);
    const masked = masker.text(m.text);
    // The masker may shorten text before the focus; recompute the focus on the final text.
    const mask = redact(f.secret);
    const near = masked.indexOf(mask, Math.max(0, m.focus - 4 * mask.length));
    shownLine = uncut(masked, w, drop);
    const shift = w.cutLeft >= 0 ? 1 - w.cutLeft : 0;
    context = trimAround(shownLine, (near === -1 ? m.focus : near) + shift);
    secret = redact(f.secret);
    match = masker.text(maskSpan(f.match ?? '', f.secret).text);
  } else {
    shownLine = uncut(lineText, w, 0);
    context = trimAround(shownLine, start + (w.cutLeft >= 0 ? 1 : 0));
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
    // Rule text from the config, never a value.
    description: f.description || f.ruleId,
    path: pathMasker.text(displayPath(f.path, opts.root)),
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

/** Where a finding of `scan --history --objects` lives, in words (no value in it). */
export function objectNote(f: Finding): string | undefined {
  if (!f.object) return undefined;
  const blob = `blob ${f.object.blob.slice(0, 12)}`;
  if (!f.object.unreachable) return blob;
  return f.commit ? `${blob}, unreachable: no ref or reflog reaches its commit` : `${blob}, unreachable: held by no commit`;
}
