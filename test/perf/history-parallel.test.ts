// The parallel history scan (src/scan/parallel.ts: batches of commits over worker threads) must
// report exactly what the plain commit-by-commit scan (one `git log -p`, src/sources/git-history.ts)
// reports: same findings (rule, path, line, column, commit) in the same order, same summary.
// Runs the built CLI (npm test builds first); the parallel path is forced on a small repo with
// tiny batches so batch boundaries fall everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cleanupTemp, fakeAwsKeyId, fakeAwsSecret, gitEnv, makeRepo, run, type TempRepo } from '../helpers/git.js';

afterAll(cleanupTemp);

const BIN = resolve(__dirname, '../../bin/leakguard.js');
const PLAIN = { LEAKGUARD_HISTORY: 'plain' };
const PARALLEL = { LEAKGUARD_HISTORY_MIN_PARALLEL: '0', LEAKGUARD_HISTORY_BATCH: '3', LEAKGUARD_HISTORY_WORKERS: '2', LEAKGUARD_HISTORY_TRACE: '1' };

function scan(repo: TempRepo, args: string[], env: Record<string, string>) {
  const r = run(process.execPath, [BIN, 'scan', '--history', '--format', 'json', '--no-progress', ...args], { cwd: repo.dir, env: gitEnv(env) });
  let report: { findings: Array<Record<string, unknown>>; summary: Record<string, unknown> } | undefined;
  if (r.stdout.trim().startsWith('{')) report = JSON.parse(r.stdout);
  const findings = (report?.findings ?? []).map((f) => {
    const c = f.commit as { sha: string; author: string; date: string } | undefined;
    return [f.ruleId, f.path, f.line, f.column, f.endLine, f.endColumn, c?.sha, c?.author, c?.date, f.fingerprint, f.lineText].join(' | ');
  });
  const summary = report ? { ...report.summary, durationMs: 0 } : undefined;
  return { status: r.status, stderr: r.stderr, findings, summary };
}

const pw = () => 'Pw-' + randomBytes(6).toString('hex') + '!';

let repo: TempRepo;
let commits = 0;

beforeAll(() => {
  repo = makeRepo();
  const commit = (m: string) => {
    repo.commitAll(m);
    commits++;
  };
  repo.write('README.md', '# demo\n');
  commit('init');
  for (let i = 0; i < 14; i++) {
    repo.write(`config/app${i % 4}.env`, `# revision ${i}\nDB_PASSWORD=${pw()}\nAWS_ACCESS_KEY_ID=${fakeAwsKeyId()}\nAWS_SECRET_ACCESS_KEY=${fakeAwsSecret()}\n`);
    repo.write(`src/mod${i}.py`, `import os\n\n` + 'x = 1\n'.repeat(i * 7) + `password = "${pw()}"\napi = os.environ["API"]\n`);
    if (i % 3 === 0) repo.write(`bin/blob${i}.dat`, randomBytes(64));
    commit(`work ${i}`);
  }
  // A rename with an edit, a deletion, a file whose name needs quoting, CRLF lines.
  repo.git('mv', 'src/mod3.py', 'src/renamed.py');
  repo.write('src/renamed.py', `password = "${pw()}"\n`);
  repo.git('rm', '-q', 'config/app1.env');
  repo.write('conf/spécial name.ini', `[db]\r\npassword = ${pw()}\r\n`);
  commit('rename, delete, quoted name');
  // A side branch merged back (merges carry no patch of their own in `git log -p`).
  repo.git('checkout', '-q', '-b', 'side');
  repo.write('side/keys.txt', `aws_secret_access_key = "${fakeAwsSecret()}"\n`);
  commit('side work');
  repo.git('checkout', '-q', 'main');
  repo.write('main.txt', `token: ${randomBytes(20).toString('base64url')}\n`);
  commit('main work');
  repo.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
  commits++;
  for (let i = 0; i < 6; i++) {
    repo.write(`late/f${i}.yaml`, `db:\n  password: ${pw()}\n  user: app\n`);
    commit(`late ${i}`);
  }
  // A generated file with more findings than one file may report (1,000): both scans cap it alike.
  repo.write('gen/users.ini', Array.from({ length: 1100 }, (_, i) => `password${i} = ${pw()}`).join('\n') + '\n');
  commit('generated users');
  // A minified line with two secrets far apart: a worker sends the line once for both (src/scan/shared-lines.ts).
  repo.write('dist/bundle.min.js', 'var a=1;'.repeat(5000) + `var secret_token="${randomBytes(24).toString('hex')}";` + 'b();'.repeat(5000) + `password="${pw()}";\n`);
  commit('bundle');
  repo.git('branch', 'other', 'HEAD~3');
  repo.git('checkout', '-q', 'other');
  repo.write('other.env', `SECRET_KEY=${randomBytes(24).toString('base64')}\n`);
  commit('other branch');
  repo.git('checkout', '-q', 'main');
});

describe('parallel history scan', () => {
  it('reports what the plain scan reports (HEAD)', () => {
    const plain = scan(repo, [], PLAIN);
    const par = scan(repo, [], PARALLEL);
    expect(plain.status).toBe(1);
    expect(plain.findings.length).toBeGreaterThan(30);
    // both secrets of the minified line, whose line a worker sends once for both
    expect(plain.findings.filter((f) => f.includes(' | dist/bundle.min.js | 1 | ')).length).toBe(2);
    expect(par.status).toBe(plain.status);
    expect(par.findings).toEqual(plain.findings);
    expect(par.summary).toEqual(plain.summary);
    // The parallel path really ran (it falls back to the plain one when its worker is missing).
    expect(par.stderr).toMatch(/history: \d+ commits in \d+ batches over 2 workers/);
    expect(plain.stderr).not.toMatch(/batches over/);
    expect((plain.summary as unknown as { commits: number }).commits).toBe(commits - 1);
    expect(JSON.stringify(plain.summary)).toMatch(/gen\/users\.ini in commit [0-9a-f]{12}: 1100 findings; only the first 1000 are reported/);
    expect(par.findings.filter((f) => f.includes('gen/users.ini'))).toHaveLength(1000);
  });

  it('agrees with --all, --range and --since', () => {
    for (const args of [['--all'], ['--range', 'HEAD~5..HEAD'], ['--since', '1970-01-02'], ['--all', '--range', 'other~1..other']]) {
      const plain = scan(repo, args, PLAIN);
      const par = scan(repo, args, PARALLEL);
      expect(par.status, args.join(' ')).toBe(plain.status);
      expect(par.findings, args.join(' ')).toEqual(plain.findings);
      expect(par.summary, args.join(' ')).toEqual(plain.summary);
    }
  });

  it('gives the same one-line error for a bad range', () => {
    const plain = scan(repo, ['--range', 'nosuch..HEAD'], PLAIN);
    const par = scan(repo, ['--range', 'nosuch..HEAD'], PARALLEL);
    expect(plain.status).toBe(2);
    expect(par.status).toBe(2);
    expect(par.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('scans nothing in a repository without commits', () => {
    const empty = makeRepo();
    const r = scan(empty, [], PARALLEL);
    expect(r.status).toBe(0);
    expect(r.findings).toEqual([]);
  });
});
