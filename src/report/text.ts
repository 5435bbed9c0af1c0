// Text report, for people: one block per finding, then a summary. ANSI colour only when asked.
import type { ScanResult, ScanSummary } from '../types.js';
import { objectNote, subject, type FindingView, type ReportOptions, type ReportView } from './view.js';

type Paint = (s: string) => string;
interface Palette {
  bold: Paint;
  red: Paint;
  yellow: Paint;
  dim: Paint;
  cyan: Paint;
  green: Paint;
}

function palette(color: boolean): Palette {
  const wrap = (open: number, close: number): Paint => (color ? (s) => `\x1b[${open}m${s}\x1b[${close}m` : (s) => s);
  return { bold: wrap(1, 22), red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), cyan: wrap(36, 39), green: wrap(32, 39) };
}

/** Control characters from scanned text must not drive the terminal. */
export function safe(s: string): string {
  return s.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).replace(/\t/g, ' ');
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

function findingBlock(v: FindingView, p: Palette): string[] {
  const out: string[] = [];
  const confidence = v.finding.confidence ?? 'medium';
  out.push(`${p.bold(safe(`${v.path}:${v.line}:${v.column}`))}  ${p.red(safe(v.ruleId))}  ${p.bold(`[${confidence}]`)}  ${safe(v.description)}`);
  out.push(`  ${p.dim('secret:')} ${p.yellow(safe(v.secret))}${v.finding.verified !== undefined ? `  ${p.dim('verified:')} ${String(v.finding.verified)}` : ''}${v.finding.decodedFrom ? `  ${p.dim('(decoded from ' + v.finding.decodedFrom + ')')}` : ''}`);
  if (v.context) out.push(`  ${p.dim('line:')}   ${safe(v.context)}`);
  if (v.finding.reasons?.length) out.push(`  ${p.dim('why:')}    ${safe(v.finding.reasons.join('; '))}`);
  if (v.commit) {
    const c = v.commit;
    const who = c.email ? `${c.author} <${c.email}>` : c.author;
    const msg = subject(c.message);
    out.push(`  ${p.dim('commit:')} ${p.cyan(safe(c.sha.slice(0, 12)))} ${safe(who)} ${safe(c.date)}${msg ? `  ${p.dim(safe(JSON.stringify(msg.length > 72 ? msg.slice(0, 72) + '…' : msg)))}` : ''}`);
  }
  const where = objectNote(v.finding);
  if (where) out.push(`  ${p.dim('object:')} ${where}`);
  out.push(`  ${p.dim('fingerprint:')} ${v.fingerprint}`);
  return out;
}

function skippedText(s: ScanSummary): string | undefined {
  const names: Record<string, string> = { binary: 'binary', tooLarge: 'too large', unreadable: 'unreadable', symlink: 'symlink', lfsPointer: 'LFS pointer', other: 'other' };
  const parts = Object.entries(s.skipped)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${names[k] ?? k}`);
  return parts.length ? `skipped ${parts.join(', ')}` : undefined;
}

function suppressedText(s: ScanSummary): string | undefined {
  const parts = Object.entries(s.suppressed)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k === 'ignored' ? 'ignore file' : k === 'belowConfidence' ? 'below --min-confidence' : k}`);
  return parts.length ? `suppressed ${parts.join(', ')}` : undefined;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

export function renderText(result: ScanResult, view: ReportView, opts: ReportOptions): string {
  const p = palette(opts.color);
  const lines: string[] = [];
  for (const v of view.findings) {
    lines.push(...findingBlock(v, p), '');
  }
  const s = result.summary;
  const n = view.findings.length;
  const head = n === 0 ? p.green('no secrets found') : p.red(p.bold(plural(n, 'finding')));
  const scanned = [plural(s.scanned, s.commits > 0 ? 'blob' : 'file'), s.commits > 0 ? plural(s.commits, 'commit') : undefined]
    .filter(Boolean)
    .join(' in ');
  const parts = [`scanned ${scanned}`, skippedText(s), suppressedText(s), duration(s.durationMs)].filter(Boolean);
  lines.push(`leakguard ${opts.version}: ${head}; ${parts.join('; ')}`);
  for (const note of view.notes) lines.push(`${p.dim('note:')} ${safe(note)}`);
  if (n > 0 && opts.redact) lines.push(p.dim('Values are redacted; pass --no-redact to show them. Rotate any real secret found here.'));
  return lines.join('\n') + '\n';
}
