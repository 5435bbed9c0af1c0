import { afterAll, describe, expect, it } from 'vitest';
import { stagedSource } from '../../src/sources/git-staged.js';
import type { SourceEvent } from '../../src/sources/types.js';
import { UserError } from '../../src/types.js';
import { cleanupTemp, fakeAwsKeyId, makeRepo, tempDir } from '../helpers/git.js';

afterAll(cleanupTemp);

async function all(src: AsyncIterable<SourceEvent>): Promise<SourceEvent[]> {
  const out: SourceEvent[] = [];
  for await (const e of src) out.push(e);
  return out;
}

function fragments(events: SourceEvent[]) {
  return events.flatMap((e) => (e.type === 'fragment' ? [e.fragment] : []));
}

describe('stagedSource', () => {
  it('yields the staged added lines with their line numbers in the staged file, not unstaged edits', async () => {
    const repo = makeRepo();
    repo.write('config.py', 'a = 1\nb = 2\nc = 3\n');
    repo.commitAll('init');
    const key = fakeAwsKeyId();
    const unstagedKey = fakeAwsKeyId();
    repo.write('config.py', `a = 1\nb = 2\naws_key = "${key}"\nc = 3\n`);
    repo.git('add', 'config.py');
    // an unstaged edit on top
    repo.write('config.py', `a = 1\nb = 2\naws_key = "${key}"\nc = 3\nother = "${unstagedKey}"\n`);
    repo.write('untracked.txt', `k=${unstagedKey}\n`);
    const f = fragments(await all(stagedSource(repo.dir)));
    expect(f).toEqual([{ path: 'config.py', text: `aws_key = "${key}"`, lineNumbers: [3] }]);
  });

  it('works before the first commit (diff against the empty tree)', async () => {
    const repo = makeRepo();
    const key = fakeAwsKeyId();
    repo.write('src/new file.ts', `// header\nexport const k = '${key}';\n`);
    repo.git('add', '-A');
    const f = fragments(await all(stagedSource(repo.dir)));
    expect(f).toEqual([{ path: 'src/new file.ts', text: `// header\nexport const k = '${key}';`, lineNumbers: [1, 2] }]);
  });

  it('yields nothing in a repo with nothing staged, even with no commits', async () => {
    const repo = makeRepo();
    expect(await all(stagedSource(repo.dir))).toEqual([]);
    repo.write('x.txt', 'x\n');
    repo.commitAll('x');
    expect(await all(stagedSource(repo.dir))).toEqual([]);
  });

  it('reports staged binary files as skipped', async () => {
    const repo = makeRepo();
    repo.write('img.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    repo.write('ok.txt', 'hello\n');
    repo.git('add', '-A');
    const events = await all(stagedSource(repo.dir));
    expect(events.filter((e) => e.type === 'skip')).toEqual([{ type: 'skip', path: 'img.png', reason: 'binary', detail: undefined }]);
    expect(fragments(events).map((f) => f.path)).toEqual(['ok.txt']);
  });

  it('uses the index of the current worktree from a subdirectory, with repo-relative paths', async () => {
    const repo = makeRepo();
    repo.write('sub/dir/a.env', 'X=1\n');
    repo.git('add', '-A');
    const f = fragments(await all(stagedSource(`${repo.dir}/sub/dir`)));
    expect(f.map((x) => x.path)).toEqual(['sub/dir/a.env']);
  });

  it('throws a one-line UserError outside a repository', async () => {
    const dir = tempDir();
    await expect(all(stagedSource(dir))).rejects.toBeInstanceOf(UserError);
    await expect(all(stagedSource(`${dir}/missing`))).rejects.toThrow(/no such directory|not a git repository/);
  });
});
