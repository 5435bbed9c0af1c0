// pre-push and pre-receive sources: which commits they walk, given git's hook stdin.
import { afterAll, describe, expect, it } from 'vitest';
import { prePushSource } from '../../src/sources/git-pre-push.js';
import { preReceiveSource } from '../../src/sources/git-pre-receive.js';
import type { SourceEvent } from '../../src/sources/types.js';
import { UserError } from '../../src/types.js';
import { cleanupTemp, makeRepo, run, tempDir, repoAt } from '../helpers/git.js';

afterAll(cleanupTemp);

const Z = '0'.repeat(40);

async function commitsOf(src: AsyncIterable<SourceEvent>): Promise<string[]> {
  const out: string[] = [];
  for await (const e of src) if (e.type === 'commit') out.push(e.sha);
  return out;
}

function cloneOf(bareDir: string) {
  const dir = tempDir('lg-clone-');
  expect(run('git', ['clone', '-q', bareDir, dir], { cwd: bareDir }).status).toBe(0);
  return repoAt(dir);
}

function setup() {
  const bare = makeRepo({ bare: true });
  const work = cloneOf(bare.dir);
  work.write('a.txt', 'a\n');
  const c1 = work.commitAll('c1');
  work.git('push', '-q', 'origin', 'HEAD:refs/heads/main');
  return { bare, work, c1 };
}

describe('prePushSource', () => {
  it('scans only the commits the remote does not have', async () => {
    const { work, c1 } = setup();
    work.write('b.txt', 'b\n');
    const c2 = work.commitAll('c2');
    work.write('c.txt', 'c\n');
    const c3 = work.commitAll('c3');
    const stdin = `refs/heads/main ${c3} refs/heads/main ${c1}\n`;
    expect(await commitsOf(prePushSource(work.dir, stdin, 'origin'))).toEqual([c3, c2]);
  });

  it('a new branch scans the commits no remote-tracking ref reaches', async () => {
    const { work } = setup();
    work.git('checkout', '-q', '-b', 'feature');
    work.write('f.txt', 'f\n');
    const f1 = work.commitAll('f1');
    const stdin = `refs/heads/feature ${f1} refs/heads/feature ${Z}\n`;
    expect(await commitsOf(prePushSource(work.dir, stdin, 'origin'))).toEqual([f1]);
    // pushing to a URL rather than a named remote: every remote-tracking ref counts
    expect(await commitsOf(prePushSource(work.dir, stdin, 'file:///somewhere'))).toEqual([f1]);
  });

  it('a deletion scans nothing; empty input scans nothing', async () => {
    const { work, c1 } = setup();
    expect(await commitsOf(prePushSource(work.dir, `(delete) ${Z} refs/heads/main ${c1}\n`, 'origin'))).toEqual([]);
    expect(await commitsOf(prePushSource(work.dir, '', 'origin'))).toEqual([]);
  });

  it('falls back to the remote-tracking refs when the remote tip is unknown locally', async () => {
    const { work } = setup();
    work.write('b.txt', 'b\n');
    const c2 = work.commitAll('c2');
    const unknown = 'f'.repeat(40);
    expect(await commitsOf(prePushSource(work.dir, `refs/heads/main ${c2} refs/heads/main ${unknown}\n`, 'origin'))).toEqual([c2]);
  });

  it('several refs at once: each commit once', async () => {
    const { work, c1 } = setup();
    work.write('b.txt', 'b\n');
    const c2 = work.commitAll('c2');
    work.git('branch', 'copy');
    const stdin = `refs/heads/main ${c2} refs/heads/main ${c1}\nrefs/heads/copy ${c2} refs/heads/copy ${Z}\n`;
    expect(await commitsOf(prePushSource(work.dir, stdin, 'origin'))).toEqual([c2]);
  });

  it('rejects malformed input with a UserError', async () => {
    const { work } = setup();
    await expect(commitsOf(prePushSource(work.dir, 'garbage here\n'))).rejects.toBeInstanceOf(UserError);
  });
});

describe('preReceiveSource', () => {
  /** Put a clone's commits into the bare repo without any ref pointing at them (as during a push). */
  function stageObjects(bareDir: string, work: ReturnType<typeof repoAt>, sha: string) {
    work.git('push', '-q', 'origin', `${sha}:refs/heads/lg-tmp`);
    expect(run('git', ['update-ref', '-d', 'refs/heads/lg-tmp'], { cwd: bareDir }).status).toBe(0);
  }

  it('update: old..new; new ref: commits no existing ref reaches; deletion: nothing', async () => {
    const { bare, work, c1 } = setup();
    work.write('b.txt', 'b\n');
    const c2 = work.commitAll('c2');
    work.write('c.txt', 'c\n');
    const c3 = work.commitAll('c3');
    stageObjects(bare.dir, work, c3);
    expect(await commitsOf(preReceiveSource(bare.dir, `${c1} ${c3} refs/heads/main\n`))).toEqual([c3, c2]);
    expect(await commitsOf(preReceiveSource(bare.dir, `${Z} ${c3} refs/heads/new\n`))).toEqual([c3, c2]);
    expect(await commitsOf(preReceiveSource(bare.dir, `${c1} ${Z} refs/heads/main\n`))).toEqual([]);
    expect(await commitsOf(preReceiveSource(bare.dir, `${Z} ${c1} refs/tags/v1\n`))).toEqual([]);
  });

  it('a push into an empty bare repo scans everything pushed', async () => {
    const bare = makeRepo({ bare: true });
    const work = makeRepo();
    work.write('a.txt', 'a\n');
    const c1 = work.commitAll('c1');
    work.git('remote', 'add', 'origin', bare.dir);
    stageObjects(bare.dir, work, c1);
    expect(await commitsOf(preReceiveSource(bare.dir, `${Z} ${c1} refs/heads/main\n`))).toEqual([c1]);
  });

  it('rejects malformed input with a UserError', async () => {
    const bare = makeRepo({ bare: true });
    await expect(commitsOf(preReceiveSource(bare.dir, 'x y\n'))).rejects.toBeInstanceOf(UserError);
  });
});
