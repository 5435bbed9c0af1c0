// Purge advice: the filter-repo expressions file (0600, merged, multi-line values refused), the
// history check over real git commits, and masked AWS key IDs.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expressionProblem, writeExpressions } from '../../src/migrate/purge/expressions.js';
import { historyOfPath, maskKeyId } from '../../src/migrate/purge/history.js';
import { cleanupTemp, fakeAwsKeyId, makeRepo, tempDir } from '../helpers/git.js';

afterAll(() => cleanupTemp());

describe('filter-repo expressions file', () => {
  it('writes literal replacements with mode 0600, merges runs, and refuses multi-line values', async () => {
    const dir = tempDir();
    const file = join(dir, 'sub', 'expr.txt');
    const a = 'Aa1' + 'x'.repeat(10);
    const b = 'Bb2' + 'y'.repeat(10);
    const r1 = await writeExpressions(file, [a, 'two\nlines', 'has==>arrow']);
    expect(r1).toMatchObject({ added: 1, refused: 2, total: 1 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const r2 = await writeExpressions(file, [a, b]);
    expect(r2).toMatchObject({ added: 1, total: 2 });
    expect(readFileSync(file, 'utf8')).toBe(`literal:${a}==>***REMOVED***\nliteral:${b}==>***REMOVED***\n`);
    expect(expressionProblem('x\r\ny')).toMatch(/several lines/);
    expect(expressionProblem('fine')).toBeNull();
  });
});

describe('history check', () => {
  it('finds which values of a file are in committed versions', async () => {
    const repo = makeRepo();
    const old = 'Old' + 'k'.repeat(12);
    const cur = 'Cur' + 'm'.repeat(12);
    const never = 'Nev' + 'n'.repeat(12);
    repo.write('app/.env', `PW=${old}\n`);
    repo.commitAll('one');
    repo.write('app/.env', `PW=${cur}\n`);
    repo.commitAll('two');
    repo.write('other.txt', 'x\n');
    repo.commitAll('three');
    repo.write('app/.env', `PW=${never}\n`); // not committed
    const { hit, committed } = await historyOfPath(repo.dir, 'app/.env', [old, cur, never]);
    expect(hit.commitsChecked).toBe(2);
    expect(hit.commitsWithValue).toBe(2);
    expect([...committed].sort()).toEqual([cur, old].sort());
  });

  it('masks key IDs for the terminal', () => {
    const id = fakeAwsKeyId();
    const m = maskKeyId(id);
    expect(m.startsWith(id.slice(0, 8))).toBe(true);
    expect(m.endsWith(id.slice(-4))).toBe(true);
    expect(m).not.toContain(id);
  });
});

describe('purge advice', () => {
  it('clones the mirror beside the work tree, never inside it (no untracked purge.git left behind)', async () => {
    const { purgeAdvice } = await import('../../src/migrate/purge/advice.js');
    const { execFileSync } = await import('node:child_process');
    const repo = makeRepo();
    const value = 'Val' + 'q'.repeat(12);
    repo.write('app/.env', `PW=${value}\n`);
    repo.commitAll('one');
    const plan = { root: repo.dir, secrets: [{ sourcePath: 'app/.env', values: [{ finding: { secret: value, kind: 'password' } }] }] };
    const advice = await purgeAdvice(plan as never, join(repo.dir, '.git'), true);
    const clone = advice.lines.find((l) => l.includes('git clone --mirror'))!;
    expect(clone).toBeTruthy();
    expect(advice.lines.join('\n')).not.toContain(value);
    // Run the printed command as a user would, from the work tree.
    execFileSync('sh', ['-c', clone.trim().replace(/ && cd .*$/, '')], { cwd: repo.dir, stdio: 'ignore' });
    expect(repo.git('status', '--porcelain')).toBe('');
    const mirror = `${repo.dir}-purge.git`;
    expect(statSync(mirror).isDirectory()).toBe(true);
    expect(execFileSync('git', ['rev-parse', '--is-bare-repository'], { cwd: mirror, encoding: 'utf8' }).trim()).toBe('true');
    const { rmSync } = await import('node:fs');
    rmSync(mirror, { recursive: true, force: true });
  });

  it("names each committed access key's IAM user where it was looked up, and a placeholder where not", async () => {
    const { purgeAdvice } = await import('../../src/migrate/purge/advice.js');
    const { readFileSync } = await import('node:fs');
    const repo = makeRepo();
    const [known, unknown] = [fakeAwsKeyId(), fakeAwsKeyId()];
    repo.write('deploy.env', `A=${known}\nB=${unknown}\n`);
    repo.commitAll('keys');
    const finding = (secret: string) => ({ finding: { secret, kind: 'aws-access-key-id' } });
    const plan = { root: repo.dir, secrets: [{ sourcePath: 'deploy.env', values: [finding(known), finding(unknown)] }] };
    let asked: string[] = [];
    const advice = await purgeAdvice(plan as never, join(repo.dir, '.git'), true, async (ids) => ((asked = ids), new Map([[known, 'ci-bot']])));
    expect(asked.sort()).toEqual([known, unknown].sort());
    const file = readFileSync(advice.keysFile!, 'utf8');
    expect(file).toContain(`aws iam update-access-key --user-name ci-bot --access-key-id ${known} --status Inactive`);
    expect(file).toContain(`aws iam update-access-key --user-name '<USER>' --access-key-id ${unknown} --status Inactive`);
    expect(file).toMatch(/<USER>: the key's IAM user could not be looked up/);
    const text = advice.lines.join('\n');
    expect(text).toContain('(IAM user ci-bot)');
    expect(text).toContain('(IAM user not looked up: <USER>)');
    expect(text).not.toContain(known);
  });
});
