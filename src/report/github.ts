// GitHub Actions workflow commands: one annotation per finding (::error, ::warning or ::notice by its
// confidence), then a plain summary line.
// Data is escaped for %, CR and LF; property values also for `:` and `,`.
import type { ScanResult } from '../types.js';
import { objectNote, subject, type ReportOptions, type ReportView } from './view.js';

export function escapeData(s: string): string {
  return s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    // Other control characters (say, an escape sequence in a file name) must not drive the log viewer.
    .replace(/[\x00-\x1f\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Annotation level by confidence: high an error, medium a warning, low a notice. */
const GITHUB_LEVEL = { high: 'error', medium: 'warning', low: 'notice' } as const;

export function renderGithub(result: ScanResult, view: ReportView, opts: ReportOptions): string {
  const lines: string[] = [];
  for (const v of view.findings) {
    const props = [
      `file=${escapeProperty(v.path)}`,
      `line=${v.line}`,
      `col=${v.column}`,
      ...(v.endLine !== v.line ? [`endLine=${v.endLine}`] : [`endColumn=${v.endColumn}`]),
      `title=${escapeProperty(`leakguard: ${v.ruleId}`)}`,
    ];
    const confidence = v.finding.confidence ?? 'medium';
    let msg = `${v.description}: ${v.secret} [confidence: ${confidence}]`;
    if (v.commit) {
      const s = subject(v.commit.message);
      msg += `\nin commit ${v.commit.sha.slice(0, 12)} by ${v.commit.author} on ${v.commit.date}${s ? ` (${s})` : ''}`;
    }
    const where = objectNote(v.finding);
    if (where) msg += `\n${where}`;
    if (v.context) msg += `\n${v.context}`;
    msg += `\nfingerprint: ${v.fingerprint}`;
    if (v.finding.reasons?.length) msg += `\nwhy: ${v.finding.reasons.join('; ')}`;
    lines.push(`::${GITHUB_LEVEL[confidence]} ${props.join(',')}::${escapeData(msg)}`);
  }
  const n = view.findings.length;
  const s = result.summary;
  lines.push(`leakguard ${opts.version}: ${n === 0 ? 'no secrets found' : `${n} finding${n === 1 ? '' : 's'}`} (${s.scanned} scanned${s.commits ? `, ${s.commits} commits` : ''})`);
  for (const note of view.notes) lines.push(`::notice title=leakguard::${escapeData(note)}`);
  return lines.join('\n') + '\n';
}
