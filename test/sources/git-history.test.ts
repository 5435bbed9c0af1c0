import { afterAll, describe, expect, it } from 'vitest';
import { historySource } from '../../src/sources/git-history.js';
import type { SourceEvent } from '../../src/sources/types.js';
import { UserError } from '../../src/types.js';
import { cleanupTemp, fakeAwsKeyId, makeRepo, run, tempDir, gitEnv } from '../helpers/git.js';

afterAll(cleanupTemp);

async function all(src: AsyncIterable<SourceEvent>): Promise<SourceEvent[]> {
  const out: SourceEvent[] = [];
  for await (const e of src) out.push(e);
  return out;
}
const fragments = (ev: SourceEvent[]) => ev.flatMap((e) => (e.type === 'fragment' ? [e.fragment] : []));
const commits = (ev: SourceEvent[]) => ev.flatMap((e) => (e.type === 'commit' ? [e.sha] : []));

describe('historySource', () => {
  it('finds the commit that introduced a value, with author, email, ISO date and line', async () => {
    const repo = makeRepo();
    repo.write('app.cfg', 'name = demo\n');
    const c1 = repo.commitAll('first');
    const key = fakeAwsKeyId();
    repo.write('app.cfg', `name = demo\naws_access_key_id = ${key}\n`);
    const env = gitEnv({ GIT_AUTHOR_NAME: 'Leaky Larry', GIT_AUTHOR_EMAIL: 'larry@example.test', GIT_AUTHOR_DATE: '2023-05-06T07:08:09+02:00' });
    repo.git('add', '-A');
    expect(run('git', ['commit', '-q', '-m', 'add key'], { cwd: repo.dir, env }).status).toBe(0);
    const c2 = repo.head();
    repo.write('app.cfg', 'name = demo\n');
    const c3 = repo.commitAll('remove key');

    const ev = await all(historySource(repo.dir));
    expect(commits(ev)).toEqual([c3, c2, c1]);
    const withKey = fragments(ev).filter((f) => f.text.includes(key));
    expect(withKey).toHaveLength(1);
    expect(withKey[0]!.path).toBe('app.cfg');
    expect(withKey[0]!.lineNumbers).toEqual([2]);
    expect(withKey[0]!.commit).toMatchObject({ sha: c2, author: 'Leaky Larry', email: 'larry@example.test', date: '2023-05-06T07:08:09+02:00', message: 'add key' });
  });

  it('walks HEAD by default, every ref with all, a range, and since', async () => {
    const repo = makeRepo();
    repo.write('a.txt', 'a\n');
    const c1 = repo.commitAll('a');
    repo.git('checkout', '-q', '-b', 'side');
    repo.write('side.txt', 'side\n');
    const cs = repo.commitAll('side');
    repo.git('checkout', '-q', 'main');
    repo.write('b.txt', 'b\n');
    const c2 = repo.commitAll('b');
    expect(commits(await all(historySource(repo.dir)))).toEqual([c2, c1]);
    expect(new Set(commits(await all(historySource(repo.dir, { all: true }))))).toEqual(new Set([c1, c2, cs]));
    expect(commits(await all(historySource(repo.dir, { range: `${c1}..side` })))).toEqual([cs]);
    expect(commits(await all(historySource(repo.dir, { revs: ['side'], exclude: ['main'] })))).toEqual([cs]);
    expect(commits(await all(historySource(repo.dir, { since: '2090-01-01' })))).toEqual([]);
    // detached HEAD
    repo.git('checkout', '-q', '--detach', cs);
    expect(commits(await all(historySource(repo.dir)))).toEqual([cs, c1]);
  });

  it('yields nothing in a repository without commits', async () => {
    const repo = makeRepo();
    expect(await all(historySource(repo.dir))).toEqual([]);
    expect(await all(historySource(repo.dir, { all: true }))).toEqual([]);
  });

  it('notes a shallow clone and scans the commits present', async () => {
    const repo = makeRepo();
    for (let i = 0; i < 4; i++) {
      repo.write(`f${i}.txt`, `v${i}\n`);
      repo.commitAll(`c${i}`);
    }
    const clone = tempDir();
    expect(run('git', ['clone', '-q', '--depth', '2', `file://${repo.dir}`, clone], { cwd: repo.dir }).status).toBe(0);
    const ev = await all(historySource(clone));
    expect(ev[0]).toMatchObject({ type: 'note' });
    expect((ev[0] as { text: string }).text).toMatch(/shallow/);
    expect(commits(ev)).toHaveLength(2);
    // the boundary commit shows its whole tree as added
    expect(fragments(ev).map((f) => f.path).sort()).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt']);
  });

  it('fails with a one-line UserError outside a repository or on a bad range', async () => {
    await expect(all(historySource(tempDir()))).rejects.toBeInstanceOf(UserError);
    const repo = makeRepo();
    repo.write('a', 'a\n');
    repo.commitAll('a');
    await expect(all(historySource(repo.dir, { range: 'nope..HEAD' }))).rejects.toThrow(/git log failed/);
    await expect(all(historySource(repo.dir, { range: '--output=/tmp/x' }))).rejects.toThrow(/invalid revision/);
  });

  it('stops git when the consumer stops early', async () => {
    const repo = makeRepo();
    for (let i = 0; i < 30; i++) {
      repo.write(`f${i}.txt`, `v${i}\n`.repeat(200));
      repo.commitAll(`c${i}`);
    }
    let n = 0;
    for await (const e of historySource(repo.dir)) {
      if (e.type === 'commit' && ++n === 2) break;
    }
    expect(n).toBe(2);
  });
});
