// Reports keep their structure for any found value (issue 12, item 4): values equal to numbers, JSON
// and summary keys, rule ids, paths and format keywords must not rewrite a report. For every format,
// redacting or not: JSON and SARIF parse and keep every key and number (SARIF also validates against
// the 2.1.0 schema), JUnit is well-formed XML with its counts and line numbers, GitHub lines keep their
// `::level file=…,line=…` shape. Redaction is checked on the parsed fields that carry values, since a
// short value ("line") also appears legitimately in a report's structure.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { render } from '../../src/report/index.js';
import { redact } from '../../src/report/redact.js';
import { FINGERPRINT_KEY, pathToUri } from '../../src/report/sarif.js';
import type { ScanResult, ScanSummary } from '../../src/types.js';
import { expectValidSarif } from './sarif-schema.js';
import { trickyCase } from './tricky.js';
import { elements, parseXml } from './xml.js';

const VERSION = 'test';
const opts = (redacting: boolean) => ({ redact: redacting, color: false, root: '/repo', version: VERSION });
const LEVEL = { high: 'error', medium: 'warning', low: 'note' } as const;
const GITHUB_LEVEL = { high: 'error', medium: 'warning', low: 'notice' } as const;
const FINDING_KEYS = ['ruleId', 'description', 'kind', 'path', 'line', 'column', 'endLine', 'endColumn', 'secret', 'match', 'lineText', 'entropy', 'confidence', 'reasons', 'fingerprint', 'score'];

/** What a report shows of a value: redacted, or the value itself. */
const shown = (v: string, redacting: boolean) => (redacting ? redact(v) : v);

/** Values masked in free text (notes) too: not part of a path, rule id, description or kind, 4+ characters. */
function maskedInNotes(result: ScanResult, v: string): boolean {
  const structural = result.findings.flatMap((f) => [f.path, f.ruleId, f.description, f.kind]).map((t) => t.toLowerCase());
  return v.length >= 4 && !structural.some((t) => t.includes(v.toLowerCase()));
}

function expectSummary(got: Record<string, unknown>, want: ScanSummary, extra: Record<string, unknown> = {}): void {
  const { notes, ...rest } = got;
  const { notes: wantNotes, ...wantRest } = want;
  expect(rest).toEqual({ ...wantRest, ...extra });
  expect(notes).toHaveLength(wantNotes.length);
}

function checkNotes(notes: string[], result: ScanResult, redacting: boolean): void {
  // Notes are free text that may quote a value: masked like one (a value "shallow" masks this one too).
  if (!redacting) expect(notes[0]).toBe('history is shallow');
  result.findings.forEach((f, i) => {
    if (redacting && maskedInNotes(result, f.secret)) expect(notes[i + 1]).not.toContain(f.secret);
    if (!redacting) expect(notes[i + 1]).toBe(`note quoting ${f.secret} here`);
  });
}

function checkJson(result: ScanResult, redacting: boolean): void {
  const doc = JSON.parse(render('json', result, opts(redacting)));
  expect(Object.keys(doc)).toEqual(['tool', 'version', 'redacted', 'findings', 'summary']);
  expect(doc).toMatchObject({ tool: 'leakguard', version: VERSION, redacted: redacting });
  expectSummary(doc.summary, result.summary, { findings: result.findings.length });
  checkNotes(doc.summary.notes, result, redacting);
  expect(doc.findings).toHaveLength(result.findings.length);
  result.findings.forEach((f, i) => {
    const got = doc.findings[i];
    const keys = [...FINDING_KEYS, ...(f.key !== undefined ? ['key'] : []), ...(f.commit ? ['commit'] : [])];
    expect(Object.keys(got).sort()).toEqual(keys.sort());
    expect(got).toMatchObject({ ruleId: f.ruleId, description: f.description, kind: f.kind, path: f.path, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, fingerprint: f.fingerprint, confidence: f.confidence, reasons: f.reasons, score: f.score });
    expect(got.secret).toBe(shown(f.secret, redacting));
    // Author and email are masked like any text that may hold a value ("Dev One" can be found too).
    if (f.commit) expect(got.commit).toMatchObject({ sha: f.commit.sha, date: f.commit.date, ...(redacting ? {} : { author: f.commit.author, email: f.commit.email }) });
    if (redacting) {
      expect(got.match).not.toContain(f.secret);
      expect(got.lineText).not.toContain(f.secret);
      if (f.commit && f.secret.length >= 4) expect(got.commit.message).not.toContain(f.secret);
    } else {
      expect(got.lineText).toBe(f.lineText);
      expect(got.match).toBe(f.match);
      if (f.commit) expect(got.commit.message).toBe(f.commit.message);
    }
  });
}

function checkSarif(result: ScanResult, redacting: boolean): void {
  const doc = JSON.parse(render('sarif', result, opts(redacting)));
  expectValidSarif(doc);
  expect(doc.version).toBe('2.1.0');
  const run = doc.runs[0];
  expectSummary(run.properties.summary, result.summary);
  checkNotes(run.properties.summary.notes, result, redacting);
  expect(run.invocations[0].toolExecutionNotifications).toHaveLength(result.summary.notes.length);
  expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([...new Set(result.findings.map((f) => f.ruleId))]);
  expect(run.results).toHaveLength(result.findings.length);
  result.findings.forEach((f, i) => {
    const r = run.results[i];
    expect(r.ruleId).toBe(f.ruleId);
    expect(run.tool.driver.rules[r.ruleIndex].id).toBe(f.ruleId);
    expect(r.level).toBe(LEVEL[f.confidence!]);
    expect(r.kind).toBe('fail');
    expect(r.partialFingerprints[FINGERPRINT_KEY]).toBe(f.fingerprint);
    if (f.commit) expect(r.partialFingerprints.commitSha).toBe(f.commit.sha);
    const loc = r.locations[0].physicalLocation;
    expect(loc.artifactLocation).toEqual({ uri: pathToUri(f.path), uriBaseId: '%SRCROOT%' });
    expect(loc.region).toMatchObject({ startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn });
    expect(r.properties).toMatchObject({ kind: f.kind, confidence: f.confidence, reasons: f.reasons, score: f.score });
    expect(r.message.text.startsWith(`${f.description}: ${shown(f.secret, redacting)}`)).toBe(true);
    if (redacting) {
      expect(loc.region.snippet.text).not.toContain(f.secret);
      if (f.commit && f.secret.length >= 4) expect(r.properties.commit.message).not.toContain(f.secret);
    } else expect(loc.region.snippet.text).toBe(f.lineText);
  });
}

function checkJunit(result: ScanResult, redacting: boolean): void {
  const root = parseXml(render('junit', result, opts(redacting)));
  const n = result.findings.length;
  const s = result.summary;
  expect(root.name).toBe('testsuites');
  expect(root.attrs).toEqual({ name: 'leakguard', tests: String(Math.max(1, n)), failures: String(n), errors: '0', time: (s.durationMs / 1000).toFixed(3) });
  const [suite] = elements(root, 'testsuite');
  expect(suite.attrs).toMatchObject({ tests: String(Math.max(1, n)), failures: String(n), errors: '0', skipped: '0' });
  const props = Object.fromEntries(elements(suite, 'property').map((p) => [p.attrs.name, p.attrs.value]));
  expect(props).toEqual({ version: VERSION, scanned: String(s.scanned), commits: String(s.commits) });
  const cases = elements(suite, 'testcase');
  expect(cases).toHaveLength(Math.max(1, n));
  result.findings.forEach((f, i) => {
    const c = cases[i];
    expect(c.attrs).toMatchObject({ classname: f.path, file: f.path, line: String(f.line), time: '0' });
    const [failure] = elements(c, 'failure');
    expect(failure.attrs).toEqual({ message: `${f.description}: ${shown(f.secret, redacting)}`, type: f.ruleId });
    const lines = failure.text.split('\n');
    expect(lines[0]).toBe(`${f.path}:${f.line}:${f.column} ${f.ruleId}: ${f.description}`);
    expect(lines).toContain(`secret: ${shown(f.secret, redacting)}`);
    expect(lines).toContain(`fingerprint: ${f.fingerprint}`);
    const context = lines.find((l) => l.startsWith('line: '))!.slice('line: '.length);
    if (redacting) expect(context).not.toContain(f.secret);
    else expect(context).toBe(f.lineText);
  });
  const out = elements(suite, 'system-out');
  checkNotes(out[0].text.split('\n'), result, redacting);
}

/** Undoes the workflow-command escaping (escapeData percent-encodes %, CR, LF and control characters). */
const unescapeData = (s: string) => s.replace(/%([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

const ANNOTATION = /^::(error|warning|notice) file=([^,:]*),line=(\d+),col=(\d+),(?:endLine=(\d+)|endColumn=(\d+)),title=([^,:]*)::(.*)$/;

function checkGithub(result: ScanResult, redacting: boolean): void {
  const lines = render('github', result, opts(redacting)).split('\n');
  expect(lines.pop()).toBe('');
  const n = result.findings.length;
  const s = result.summary;
  expect(lines).toHaveLength(n + 1 + s.notes.length);
  result.findings.forEach((f, i) => {
    const m = ANNOTATION.exec(lines[i]);
    expect(m, lines[i]).not.toBeNull();
    const [, level, file, line, col, , endColumn, title, data] = m!;
    expect(level).toBe(GITHUB_LEVEL[f.confidence!]);
    expect(unescapeData(file)).toBe(f.path);
    expect([Number(line), Number(col), Number(endColumn)]).toEqual([f.line, f.column, f.endColumn]);
    expect(unescapeData(title)).toBe(`leakguard: ${f.ruleId}`);
    const msg = unescapeData(data).split('\n');
    expect(msg[0]).toBe(`${f.description}: ${shown(f.secret, redacting)} [confidence: ${f.confidence}]`);
    const context = msg[f.commit ? 2 : 1];
    if (redacting) expect(context).not.toContain(f.secret);
    else expect(context).toBe(f.lineText);
    expect(msg).toContain(`fingerprint: ${f.fingerprint}`);
  });
  const head = n === 0 ? 'no secrets found' : `${n} finding${n === 1 ? '' : 's'}`;
  expect(lines[n]).toBe(`leakguard ${VERSION}: ${head} (${s.scanned} scanned${s.commits ? `, ${s.commits} commits` : ''})`);
  const notes = lines.slice(n + 1).map((l) => {
    expect(l.startsWith('::notice title=leakguard::')).toBe(true);
    return unescapeData(l.slice('::notice title=leakguard::'.length));
  });
  checkNotes(notes, result, redacting);
}

function checkText(result: ScanResult, redacting: boolean): void {
  const out = render('text', result, opts(redacting));
  const lines = out.split('\n');
  const s = result.summary;
  const summary = lines.find((l) => l.startsWith(`leakguard ${VERSION}: `))!;
  expect(summary).toContain(`scanned ${s.scanned} `);
  if (s.suppressed.ignored) expect(summary).toContain(`${s.suppressed.ignored} ignore file`);
  if (s.suppressed.belowConfidence) expect(summary).toContain(`${s.suppressed.belowConfidence} below --min-confidence`);
  for (const f of result.findings) {
    expect(lines).toContain(`  secret: ${shown(f.secret, redacting)}`);
    expect(out).toContain(`${f.path}:${f.line}:${f.column}  ${f.ruleId}  [${f.confidence}]  ${f.description}`);
  }
}

describe('report structure (property)', () => {
  it('every format keeps its structure and redacts its value fields, for any found value', () => {
    fc.assert(
      fc.property(trickyCase, fc.boolean(), ({ result }, redacting) => {
        checkJson(result, redacting);
        checkSarif(result, redacting);
        checkJunit(result, redacting);
        checkGithub(result, redacting);
        checkText(result, redacting);
      }),
      { numRuns: 300 },
    );
  });

  it('the XML check can fail', () => {
    for (const bad of ['<a><b></a>', '<a x="1" x="2"/>', '<a>&nbsp;</a>', '<a>x < y</a>', '<a/><b/>', '<a>', 'x<a/>', '<a x=1/>', '<a>\u0001</a>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(parseXml('<?xml version="1.0"?>\n<a k="&lt;&#10;">t&amp;<b/></a>\n')).toEqual({ name: 'a', attrs: { k: '<\n' }, text: 't&', children: [{ name: 'b', attrs: {}, children: [], text: '' }] });
  });
});
