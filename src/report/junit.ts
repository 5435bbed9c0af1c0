// JUnit XML: one testsuite, one failing testcase per finding (a single passing one when clean), so CI
// systems that read test reports show findings. Text is XML-escaped and redacted unless --no-redact.
import type { ScanResult } from '../types.js';
import { objectNote, subject, type ReportOptions, type ReportView } from './view.js';

/** Escapes for XML text and attributes, dropping characters XML 1.0 cannot hold. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** Like xmlEscape, but keeps line breaks and tabs as they are (for element text). */
function xmlText(s: string): string {
  return xmlEscape(s).replace(/&#10;/g, '\n').replace(/&#13;/g, '').replace(/&#9;/g, '\t');
}

export function renderJunit(result: ScanResult, view: ReportView, opts: ReportOptions): string {
  const s = result.summary;
  const n = view.findings.length;
  const time = (s.durationMs / 1000).toFixed(3);
  const cases: string[] = [];
  for (const v of view.findings) {
    const where = `${v.path}:${v.line}:${v.column}`;
    const details = [
      `${where} ${v.ruleId}: ${v.description}`,
      `confidence: ${v.finding.confidence ?? 'medium'}${v.finding.reasons?.length ? ` (${v.finding.reasons.join('; ')})` : ''}`,
      `secret: ${v.secret}`,
      v.context ? `line: ${v.context}` : undefined,
      v.commit ? `commit: ${v.commit.sha} by ${v.commit.author} <${v.commit.email}> on ${v.commit.date}${v.commit.message ? ` (${subject(v.commit.message)})` : ''}` : undefined,
      objectNote(v.finding),
      `fingerprint: ${v.fingerprint}`,
    ]
      .filter((x): x is string => x !== undefined)
      .join('\n');
    cases.push(
      `    <testcase name="${xmlEscape(`${v.ruleId} at ${where}${v.commit ? ` (${v.commit.sha.slice(0, 12)})` : ''}`)}" classname="${xmlEscape(v.path)}" file="${xmlEscape(v.path)}" line="${v.line}" time="0">\n` +
        `      <failure message="${xmlEscape(`${v.description}: ${v.secret}`)}" type="${xmlEscape(v.ruleId)}">${xmlText(details)}</failure>\n` +
        `    </testcase>`,
    );
  }
  if (n === 0) cases.push(`    <testcase name="no secrets found" classname="leakguard" time="${time}"/>`);
  const tests = Math.max(1, n);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="leakguard" tests="${tests}" failures="${n}" errors="0" time="${time}">`,
    `  <testsuite name="leakguard" tests="${tests}" failures="${n}" errors="0" skipped="0" time="${time}">`,
    `    <properties>`,
    `      <property name="version" value="${xmlEscape(opts.version)}"/>`,
    `      <property name="scanned" value="${s.scanned}"/>`,
    `      <property name="commits" value="${s.commits}"/>`,
    `    </properties>`,
    ...cases,
    ...(view.notes.length ? [`    <system-out>${xmlText(view.notes.join('\n'))}</system-out>`] : []),
    '  </testsuite>',
    '</testsuites>',
  ];
  return out.join('\n') + '\n';
}
