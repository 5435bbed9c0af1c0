// Errors that must not pass (issue 12, item 5), through the built CLI: a path named on the command
// line that does not exist or cannot be read, and a --since date git cannot read, are errors (exit 2,
// one line), not a scan of nothing that exits 0. Unreadable files found while walking stay counted skips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, gitEnv, makeRepo, run, tempDir } from '../helpers/git.js';
import { expectClean, expectNoValue, expectUserError, humanPassword, lg, parseJson, requireBuild } from './cli.js';

beforeAll(requireBuild);
afterAll(cleanupTemp);

const isRoot = process.getuid?.() === 0;
/** Both history paths: the plain `git log` one and the parallel one (forced on for a small repo). */
const HISTORY_PATHS = [{ LEAKGUARD_HISTORY: 'plain' }, { LEAKGUARD_HISTORY_MIN_PARALLEL: '1', LEAKGUARD_HISTORY_WORKERS: '2' }];

describe('a path named on the command line', () => {
  it('that does not exist: exit 2 with one line, no report, whatever the format', () => {
    const dir = tempDir('lg-missing-');
    const v = humanPassword();
    writeFileSync(join(dir, 'a.env'), `DB_PASSWORD=${v}\n`);
    for (const format of ['text', 'json', 'sarif']) {
      const r = lg(['scan', '--format', format, '/does/not/exist'], dir);
      expect(expectUserError(r, `missing path, ${format}`)).toBe('leakguard: cannot scan /does/not/exist: no such file or directory\n');
      expect(r.out).toBe('');
    }
    // One typo among good paths fails the run too; so does a path through a file.
    expectUserError(lg(['scan', 'a.env', 'typo.env'], dir), 'one missing path among several');
    expect(expectUserError(lg(['scan', 'a.env/inner'], dir), 'path through a file')).toMatch(/cannot scan a\.env\/inner: no such file or directory/);
    // The good path alone is scanned.
    const ok = lg(['scan', '--format', 'json', 'a.env'], dir);
    expectClean(ok, 1, 'existing file');
    expect(parseJson(ok).findings).toHaveLength(1);
    expectNoValue(ok, [v]);
  });

  it('that does not exist, in history mode: says so (not "git is not installed")', () => {
    const repo = makeRepo();
    repo.write('README.md', 'hello\n');
    repo.commitAll('init');
    const err = expectUserError(lg(['scan', '--history', 'nowhere'], repo.dir), 'history of a missing path');
    expect(err).toBe('leakguard: cannot scan nowhere: no such file or directory\n');
  });

  // Permissions bind everyone but root: as root, the CLI runs as `nobody` (through runuser) when it can.
  const unprivileged = !isRoot || run('runuser', ['-u', 'nobody', '--', process.execPath, '-e', '0'], { cwd: '/' }).status === 0;
  it.skipIf(!unprivileged)('that cannot be read: exit 2 with one line (a file, a directory); found while walking, a counted skip', () => {
    const dir = tempDir('lg-locked-');
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'locked.env'), `DB_PASSWORD=${humanPassword()}\n`);
    chmodSync(join(dir, 'locked.env'), 0);
    mkdirSync(join(dir, 'sealed'));
    writeFileSync(join(dir, 'sealed', 'a.env'), `DB_PASSWORD=${humanPassword()}\n`);
    chmodSync(join(dir, 'sealed'), 0);
    const scan = (args: string[]) => (isRoot ? lg(args, dir, { asUser: 'nobody' }) : lg(args, dir));
    try {
      expect(expectUserError(scan(['scan', 'locked.env']), 'unreadable file')).toBe('leakguard: cannot scan locked.env: permission denied\n');
      expect(expectUserError(scan(['scan', 'sealed']), 'unreadable directory')).toBe('leakguard: cannot scan sealed: permission denied\n');
      const walked = scan(['scan', '--format', 'json', '.']);
      expectClean(walked, 0, 'a walk over both');
      expect(parseJson(walked).summary.skipped.unreadable).toBe(2);
    } finally {
      chmodSync(join(dir, 'sealed'), 0o755);
    }
  });
});

describe('scan --history --since', () => {
  function repoWithDates(): { dir: string; old: string; recent: string } {
    const repo = makeRepo();
    const old = humanPassword();
    const recent = humanPassword();
    repo.write('old.env', `DB_PASSWORD=${old}\n`);
    repo.git('add', '-A');
    const when = '2020-06-01T12:00:00Z';
    const c = repo.gitTry(['commit', '-q', '-m', 'old'], { env: gitEnv({ GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when }) });
    expect(c.status, c.stderr).toBe(0);
    repo.write('new.env', `DB_PASSWORD=${recent}\n`);
    repo.commitAll('recent');
    return { dir: repo.dir, old, recent };
  }

  it('refuses a date git cannot read: exit 2, one line, in both history paths', () => {
    const { dir, old, recent } = repoWithDates();
    for (const env of HISTORY_PATHS) {
      for (const bad of ['notadate', 'today', 'foo bar baz', 'all', 'false']) {
        const r = lg(['scan', '--history', '--since', bad], dir, { env });
        const err = expectUserError(r, `--since ${bad} (${JSON.stringify(env)})`);
        expect(err).toBe(`leakguard: --since: git cannot read '${bad}' as a date (e.g. 2024-01-31, "2 weeks ago", yesterday)\n`);
        expectNoValue(r, [old, recent]);
      }
    }
  });

  it('refuses it in a repository with no commit yet too', () => {
    const repo = makeRepo();
    expectUserError(lg(['scan', '--history', '--since', 'notadate'], repo.dir), 'empty repo, bad date');
    expectClean(lg(['scan', '--history', '--since', 'yesterday'], repo.dir), 0, 'empty repo, good date');
  });

  it('dates git reads still select the commits', () => {
    const { dir, old, recent } = repoWithDates();
    const found = (since: string, env: NodeJS.ProcessEnv) => {
      const r = lg(['scan', '--history', '--format', 'json', '--no-redact', '--since', since], dir, { env });
      expectClean(r, [0, 1], `--since ${since}`);
      return parseJson(r).findings.map((f) => f.secret).sort();
    };
    for (const env of HISTORY_PATHS) {
      expect(found('2 weeks ago', env)).toEqual([recent]);
      expect(found('yesterday', env)).toEqual([recent]);
      expect(found('2019-01-01', env)).toEqual([old, recent].sort());
      expect(found('@1500000000', env)).toEqual([old, recent].sort());
      expect(found('never', env)).toEqual([old, recent].sort());
    }
  });
});
