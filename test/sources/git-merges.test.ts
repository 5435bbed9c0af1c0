// What merges and stashes add is scanned (issue: an evil merge or a resolved conflict walked
// through every history mode and the hooks). Real repositories, the real git and the built CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cleanupTemp, fakeAwsKeyId, gitEnv, makeRepo, repoAt, tempDir, type TempRepo } from '../helpers/git.js';
import { lg, parseJson, requireBuild, type JsonFinding } from '../hardening/cli.js';

beforeAll(requireBuild);
afterAll(cleanupTemp);

const keyFile = (key: string) => `[default]\naws_access_key_id = ${key}\n`;

/** main and a branch `s`, each with a commit of its own; the merge is left to the test. */
function forked(): TempRepo {
  const repo = makeRepo();
  repo.write('base.txt', 'base\n');
  repo.commitAll('base');
  repo.git('checkout', '-q', '-b', 's');
  repo.write('side.txt', 'side\n');
  repo.commitAll('side');
  repo.git('checkout', '-q', 'main');
  repo.write('main.txt', 'main\n');
  repo.commitAll('main');
  return repo;
}

/** The evil merge of the issue: `git merge --no-commit --no-ff s`, a key file added, committed. */
function evilMerge(): { repo: TempRepo; key: string; merge: string } {
  const repo = forked();
  repo.git('merge', '-q', '--no-commit', '--no-ff', 's');
  const key = fakeAwsKeyId();
  repo.write('deploy/aws.ini', keyFile(key));
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'merge s');
  return { repo, key, merge: repo.head() };
}

/** Modes that must agree: the plain walk, the parallel one, and the per-parent diffs of old git. */
const MODES: Record<string, NodeJS.ProcessEnv> = {
  plain: { LEAKGUARD_HISTORY: 'plain' },
  parallel: { LEAKGUARD_HISTORY_MIN_PARALLEL: '1', LEAKGUARD_HISTORY_BATCH: '1' },
  'per-parent diffs (git < 2.31)': { LEAKGUARD_HISTORY: 'plain', LEAKGUARD_MERGE_DIFF: 'm' },
  'per-parent diffs, parallel': { LEAKGUARD_HISTORY_MIN_PARALLEL: '1', LEAKGUARD_HISTORY_BATCH: '1', LEAKGUARD_MERGE_DIFF: 'm' },
};

function history(repo: TempRepo, args: string[], env: NodeJS.ProcessEnv): Array<Pick<JsonFinding, 'path' | 'line'> & { sha?: string }> {
  const r = lg(['scan', '--history', ...args, '--format', 'json'], repo.dir, { env });
  expect([0, 1], r.err).toContain(r.code);
  return parseJson(r).findings.map((f) => ({ path: f.path, line: f.line, sha: f.commit?.sha }));
}

describe('merge commits', () => {
  it('a key added in an evil merge is found, in the merge, in every history mode', () => {
    const { repo, key, merge } = evilMerge();
    for (const [mode, env] of Object.entries(MODES)) {
      expect(history(repo, [], env), mode).toEqual([{ path: 'deploy/aws.ini', line: 2, sha: merge }]);
    }
    const r = lg(['scan', '--history'], repo.dir);
    expect(r.out + r.err).not.toContain(key);
  });

  it('a key written while resolving a conflict is found in the merge', () => {
    const repo = makeRepo();
    repo.write('app.env', 'REGION=eu-west-1\n');
    repo.commitAll('base');
    repo.git('checkout', '-q', '-b', 's');
    repo.write('app.env', 'REGION=us-east-1\n');
    repo.commitAll('side');
    repo.git('checkout', '-q', 'main');
    repo.write('app.env', 'REGION=eu-central-1\n');
    repo.commitAll('main');
    expect(repo.gitTry(['merge', '-q', 's']).status).not.toBe(0); // the conflict
    repo.write('app.env', `REGION=eu-central-1\nAWS_ACCESS_KEY_ID=${fakeAwsKeyId()}\n`);
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-edit');
    const merge = repo.head();
    for (const [mode, env] of Object.entries(MODES)) {
      expect(history(repo, [], env), mode).toEqual([{ path: 'app.env', line: 2, sha: merge }]);
    }
  });

  it('a key the merged branch brought in is reported once, in its own commit, not again in the merge', () => {
    const repo = forked();
    repo.git('checkout', '-q', 's');
    repo.write('side.ini', keyFile(fakeAwsKeyId()));
    const side = repo.commitAll('side key');
    repo.git('checkout', '-q', 'main');
    repo.git('merge', '-q', '--no-ff', '--no-edit', 's');
    for (const [mode, env] of Object.entries(MODES)) {
      expect(history(repo, [], env), mode).toEqual([{ path: 'side.ini', line: 2, sha: side }]);
    }
  });

  it('a file both sides edited, merged cleanly, adds nothing: an older key in it is not reported again by the merge', () => {
    const repo = makeRepo();
    const old = fakeAwsKeyId();
    repo.write('settings.ini', `[a]\nx = 1\n\n\n\n[default]\naws_access_key_id = ${old}\n\n\n\n[b]\ny = 1\n`);
    const base = repo.commitAll('base with an old key');
    repo.git('checkout', '-q', '-b', 's');
    repo.write('settings.ini', `[a]\nx = 2\n\n\n\n[default]\naws_access_key_id = ${old}\n\n\n\n[b]\ny = 1\n`);
    repo.commitAll('side');
    repo.git('checkout', '-q', 'main');
    repo.write('settings.ini', `[a]\nx = 1\n\n\n\n[default]\naws_access_key_id = ${old}\n\n\n\n[b]\ny = 2\n`);
    repo.commitAll('main');
    repo.git('merge', '-q', '--no-edit', 's'); // a clean content merge: a blob neither parent has
    expect(repo.git('show', 'HEAD:settings.ini')).toContain('x = 2');
    expect(repo.git('show', 'HEAD:settings.ini')).toContain('y = 2');
    for (const [mode, env] of Object.entries(MODES)) {
      expect(history(repo, [], env), mode).toEqual([{ path: 'settings.ini', line: 7, sha: base }]);
      expect(history(repo, ['--range', 'HEAD~1..HEAD'], env), `${mode}, the merge's range`).toEqual([]);
    }
  });

  it('a range holding only the merge reports what the merge adds', () => {
    const { repo, merge } = evilMerge();
    for (const [mode, env] of Object.entries(MODES)) {
      expect(history(repo, ['--range', 'HEAD~1..HEAD'], env), mode).toEqual([{ path: 'deploy/aws.ini', line: 2, sha: merge }]);
    }
  });
});

describe('merges through the hooks', () => {
  it('the pre-receive hook refuses a push of an evil merge; pre-push refuses it too', () => {
    const bare = makeRepo({ bare: true });
    expect(lg(['install', '--pre-receive'], bare.dir).code).toBe(0);
    const dir = tempDir('lg-work-');
    execFileSync('git', ['clone', '-q', bare.dir, dir], { env: gitEnv() });
    const work = repoAt(dir);
    work.write('base.txt', 'base\n');
    work.commitAll('base');
    expect(work.gitTry(['push', '-q', 'origin', 'HEAD:refs/heads/main']).status).toBe(0);
    work.git('checkout', '-q', '-b', 's');
    work.write('side.txt', 'side\n');
    work.commitAll('side');
    expect(work.gitTry(['push', '-q', 'origin', 's']).status).toBe(0);
    work.git('checkout', '-q', 'main');
    work.write('main.txt', 'main\n');
    work.commitAll('main');
    work.git('merge', '-q', '--no-commit', '--no-ff', 's');
    const key = fakeAwsKeyId();
    work.write('deploy/aws.ini', keyFile(key));
    work.git('add', '-A');
    work.git('commit', '-q', '-m', 'merge s');

    const refused = work.gitTry(['push', 'origin', 'HEAD:refs/heads/main']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/remote: .*deploy\/aws\.ini:2/);
    expect(refused.stderr).not.toContain(key);

    expect(lg(['install', '--pre-push'], work.dir).code).toBe(0);
    const local = work.gitTry(['push', 'origin', 'HEAD:refs/heads/main']);
    expect(local.status).not.toBe(0);
    expect(local.stdout + local.stderr).toMatch(/deploy\/aws\.ini:2/);
    expect(local.stdout + local.stderr).not.toMatch(/remote: /); // refused before it reached the server
  });
});

describe('stashes under --all', () => {
  it('every stash entry: staged, unstaged and untracked changes, the newest and the older ones', () => {
    const repo = makeRepo();
    repo.write('app.env', 'REGION=eu-west-1\n');
    repo.commitAll('base');
    // stash@{1}: a staged file, an unstaged change and an untracked file (git stash -u).
    repo.write('staged.ini', keyFile(fakeAwsKeyId()));
    repo.git('add', 'staged.ini');
    repo.write('app.env', `REGION=eu-west-1\nAWS_ACCESS_KEY_ID=${fakeAwsKeyId()}\n`);
    repo.write('untracked.ini', keyFile(fakeAwsKeyId()));
    repo.git('stash', '-q', '-u');
    // stash@{0}: an unstaged change only.
    repo.write('app.env', `REGION=eu-west-1\n\nAWS_ACCESS_KEY_ID=${fakeAwsKeyId()}\n`);
    repo.git('stash', '-q');
    expect(repo.git('stash', 'list').trim().split('\n')).toHaveLength(2);

    const want = [
      { path: 'app.env', line: 2 },
      { path: 'app.env', line: 3 },
      { path: 'staged.ini', line: 2 },
      { path: 'untracked.ini', line: 2 },
    ];
    for (const [mode, env] of Object.entries(MODES)) {
      const got = history(repo, ['--all'], env).map(({ path, line }) => ({ path, line }));
      expect(got.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line), mode).toEqual(want);
    }
    // Without --all only HEAD's history, which holds none of them.
    expect(history(repo, [], {})).toEqual([]);
  });
});
