// SARIF 2.1.0 for GitHub code scanning: rule metadata, repo-relative URIs under %SRCROOT%, regions,
// partialFingerprints (leakguard's fingerprint, and the commit for history findings). Messages and
// snippets are redacted unless --no-redact.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { ScanResult } from '../types.js';
import { objectNote, subject, type FindingView, type ReportOptions, type ReportView } from './view.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://www.npmjs.com/package/leakguard';
export const FINGERPRINT_KEY = 'leakguardFingerprint/v1';

/** Percent-encodes each path segment, keeping `/`. */
export function pathToUri(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function severityOf(level: Sarif.ReportingConfiguration.level): string {
  return level === 'error' ? '9.0' : level === 'warning' ? '6.0' : '3.0';
}

function ruleOf(v: FindingView): Sarif.ReportingDescriptor {
  const f = v.finding;
  const level: Sarif.ReportingConfiguration.level = 'error';
  const desc = v.description || f.ruleId;
  return {
    id: f.ruleId,
    name: ruleName(f.ruleId) || 'Secret',
    shortDescription: { text: desc },
    fullDescription: {
      text: `${desc.replace(/\.$/, "")}. A secret committed to a repository can be read by anyone with access to it or its history.`,
    },
    helpUri: INFORMATION_URI,
    help: {
      text: 'Remove the secret from the code, rotate it (treat it as compromised), and load it at run time from the environment or a secret store. If it is not a secret, add a leakguard:allow comment on the line or its fingerprint to .leakguardignore.',
      markdown:
        '**Remove the secret from the code and rotate it** (treat it as compromised), then load it at run time from the environment or a secret store (`leakguard migrate` can move it to AWS Secrets Manager).\n\nIf it is not a secret, add a `leakguard:allow` comment on the line, or its fingerprint to `.leakguardignore`.',
    },
    defaultConfiguration: { level },
    properties: {
      tags: ['security', 'secret', 'external/cwe/cwe-798', ...(f.kind ? [f.kind] : [])],
      precision: 'high',
      'security-severity': severityOf(level),
    },
  };
}

function artifactLocation(path: string): Sarif.ArtifactLocation {
  if (isAbsolute(path) || /^[A-Za-z]:\//.test(path)) return { uri: pathToFileURL(path).href };
  return { uri: pathToUri(path), uriBaseId: '%SRCROOT%' };
}

/** A finding's SARIF level follows its confidence: high is an error, medium a warning, low a note. */
const SARIF_LEVEL = { high: 'error', medium: 'warning', low: 'note' } as const;

function messageOf(v: FindingView): string {
  let text = `${v.description}: ${v.secret}`;
  if (v.commit) {
    const s = subject(v.commit.message);
    text += ` (commit ${v.commit.sha.slice(0, 12)} by ${v.commit.author} on ${v.commit.date}${s ? `: ${s}` : ''})`;
  }
  if (v.finding.decodedFrom) text += ` (decoded from ${v.finding.decodedFrom})`;
  const where = objectNote(v.finding);
  if (where) text += ` (${where})`;
  return text;
}

export function renderSarif(result: ScanResult, view: ReportView, opts: ReportOptions): string {
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  for (const v of view.findings) {
    if (!ruleIndex.has(v.ruleId)) {
      ruleIndex.set(v.ruleId, rules.length);
      rules.push(ruleOf(v));
    }
  }
  const results: Sarif.Result[] = view.findings.map((v) => {
    const partialFingerprints: Record<string, string> = { [FINGERPRINT_KEY]: v.fingerprint };
    if (v.commit) partialFingerprints.commitSha = v.commit.sha;
    const confidence = v.finding.confidence ?? 'medium';
    const properties: Record<string, unknown> = { kind: v.finding.kind, confidence, reasons: v.finding.reasons ?? [] };
    if (v.finding.score !== undefined) properties.score = v.finding.score;
    if (v.commit) {
      properties.commit = { sha: v.commit.sha, author: v.commit.author, email: v.commit.email, date: v.commit.date, message: subject(v.commit.message) };
    }
    if (v.finding.verified !== undefined) properties.verified = v.finding.verified;
    if (v.finding.decodedFrom) properties.decodedFrom = v.finding.decodedFrom;
    if (v.finding.object) properties.object = v.finding.object;
    const region: Sarif.Region = {
      startLine: v.line,
      startColumn: v.column,
      endLine: v.endLine,
      endColumn: v.endColumn,
    };
    if (v.lineText) region.snippet = { text: v.lineText };
    return {
      ruleId: v.ruleId,
      ruleIndex: ruleIndex.get(v.ruleId)!,
      level: SARIF_LEVEL[confidence],
      kind: 'fail',
      message: { text: messageOf(v) },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(v.path), region } }],
      partialFingerprints,
      properties,
    };
  });
  let rootUri = pathToFileURL(opts.root).href;
  if (!rootUri.endsWith('/')) rootUri += '/';
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'leakguard',
            version: opts.version,
            semanticVersion: opts.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: view.notes.map((n) => ({ message: { text: n }, level: 'note' as const })),
          },
        ],
        properties: { summary: { ...result.summary, notes: view.notes } },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
