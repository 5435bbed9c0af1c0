// Hostile files on disk: binary, huge, minified, broken or foreign encodings, CRLF, odd names,
// symlinks out of the tree and in loops, LFS pointers. `scan` must finish, skip and count what it
// cannot read, still scan everything else, and never print a stack trace or an unredacted value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cleanupTemp, makeRepo, tempDir } from '../helpers/git.js';
import { awsKeyId, expectClean, expectNoValue, humanPassword, lg, parseJson, requireBuild, type JsonReport } from './cli.js';

beforeAll(requireBuild);
afterAll(cleanupTemp);

interface Planted {
  key: string;
  crlfPw: string;
  le16Pw: string;
  be16Pw: string;
  badUtf8Pw: string;
  minPw: string;
  namePw: string;
  outsidePw: string;
}

const WEIRD_NAMES = ['with space.env', `quo"te's.env`, 'ünïcødé-日本.env', 'new\nline.env', '-leading-dash.env', 'esc\x1b[2Jape.env', 'tab\there.env'];

/** Writes the hostile tree into `dir`; a secret also sits outside it, behind a symlink. */
function plantTree(dir: string): Planted {
  const p: Planted = {
    key: awsKeyId(),
    crlfPw: humanPassword(),
    le16Pw: humanPassword(),
    be16Pw: humanPassword(),
    badUtf8Pw: humanPassword(),
    minPw: humanPassword(),
    namePw: humanPassword(),
    outsidePw: humanPassword(),
  };
  const w = (rel: string, data: string | Buffer) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), data);
  };
  w('src/aws.py', `import boto3\n\nclient = boto3.client("s3", aws_access_key_id="${p.key}")\n`);
  w('config/crlf.env', `APP_NAME=demo\r\nDB_HOST=db.internal\r\nDB_PASSWORD=${p.crlfPw}\r\n`);
  w('config/utf16le.properties', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`name=demo\r\ndb.password=${p.le16Pw}\r\n`, 'utf16le')]));
  const be = Buffer.from(`[db]\npassword = ${p.be16Pw}\n`, 'utf16le');
  for (let i = 0; i + 1 < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
  w('config/utf16be.ini', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
  w('src/broken-utf8.py', Buffer.concat([Buffer.from('x = "'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from(`"\npassword = "${p.badUtf8Pw}"\n`)]));
  // Binary content under a text-looking name (decided by content) and under a binary extension.
  w('assets/blob.txt', Buffer.concat([Buffer.from([0x01, 0x02]), randomBytes(4094), Buffer.from([0]), Buffer.from(`password = "${humanPassword()}"`)]));
  w('assets/logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2048)]));
  // 2 MB minified file, one line, the password near the end.
  w('dist/app.min.js', 'var a=1,b=function(c){return c*2};'.repeat(60_000) + `var cfg={password:"${p.minPw}"};`);
  for (const name of WEIRD_NAMES) w(`names/${name}`, `DB_PASSWORD=${p.namePw}\n`);
  // Git LFS pointer: skipped, not scanned as text.
  w('media/video.mp4.lfs', `version https://git-lfs.github.com/spec/v1\noid sha256:${randomBytes(32).toString('hex')}\nsize 123456\n`);
  // Symlinks: out of the tree, a loop, a link to a directory inside.
  const outside = tempDir('lg-outside-');
  writeFileSync(join(outside, 'secrets.env'), `DB_PASSWORD=${p.outsidePw}\n`);
  symlinkSync(outside, join(dir, 'outside-dir'));
  symlinkSync(join(outside, 'secrets.env'), join(dir, 'outside.env'));
  symlinkSync('loop-b', join(dir, 'loop-a'));
  symlinkSync('loop-a', join(dir, 'loop-b'));
  symlinkSync('.', join(dir, 'names', 'self'));
  return p;
}

function secretsOf(p: Planted): string[] {
  return Object.values(p);
}

function checkReport(rep: JsonReport, p: Planted, what: string): void {
  const at = (path: string) => rep.findings.filter((f) => f.path === path);
  expect(at('src/aws.py').map((f) => f.ruleId), what).toContain('aws-access-key-id');
  const crlf = at('config/crlf.env');
  expect(crlf, `${what}: CRLF file`).toHaveLength(1);
  expect(crlf[0].line).toBe(3);
  expect(crlf[0].column).toBe('DB_PASSWORD='.length + 1);
  expect(crlf[0].lineText).not.toMatch(/\r/);
  expect(crlf[0].secret).not.toMatch(/\r/);
  const le = at('config/utf16le.properties');
  expect(le, `${what}: UTF-16 LE file`).toHaveLength(1);
  expect(le[0].line).toBe(2);
  expect(le[0].column).toBe('db.password='.length + 1);
  const be = at('config/utf16be.ini');
  expect(be, `${what}: UTF-16 BE file`).toHaveLength(1);
  expect(be[0].line).toBe(2);
  expect(at('src/broken-utf8.py'), `${what}: invalid UTF-8 file`).toHaveLength(1);
  expect(at('src/broken-utf8.py')[0].line).toBe(2);
  expect(at('dist/app.min.js'), `${what}: minified file`).toHaveLength(1);
  for (const name of WEIRD_NAMES) expect(at(`names/${name}`), `${what}: ${JSON.stringify(name)}`).toHaveLength(1);
  // Nothing was read through a symlink and nothing binary was scanned.
  for (const f of rep.findings) {
    expect(f.path, what).not.toMatch(/^(outside|loop|assets\/|media\/)|\/self\//);
  }
  expect(rep.summary.skipped.binary, `${what}: binary files counted (skipped: ${JSON.stringify(rep.summary.skipped)})`).toBeGreaterThanOrEqual(2);
  expect(rep.summary.skipped.symlink, `${what}: symlinks counted`).toBeGreaterThanOrEqual(5);
  expect(rep.summary.skipped.lfsPointer, `${what}: LFS pointer counted`).toBe(1);
}

describe('hostile files', () => {
  it('a plain directory: exits 1, finds every planted value, follows no symlink, leaks nothing', () => {
    const dir = tempDir('lg-hostile-');
    const p = plantTree(dir);
    const r = lg(['scan', '--format', 'json', '.'], dir);
    expectClean(r, 1, 'scan --format json .');
    expectNoValue(r, secretsOf(p), 'json report');
    checkReport(parseJson(r), p, 'plain dir');
    for (const fmt of ['text', 'sarif', 'junit', 'github']) {
      const t = lg(['scan', '--format', fmt, '.'], dir);
      expectClean(t, 1, fmt);
      expectNoValue(t, secretsOf(p), fmt);
      // A file name cannot inject terminal escapes or fake lines into the report.
      expect(t.out, fmt).not.toContain('\x1b');
      if (fmt === 'text' || fmt === 'github') expect(t.out.split('\n').filter((l) => l.startsWith('line.env')), fmt).toEqual([]);
    }
    // The control: with --no-redact the values are printed, so the checks above can fail.
    const open = lg(['scan', '--format', 'json', '--no-redact', '.'], dir);
    expect(open.out).toContain(p.key);
    expect(open.out).toContain(p.le16Pw);
    expect(open.out).not.toContain(p.outsidePw);
  });

  it('the same tree in a git work tree (listed by git ls-files)', () => {
    const repo = makeRepo();
    const p = plantTree(repo.dir);
    repo.git('add', '-A');
    const r = lg(['scan', '--format', 'json', '.'], repo.dir);
    expectClean(r, 1, 'scan in a repo');
    expectNoValue(r, secretsOf(p), 'repo');
    checkReport(parseJson(r), p, 'git work tree');
    // A path given on the command line that starts with a dash.
    const one = lg(['scan', '--format', 'json', '--', 'names/-leading-dash.env'], repo.dir);
    expectClean(one, 1, 'scan -- -leading-dash.env');
    expect(parseJson(one).findings).toHaveLength(1);
  });

  it('skips a 50 MB file by default and counts it; scans it when --max-file-size allows, in bounded memory', () => {
    const dir = tempDir('lg-big-');
    const pw = humanPassword();
    const key = awsKeyId();
    const fd = openSync(join(dir, 'huge.log'), 'w');
    const block = Buffer.from('2024-01-01T00:00:00Z INFO request served path=/index.html status=200 bytes=5120\n'.repeat(1024));
    let blocks = 0;
    for (let written = 0; written < 50 * 1024 * 1024; blocks++) written += writeSync(fd, block);
    writeSync(fd, `2024-01-01T00:00:01Z WARN db password="${pw}"\n`);
    closeSync(fd);
    writeFileSync(join(dir, 'small.py'), `aws_access_key_id = "${key}"\n`);

    const r = lg(['scan', '--format', 'json', '.'], dir);
    expectClean(r, 1, 'default size cap');
    const rep = parseJson(r);
    expect(rep.summary.skipped.tooLarge).toBe(1);
    expect(rep.findings.map((f) => f.path)).toEqual(['small.py']);
    const text = lg(['scan', '.'], dir);
    expect(text.out).toMatch(/too large/);

    // Scanned when allowed: a 256 MB heap is plenty (the file is read once, scanned once).
    const big = lg(['scan', '--format', 'json', '--max-file-size', '100M', '.'], dir, { timeoutMs: 60_000, nodeArgs: ['--max-old-space-size=256'] });
    expectClean(big, 1, '--max-file-size 100M');
    expectNoValue(big, [pw, key]);
    const found = parseJson(big).findings.filter((f) => f.path === 'huge.log');
    expect(found).toHaveLength(1);
    expect(found[0].line).toBe(blocks * 1024 + 1);
  });

  it('a file with thousands of findings: reports the first 1000, notes the rest, still exits 1', () => {
    const dir = tempDir('lg-flood-');
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) lines.push(`user${i}.password=${humanPassword()}`);
    writeFileSync(join(dir, 'dump.properties'), lines.join('\n') + '\n');
    const key = awsKeyId();
    writeFileSync(join(dir, 'other.py'), `aws_access_key_id = "${key}"\n`);
    const r = lg(['scan', '--format', 'json', '.'], dir);
    expectClean(r, 1, 'flood');
    const rep = parseJson(r);
    expect(rep.findings.filter((f) => f.path === 'dump.properties')).toHaveLength(1000);
    expect(rep.findings.filter((f) => f.path === 'other.py')).toHaveLength(1);
    expect(rep.summary.notes.join('\n')).toMatch(/dump\.properties: 1500 findings; only the first 1000/);
  });
});
