// JSON report: an object { tool, version, redacted, findings, summary }. Findings carry their
// fingerprint (for .leakguardignore), the judge's confidence, score and reasons, and, when set, `verified`; secret, match and line are redacted
// unless --no-redact.
import type { ScanResult } from '../types.js';
import type { ReportOptions, ReportView } from './view.js';

export function renderJson(result: ScanResult, view: ReportView, opts: ReportOptions): string {
  const findings = view.findings.map((v) => {
    const f = v.finding;
    const out: Record<string, unknown> = {
      ruleId: v.ruleId,
      description: v.description,
      kind: f.kind,
      path: v.path,
      line: v.line,
      column: v.column,
      endLine: v.endLine,
      endColumn: v.endColumn,
      secret: v.secret,
      match: v.match,
      lineText: v.lineText,
      entropy: Math.round(f.entropy * 1000) / 1000,
      confidence: f.confidence ?? 'medium',
      reasons: f.reasons ?? [],
      fingerprint: v.fingerprint,
    };
    if (f.score !== undefined) out.score = f.score;
    if (f.key !== undefined) out.key = view.masker.text(f.key);
    if (f.decodedFrom) out.decodedFrom = f.decodedFrom;
    if (f.verified !== undefined) out.verified = f.verified;
    if (v.commit) out.commit = v.commit;
    if (f.object) out.object = f.object;
    return out;
  });
  const doc = {
    tool: 'leakguard',
    version: opts.version,
    redacted: opts.redact,
    findings,
    summary: { ...result.summary, findings: findings.length, notes: view.notes },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
