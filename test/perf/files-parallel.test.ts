// The parallel directory scan (src/scan/files-parallel.ts: the walk on the main thread, batches of
// files over worker threads) must report exactly what the in-process scan reports: same findings
// (rule, path, line, column, fingerprint) in the same order, and the same summary (files, bytes,
// skips by reason). Runs the built CLI (npm test builds first); the parallel path is forced on a
// small tree with tiny batches so batch boundaries fall everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fakeAwsKeyId, fakeAwsSecret, gitEnv, run } from '../helpers/git.js';

const BIN = resolve(__dirname, '../../bin/leakguard.js');
const PLAIN = { LEAKGUARD_FILES: 'plain' };
const PARALLEL = { LEAKGUARD_FILES_MIN_PARALLEL: '5', LEAKGUARD_FILES_BATCH: '3', LEAKGUARD_FILES_WORKERS: '2', LEAKGUARD_FILES_TRACE: '1' };

let dir: string;

function scan(args: string[], env: Record<string, string>) {
  const r = run(process.execPath, [BIN, 'scan', '--format', 'json', '--no-progress', '--no-gitignore', ...args], { cwd: dir, env: gitEnv(env) });
  let report: { findings: Array<Record<string, unknown>>; summary: Record<string, unknown> } | undefined;
  if (r.stdout.trim().startsWith('{')) report = JSON.parse(r.stdout);
  const findings = (report?.findings ?? []).map((f) => [f.ruleId, f.path, f.line, f.column, f.endLine, f.endColumn, f.fingerprint, f.lineText].join(' | '));
  const summary = report ? { ...report.summary, durationMs: 0 } as Record<string, unknown> : undefined;
  return { status: r.status, stderr: r.stderr, findings, summary };
}

const pw = () => 'Pw-' + randomBytes(6).toString('hex') + '!';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lg-files-par-'));
  for (let i = 0; i < 40; i++) {
    const sub = join(dir, `pkg${i % 7}`, i % 2 ? 'lib' : 'src');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `config${i}.env`), `# file ${i}\nDB_PASSWORD=${pw()}\nAWS_ACCESS_KEY_ID=${fakeAwsKeyId()}\nAWS_SECRET_ACCESS_KEY=${fakeAwsSecret()}\n`);
    writeFileSync(join(sub, `mod${i}.js`), 'const x = 1;\n'.repeat(i * 5) + `const apiKey = "${randomBytes(18).toString('base64url')}";\n`);
    if (i % 5 === 0) writeFileSync(join(sub, `blob${i}.dat`), Buffer.concat([Buffer.from([0, 1, 2]), randomBytes(200)]));
    if (i % 9 === 0) writeFileSync(join(sub, `image${i}.png`), randomBytes(50));
  }
  // A minified-looking long line with secrets far apart, a symlink, a clean file.
  writeFileSync(join(dir, 'bundle.min.js'), 'var a=1;'.repeat(5000) + `var secret_token="${randomBytes(24).toString('hex')}";` + 'b();'.repeat(5000) + `password="${pw()}";`);
  symlinkSync(join(dir, 'bundle.min.js'), join(dir, 'link.js'));
  writeFileSync(join(dir, 'clean.txt'), 'nothing here\n');
  writeFileSync(join(dir, 'huge.log'), 'x'.repeat(3000) + '\n');
  const locked = join(dir, 'locked.env');
  writeFileSync(locked, `PASSWORD=${pw()}\n`);
  chmodSync(locked, 0o000);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parallel directory scan', () => {
  it('reports what the in-process scan reports', () => {
    const plain = scan(['--max-file-size', '2000', '.'], PLAIN);
    const par = scan(['--max-file-size', '2000', '.'], PARALLEL);
    expect(plain.status).toBe(1);
    expect(plain.findings.length).toBeGreaterThan(100);
    expect(par.stderr).toMatch(/files: over 2 workers/);
    expect(plain.stderr).not.toMatch(/workers/);
    expect(par.status).toBe(plain.status);
    expect(par.findings).toEqual(plain.findings);
    expect(par.summary).toEqual(plain.summary);
    // The main thread scans jobs the workers have not claimed.
    const [, hereJobs] = /files: (\d+) of (\d+) jobs on the main thread/.exec(par.stderr) ?? [];
    expect(Number(hereJobs)).toBeGreaterThan(0);
    // One worker beside the main thread (the default on two cores): both take jobs, same report.
    const one = scan(['--max-file-size', '2000', '.'], { ...PARALLEL, LEAKGUARD_FILES_WORKERS: '1' });
    expect(one.stderr).toMatch(/files: over 1 workers and the main thread/);
    const [, mainJobs] = /files: (\d+) of (\d+) jobs on the main thread/.exec(one.stderr) ?? [];
    expect(Number(mainJobs)).toBeGreaterThan(0);
    expect(one.findings).toEqual(plain.findings);
    expect(one.summary).toEqual(plain.summary);
    // Workers only: every job goes through them, same report.
    const workersOnly = scan(['--max-file-size', '2000', '.'], { ...PARALLEL, LEAKGUARD_FILES_NO_HELP: '1' });
    expect(workersOnly.stderr).toMatch(/files: 0 of [1-9]\d* jobs on the main thread/);
    expect(workersOnly.findings).toEqual(plain.findings);
    expect(workersOnly.summary).toEqual(plain.summary);
    const skipped = plain.summary!.skipped as Record<string, number>;
    expect(skipped.binary).toBeGreaterThanOrEqual(8 + 5);
    expect(skipped.symlink).toBe(1);
    expect(skipped.tooLarge).toBeGreaterThanOrEqual(1);
    // Running as root, a mode-000 file is still readable; otherwise it is skipped as unreadable.
    if (process.getuid?.() !== 0) expect(skipped.unreadable).toBe(1);
  });

  it('finds both secrets of a long minified line, and a worker sends the line back once for both', () => {
    const par = scan(['bundle.min.js'], { ...PARALLEL, LEAKGUARD_FILES_MIN_PARALLEL: '0' });
    expect(par.findings.map((f) => f.split(' | ')[0]).sort()).toEqual(['generic-secret-assignment', 'password-assignment']);
    // through a worker (src/scan/shared-lines.ts), each finding shows its part of the line as in one thread
    const viaWorker = scan(['bundle.min.js'], { ...PARALLEL, LEAKGUARD_FILES_MIN_PARALLEL: '0', LEAKGUARD_FILES_NO_HELP: '1' });
    expect(viaWorker.stderr).toMatch(/files: 0 of 1 jobs on the main thread/);
    expect(viaWorker.findings).toEqual(scan(['bundle.min.js'], PLAIN).findings);
  });
});
