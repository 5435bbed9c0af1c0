// Output hygiene as a property: random secrets (AWS-shaped key IDs, passwords of printable
// characters) planted in random files of random formats never appear in any report format, in
// stderr, in an error message or in --debug output, unless --no-redact; and with --no-redact they
// do appear (the control that shows the property can fail). Most cases run in-process through the
// same pipeline the CLI uses; a few spawn the built CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, tempDir } from '../helpers/git.js';
import { loadConfig } from '../../src/config/load.js';
import { Detector } from '../../src/detect/engine.js';
import { fileSource } from '../../src/sources/files.js';
import { runScan } from '../../src/scan/run.js';
import { render, REPORT_FORMATS } from '../../src/report/index.js';
import { expectClean, lg, requireBuild } from './cli.js';

beforeAll(requireBuild);
afterAll(cleanupTemp);

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
// Printable characters that need no quoting or escaping in any of the formats below.
const PW_CHARS = LETTERS + '0123456789' + '!@%^*-_+=.,:?/~';

const awsKeyArb = fc.array(fc.constantFrom(...B32), { minLength: 16, maxLength: 16 }).map((a) => 'AKIA' + a.join(''));
const passwordArb = fc
  .tuple(fc.constantFrom(...LETTERS), fc.array(fc.constantFrom(...PW_CHARS), { minLength: 9, maxLength: 30 }), fc.constantFrom(...'0123456789'))
  .map(([a, mid, z]) => a + mid.join('') + z)
  // Not a look-alike the rules rightly ignore (placeholders are made of one repeated character).
  .filter((p) => new Set(p).size >= 5);

type Kind = 'aws' | 'password';
interface Format {
  ext: string;
  render(kind: Kind, value: string): string;
}

const FORMATS: Format[] = [
  { ext: 'env', render: (k, v) => (k === 'aws' ? `AWS_ACCESS_KEY_ID=${v}\n` : `APP=demo\nDB_PASSWORD=${v}\n`) },
  { ext: 'py', render: (k, v) => (k === 'aws' ? `import boto3\nKEY_ID = "${v}"\n` : `import os\n\ndb_password = "${v}"\n`) },
  { ext: 'js', render: (k, v) => (k === 'aws' ? `const accessKeyId = '${v}';\n` : `module.exports = {\n  password: '${v}',\n};\n`) },
  { ext: 'yml', render: (k, v) => (k === 'aws' ? `aws:\n  access_key_id: ${v}\n` : `database:\n  user: app\n  password: "${v}"\n`) },
  { ext: 'json', render: (k, v) => JSON.stringify(k === 'aws' ? { aws_access_key_id: v } : { db: { password: v } }, null, 2) + '\n' },
  { ext: 'properties', render: (k, v) => (k === 'aws' ? `aws.accessKeyId=${v}\n` : `spring.datasource.password=${v}\n`) },
  { ext: 'xml', render: (k, v) => (k === 'aws' ? `<config><accessKey>${v}</accessKey></config>\n` : `<config>\n  <password>${v}</password>\n</config>\n`) },
  { ext: 'ini', render: (k, v) => (k === 'aws' ? `[default]\naws_access_key_id = ${v}\n` : `[db]\npassword = ${v}\n`) },
  { ext: 'sh', render: (k, v) => (k === 'aws' ? `export AWS_ACCESS_KEY_ID=${v}\n` : `export DB_PASSWORD='${v}'\n`) },
];

const caseArb = fc.record({
  kind: fc.constantFrom<Kind>('aws', 'password'),
  aws: awsKeyArb,
  password: passwordArb,
  format: fc.constantFrom(...FORMATS),
  // Directory and base name: letters, digits, spaces and dashes.
  dir: fc.stringMatching(/^[a-z][a-z0-9 -]{0,11}$/),
  base: fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/),
  // Noise lines around the secret.
  before: fc.array(fc.stringMatching(/^[a-z]{1,8} = [0-9]{1,4}$/), { maxLength: 5 }),
  after: fc.array(fc.stringMatching(/^# [a-z ]{0,30}$/), { maxLength: 5 }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function plant(root: string, c: Case): { value: string; rel: string } {
  const value = c.kind === 'aws' ? c.aws : c.password;
  const rel = `${c.dir.trim() || 'd'}/${c.base}.${c.format.ext}`;
  mkdirSync(join(root, rel, '..'), { recursive: true });
  const body = c.format.render(c.kind, value);
  const noiseBefore = c.format.ext === 'json' || c.format.ext === 'xml' ? '' : c.before.map((l) => `${l}\n`).join('');
  const noiseAfter = c.format.ext === 'json' ? '' : c.after.map((l) => (c.format.ext === 'xml' ? `<!-- ${l.slice(2)} -->\n` : `${l}\n`)).join('');
  writeFileSync(join(root, rel), noiseBefore + body + noiseAfter);
  return { value, rel };
}

/** How a format writes a value (GitHub workflow commands percent-encode; XML escapes markup). */
function encoded(format: string, v: string): string {
  if (format === 'github') return v.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  if (format === 'junit') return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return v;
}

const config = loadConfig({ root: tempDir('lg-prop-cfg-') });

describe('redaction (property)', () => {
  it('in-process: no report format shows a planted value unless redaction is off', async () => {
    let detected = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 4 }), async (cases) => {
        runs++;
        const root = tempDir('lg-prop-');
        const planted = cases.map((c) => plant(root, c));
        const result = await runScan(fileSource([root], { base: root, maxFileSize: 1 << 20 }), { detector: new Detector(config) });
        const found = planted.filter((p) => result.findings.some((f) => f.secret === p.value));
        if (found.length) detected++;
        for (const format of REPORT_FORMATS) {
          const redacted = render(format, result, { redact: true, color: false, root, version: 'test' });
          for (const p of planted) {
            expect(redacted.includes(p.value), `${format} shows ${p.rel}'s value`).toBe(false);
            expect(redacted.includes(encoded(format, p.value)), `${format} shows ${p.rel}'s value, escaped`).toBe(false);
          }
          const open = render(format, result, { redact: false, color: false, root, version: 'test' });
          for (const p of found) expect(open.includes(encoded(format, p.value)), `${format} --no-redact hides ${p.rel}'s value`).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
    // The property is only worth something if the values were found most of the time.
    expect(detected / runs).toBeGreaterThan(0.8);
  });

  it('the CLI: reports, stderr, --debug, progress and error messages never show a value', () => {
    const samples = fc.sample(fc.array(caseArb, { minLength: 2, maxLength: 5 }), { numRuns: 4 });
    for (const cases of samples) {
      const root = tempDir('lg-prop-cli-');
      const planted = cases.map((c) => plant(root, c));
      const values = planted.map((p) => p.value);
      const noLeak = (text: string, what: string) => {
        for (const v of values) {
          expect(text.includes(v), `${what} shows a value`).toBe(false);
          expect(text.includes(encoded('github', v)), `${what} shows a value, escaped`).toBe(false);
        }
      };
      for (const format of REPORT_FORMATS) {
        const r = lg(['scan', '--format', format, '--debug', '.'], root);
        expectClean(r, 1, `--format ${format}`);
        noLeak(r.out, `${format} stdout`);
        noLeak(r.err, `${format} stderr`);
        const toFile = lg(['scan', '--format', format, '-o', 'report.out', '--progress', '.'], root);
        expectClean(toFile, 1, `--format ${format} -o`);
        noLeak(readFileSync(join(root, 'report.out'), 'utf8'), `${format} report file`);
        noLeak(toFile.err, `${format} -o stderr`);
      }
      // An error after the values were found (unwritable report path), with --debug.
      const err = lg(['scan', '--debug', '-o', join(root, 'no', 'such', 'dir', 'r.json'), '--format', 'json', '.'], root);
      expect(err.code).toBe(2);
      noLeak(err.out + err.err, 'error path');
      // A baseline and an ignore file record fingerprints, never values.
      const base = lg(['baseline', '-o', 'baseline.json'], root);
      if (base.code === 0) noLeak(readFileSync(join(root, 'baseline.json'), 'utf8'), 'baseline file');
      // The control: --no-redact prints them.
      const open = lg(['scan', '--format', 'json', '--no-redact', '.'], root);
      const shown = values.filter((v) => open.out.includes(v));
      expect(shown.length, 'with --no-redact the values are printed').toBeGreaterThan(0);
    }
  });
});
