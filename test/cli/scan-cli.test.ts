// The scan command as users run it: the built bin in temp dirs, exit codes, formats, redaction.
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(__dirname, '../../bin/leakguard.js');
const keyId = () => 'AKIA' + 'Q3EGRJ5XVZ7LMN2P';
const password = () => 'Summer' + '2024!';

function lg(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'lg-cli-'));
}

beforeAll(() => {
  if (!existsSync(resolve(__dirname, '../../dist/main.js'))) throw new Error('run `npm run bundle` first (npm test does)');
});

describe('leakguard scan (CLI)', () => {
  it('exits 0 on a clean directory and 1 with findings, redacting values', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'clean.txt'), 'nothing to see\n');
    expect(lg(['scan', '.'], dir).code).toBe(0);
    writeFileSync(join(dir, '.env'), `AWS_ACCESS_KEY_ID=${keyId()}\nDB_PASSWORD=${password()}\n`);
    const r = lg(['scan', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('.env:1:19');
    expect(r.out).toContain('.env:2:13');
    expect(r.out).not.toContain(keyId());
    expect(r.out).not.toContain(password());
  });

  it('prints the value only with --no-redact', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.py'), `password = "${password()}"\n`);
    expect(lg(['scan', '--format', 'json', '.'], dir).out).not.toContain(password());
    expect(lg(['scan', '--format', 'json', '--no-redact', '.'], dir).out).toContain(password());
  });

  it('writes every format, valid where it is JSON', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'config.js'), `const awsKey = "${keyId()}";\n`);
    for (const f of ['text', 'json', 'sarif', 'junit', 'github']) {
      const r = lg(['scan', '--format', f, '-o', `out.${f}`, '.'], dir);
      expect(r.code, f).toBe(1);
      const text = readFileSync(join(dir, `out.${f}`), 'utf8');
      expect(text).not.toContain(keyId());
      if (f === 'json' || f === 'sarif') expect(() => JSON.parse(text)).not.toThrow();
    }
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const loc = sarif.runs[0].results[0].locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toBe('config.js');
    expect(loc.region.startLine).toBe(1);
  });

  it('scans stdin under the given name', () => {
    const dir = tmp();
    const r = lg(['scan', '--stdin', '--stdin-name', 'settings.py', '--format', 'json'], dir, `DB_PASSWORD = "${password()}"\n`);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.findings[0].path).toBe('settings.py');
  });

  it('gives a one-line error and exit 2 for bad invocations, without a stack trace', () => {
    const dir = tmp();
    for (const args of [['scan', '--no-such-flag'], ['frobnicate'], ['scan', '--staged', '--history'], ['scan', '--format', 'pdf']]) {
      const r = lg(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    }
  });

  it('exits 2 for history outside a repository, 0 in a repository without commits', () => {
    const outside = tmp();
    const r = lg(['scan', '--history'], outside);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a git repository/);
    const repo = tmp();
    spawnSync('git', ['init', '-q'], { cwd: repo });
    expect(lg(['scan', '--history'], repo).code).toBe(0);
    expect(lg(['scan', '--staged'], repo).code).toBe(0);
  });

  it('honours inline allow markers and a user config that disables a rule', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.py'), `password = "${password()}"  # leakguard:allow\n`);
    expect(lg(['scan', '.'], dir).code).toBe(0);
    writeFileSync(join(dir, 'b.py'), `password = "${password()}"\n`);
    expect(lg(['scan', '.'], dir).code).toBe(1);
    writeFileSync(join(dir, '.leakguard.toml'), 'disabledRules = ["password-assignment"]\n');
    expect(lg(['scan', '.'], dir).code).toBe(0);
  });

  it('names the file and line of a malformed config', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.toml'), 'title = "ok"\nfoo = \n');
    const r = lg(['scan', '--config', 'x.toml', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/x\.toml:2/);
  });

  it('prints its version', () => {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8'));
    expect(lg(['--version'], tmp()).out.trim()).toBe(pkg.version);
  });
});
