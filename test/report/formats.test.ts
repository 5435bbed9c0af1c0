// Every report format on a ScanResult built here: redaction (secret, match, line, commit message,
// notes), structure of SARIF/JSON/JUnit, escaping of GitHub workflow commands.
import { describe, expect, it } from 'vitest';
import { render, REPORT_FORMATS, type ReportFormat } from '../../src/report/index.js';
import { redact } from '../../src/report/redact.js';
import { escapeData, escapeProperty } from '../../src/report/github.js';
import { emptySummary } from '../../src/types.js';
import { finding, fixture } from './fixtures.js';
import { parseXml } from './xml.js';

const assertWellFormed = (xml: string) => expect(() => parseXml(xml)).not.toThrow();

const opts = (redact = true, color = false) => ({ redact, color, root: '/repo', version: '9.9.9' });

describe('every format', () => {
  for (const format of REPORT_FORMATS) {
    it(`${format}: no secret, no line of a secret, no base64 of a decoded secret when redacting`, () => {
      const fx = fixture();
      const out = render(format, fx.result, opts());
      for (const s of fx.forbidden) expect(out, `${format} leaks ${s.slice(0, 4)}…`).not.toContain(s);
      // The special-character password must not appear in its escaped forms either.
      const pw = fx.secrets[2];
      const xmlEscaped = pw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      expect(out).not.toContain(JSON.stringify(pw).slice(1, -1));
      expect(out).not.toContain(xmlEscaped);
      expect(out).not.toContain(pw.slice(0, 9) + '&');
    });

    it(`${format}: shows the values with redact=false`, () => {
      const fx = fixture();
      const out = render(format, fx.result, opts(false));
      const id = fx.secrets[0];
      const sk = fx.secrets[1];
      expect(out).toContain(id);
      expect(out).toContain(sk);
    });
  }

  it('rejects an unknown format with a one-line user error', () => {
    expect(() => render('xml' as ReportFormat, fixture().result, opts())).toThrow(/unknown format/);
  });
});

describe('text', () => {
  it('shows path:line:col, rule, redacted value, masked context, commit and summary', () => {
    const fx = fixture();
    const out = render('text', fx.result, opts());
    const [id, , , token] = fx.secrets;
    expect(out).toContain('src/config.py:12:12  aws-access-key-id');
    expect(out).toContain(`secret: ${redact(id)}`);
    // Both occurrences on the line are masked.
    expect(out).toContain(`line:   AWS_KEY = "${redact(id)}"  # and again ${redact(id)}`);
    expect(out).toContain(`commit: ${'a'.repeat(12)} Dev One <dev@example.test> 2024-01-02T03:04:05Z`);
    expect(out).toMatch(/6 findings; scanned 42 blobs in 7 commits; skipped 2 binary, 1 too large; suppressed 1 inline, 3 baseline; 1\.23 s/);
    expect(out).toContain('note: history is shallow');
    expect(out).toContain(`note: note mentioning ${redact(token)}`);
    expect(out).not.toContain('\x1b[');
  });

  it('trims a long line to about 160 characters around the masked value', () => {
    const fx = fixture();
    const out = render('text', fx.result, opts());
    const line = out.split('\n').find((l) => l.includes('t="ghp_'))!;
    expect(line).toBeDefined();
    const context = line.replace(/^\s+line:\s+/, '');
    expect(context.length).toBeLessThanOrEqual(162);
    expect(context.startsWith('…')).toBe(true);
    expect(context.endsWith('…')).toBe(true);
    expect(context).toContain(`t="${redact(fx.secrets[3])}";`);
  });

  it('masks the base64 text a decoded secret was found in', () => {
    const fx = fixture();
    const out = render('text', fx.result, opts());
    expect(out).toContain(`line:   password: ${redact(fx.secrets[5])}`);
    expect(out).toContain('(decoded from base64)');
    expect(out).toContain('verified: false');
  });

  it('colours only when asked, and neutralises control characters from scanned text', () => {
    const fx = fixture();
    fx.result.findings[0].lineText = '\x1b[2J' + fx.result.findings[0].lineText;
    const plain = render('text', fx.result, opts());
    expect(plain).not.toContain('\x1b');
    expect(plain).toContain('\\x1b[2J');
    const coloured = render('text', fx.result, opts(true, true));
    expect(coloured).toContain('\x1b[31m');
    expect(coloured).not.toContain('\x1b[2J');
  });

  it('says so when nothing was found', () => {
    const out = render('text', { findings: [], summary: emptySummary() }, opts());
    expect(out).toMatch(/no secrets found; scanned 0 files/);
  });
});

describe('very long lines (minified code)', () => {
  it('cut to a window around the value, with no secret or half secret at the cuts', () => {
    const rnd = () => Math.random().toString(36).slice(2, 12).padEnd(10, 'z');
    const secrets = Array.from({ length: 60 }, (_, i) => `tok${i}_` + rnd() + rnd() + rnd());
    // Secrets every 100-200 characters on one long line, so window edges fall inside some of them.
    let line = '';
    const cols: number[] = [];
    for (const [i, s] of secrets.entries()) {
      line += 'x=1;'.repeat(25 + ((i * 7) % 25)) + 'k="';
      cols.push(line.length + 1);
      line += s + '";';
    }
    const findings = secrets.map((s, i) =>
      finding({ ruleId: 'generic-secret-quoted', path: 'dist/app.min.js', line: 1, endLine: 1, secret: s, lineText: line, column: cols[i], endColumn: cols[i] + s.length }),
    );
    const result = { findings, summary: emptySummary() };
    for (const format of REPORT_FORMATS) {
      const out = render(format, result, opts());
      for (const s of secrets) {
        expect(out).not.toContain(s.slice(0, 12));
        expect(out).not.toContain(s.slice(-12));
      }
    }
    const doc = JSON.parse(render('json', result, opts()));
    for (const [i, f] of doc.findings.entries()) {
      expect(f.lineText.length).toBeLessThan(4096);
      expect(f.lineText).toContain(`k="${redact(secrets[i])}"`);
    }
    const raw = JSON.parse(render('json', result, opts(false)));
    expect(raw.findings[20].lineText).toContain(secrets[20]);
    expect(raw.findings[20].lineText.length).toBeLessThan(4096);
  });
});

describe('json', () => {
  it('is an object with findings (fingerprint, verified, commit) and summary', () => {
    const fx = fixture();
    const doc = JSON.parse(render('json', fx.result, opts()));
    expect(doc.tool).toBe('leakguard');
    expect(doc.version).toBe('9.9.9');
    expect(doc.redacted).toBe(true);
    expect(doc.findings).toHaveLength(6);
    const [a, b] = doc.findings;
    expect(a).toMatchObject({ ruleId: 'aws-access-key-id', path: 'src/config.py', line: 12, column: 12, secret: redact(fx.secrets[0]) });
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(a.match).toBe(`"${redact(fx.secrets[0])}"`);
    expect(b.commit.sha).toBe('a'.repeat(40));
    expect(b.commit.message).not.toContain(fx.secrets[1]);
    expect(b.commit.message).toContain(redact(fx.secrets[1]));
    expect(doc.findings[5].verified).toBe(false);
    expect(doc.findings[5].decodedFrom).toBe('base64');
    expect(doc.summary).toMatchObject({ findings: 6, scanned: 42, commits: 7 });
  });

  it('carries the raw values with redact=false', () => {
    const fx = fixture();
    const doc = JSON.parse(render('json', fx.result, opts(false)));
    expect(doc.redacted).toBe(false);
    expect(doc.findings.map((f: { secret: string }) => f.secret)).toEqual(fx.secrets);
    expect(doc.findings[2].lineText).toContain(fx.secrets[2]);
  });
});

describe('github', () => {
  it('escapes data and properties', () => {
    expect(escapeData('a%b\r\nc')).toBe('a%25b%0D%0Ac');
    expect(escapeProperty('p:a,t%h\n')).toBe('p%3Aa%2Ct%25h%0A');
  });

  it('writes one ::error per finding, one line each, with file/line/col/title', () => {
    const fx = fixture();
    const out = render('github', fx.result, opts());
    const errors = out.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(6);
    expect(errors[0]).toMatch(/^::error file=src\/config\.py,line=12,col=12,endColumn=32,title=leakguard%3A aws-access-key-id::/);
    expect(errors[1]).toContain('file=deploy/a%2Cb%3Ac%25d.tf,line=3,');
    expect(errors[1]).toContain('%0Ain commit aaaaaaaaaaaa by Dev One');
    expect(errors[4]).toMatch(/^::error file=keys\/id_rsa,line=1,col=1,endLine=3,title=/);
    for (const e of errors) expect(e).not.toMatch(/[\r]/);
    expect(out).toContain('::notice title=leakguard::history is shallow');
  });
});

describe('junit', () => {
  it('is well-formed XML with one failing testcase per finding', async () => {
    const fx = fixture();
    const out = render('junit', fx.result, opts());
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="leakguard" tests="6" failures="6"')).toBe(true);
    expect(out.match(/<testcase /g)).toHaveLength(6);
    expect(out.match(/<failure /g)).toHaveLength(6);
    expect(out).toContain('classname="deploy/a,b:c%d.tf"');
    assertWellFormed(out);
  });

  it('escapes XML in raw values with redact=false', () => {
    const fx = fixture();
    const out = render('junit', fx.result, opts(false));
    const pw = fx.secrets[2];
    expect(out).toContain(pw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    assertWellFormed(out);
  });

  it('has one passing testcase when clean', () => {
    const out = render('junit', { findings: [], summary: emptySummary() }, opts());
    expect(out).toContain('tests="1" failures="0"');
    expect(out).toContain('<testcase name="no secrets found"');
    assertWellFormed(out);
  });
});
