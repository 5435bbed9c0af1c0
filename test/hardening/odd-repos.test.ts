// Odd repositories and bad invocations: empty, shallow, detached, linked worktrees, submodules,
// corrupt objects, not a repository at all, broken config, invalid user regexes, unknown flags.
// Each ends with the right exit code, no stack trace and at most a short message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, chmodSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, makeRepo, run, tempDir } from '../helpers/git.js';
import { awsKeyId, expectClean, expectNoValue, expectUserError, humanPassword, lg, parseJson, requireBuild } from './cli.js';

beforeAll(requireBuild);
afterAll(cleanupTemp);

describe('odd repositories', () => {
  it('an empty repository: scan ., --history and --staged exit 0', () => {
    const repo = makeRepo();
    for (const args of [['scan', '.'], ['scan', '--history'], ['scan', '--history', '--all'], ['scan', '--staged']]) {
      expectClean(lg(args, repo.dir), 0, args.join(' '));
    }
  });

  it('not a repository: --history, --staged and --pre-push exit 2 with one line', () => {
    const dir = tempDir('lg-norepo-');
    writeFileSync(join(dir, 'a.txt'), 'hello\n');
    for (const args of [['scan', '--history'], ['scan', '--staged'], ['scan', '--history', dir]]) {
      const err = expectUserError(lg(args, dir), args.join(' '));
      expect(err).toMatch(/not a git repository/);
    }
    expectUserError(lg(['scan', '--pre-push', 'origin'], dir, { input: '' }), 'scan --pre-push');
    // A path that does not exist at all.
    expectUserError(lg(['scan', '--history', join(dir, 'missing')], dir), 'history of a missing path');
  });

  it('a shallow clone: history scans what is there, says it is shallow, exits 1 on a leak', () => {
    const origin = makeRepo();
    const old = awsKeyId();
    origin.write('old.py', `key = "${old}"\n`);
    origin.commitAll('old leak');
    for (let i = 0; i < 3; i++) {
      origin.write('README.md', `step ${i}\n`);
      origin.commitAll(`step ${i}`);
    }
    const key = awsKeyId();
    origin.write('new.py', `aws_access_key_id = "${key}"\n`);
    origin.commitAll('new leak');
    const dir = join(tempDir('lg-shallow-'), 'clone');
    const c = run('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, dir], { cwd: origin.dir });
    expect(c.status, c.stderr).toBe(0);
    const r = lg(['scan', '--history', '--format', 'json'], dir);
    expectClean(r, 1, 'shallow history');
    expectNoValue(r, [key, old]);
    const rep = parseJson(r);
    expect(rep.summary.notes.join('\n')).toMatch(/shallow/);
    expect(rep.findings.map((f) => f.path).sort()).toEqual(['new.py', 'old.py']);
    expect(rep.summary.commits).toBe(1);
    const text = lg(['scan', '--history'], dir);
    expectClean(text, 1, 'shallow history, text');
    expect(text.out + text.err).toMatch(/shallow/);
  });

  it('a detached HEAD: history, staged and files all work', () => {
    const repo = makeRepo();
    const key = awsKeyId();
    repo.write('a.py', `aws_access_key_id = "${key}"\n`);
    repo.commitAll('leak');
    repo.write('a.py', 'clean = 1\n');
    repo.commitAll('clean');
    repo.git('checkout', '-q', '--detach', 'HEAD~1');
    expectClean(lg(['scan', '--history'], repo.dir), 1, 'detached history');
    expectClean(lg(['scan', '--staged'], repo.dir), 0, 'detached staged (nothing staged)');
    repo.write('b.env', `DB_PASSWORD=${humanPassword()}\n`);
    repo.git('add', 'b.env');
    expectClean(lg(['scan', '--staged'], repo.dir), 1, 'detached staged');
    expectClean(lg(['scan', '.'], repo.dir), 1, 'detached files');
  });

  it('a linked worktree: files, staged and history work from inside it', () => {
    const repo = makeRepo();
    repo.write('README.md', 'hi\n');
    repo.commitAll('init');
    const wt = join(tempDir('lg-wt-'), 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'feature', wt);
    const key = awsKeyId();
    writeFileSync(join(wt, 'creds.py'), `aws_access_key_id = "${key}"\n`);
    expectClean(lg(['scan', '--staged'], wt), 0, 'worktree, nothing staged');
    run('git', ['add', 'creds.py'], { cwd: wt });
    const staged = lg(['scan', '--staged', '--format', 'json'], wt);
    expectClean(staged, 1, 'worktree staged');
    expect(parseJson(staged).findings[0].path).toBe('creds.py');
    const files = lg(['scan', '--format', 'json', '.'], wt);
    expectClean(files, 1, 'worktree files');
    expect(parseJson(files).findings.map((f) => f.path)).toEqual(['creds.py']);
    run('git', ['commit', '-q', '-m', 'leak', '--no-verify'], { cwd: wt });
    const hist = lg(['scan', '--history', '--format', 'json'], wt);
    expectClean(hist, 1, 'worktree history');
    expect(parseJson(hist).findings[0].commit?.sha).toMatch(/^[0-9a-f]{40}$/);
    // The main work tree does not see the feature branch's commit in its HEAD history.
    expectClean(lg(['scan', '--history'], repo.dir), 0, 'main worktree history');
    expectClean(lg(['scan', '--history', '--all'], repo.dir), 1, 'main worktree history --all');
  });

  it('a submodule: not descended into in file mode (counted), its gitlink handled in history and staged', () => {
    const sub = makeRepo();
    sub.write('inner.env', `DB_PASSWORD=${humanPassword()}\n`);
    sub.commitAll('sub');
    const repo = makeRepo();
    repo.write('README.md', 'hi\n');
    repo.commitAll('init');
    const add = repo.gitTry(['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/sub']);
    expect(add.status, add.stderr).toBe(0);
    expectClean(lg(['scan', '--staged'], repo.dir), 0, 'staged submodule');
    repo.git('commit', '-q', '-m', 'add submodule');
    const files = lg(['scan', '--format', 'json', '.'], repo.dir);
    expectClean(files, 0, 'files with a submodule');
    expect(parseJson(files).summary.skipped.other).toBe(1);
    expectClean(lg(['scan', '--history'], repo.dir), 0, 'history with a submodule');
  });

  it('a corrupt object: history exits 2 with a one-line message naming the problem (fails closed)', () => {
    const repo = makeRepo();
    repo.write('a.txt', 'first\n');
    repo.commitAll('one');
    const key = awsKeyId();
    repo.write('b.py', `aws_access_key_id = "${key}"\n`);
    repo.commitAll('two');
    const blob = repo.git('rev-parse', 'HEAD:b.py').trim();
    const file = join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    chmodSync(file, 0o644);
    writeFileSync(file, Buffer.from('this is not a zlib stream'));
    const r = lg(['scan', '--history'], repo.dir);
    const err = expectUserError(r, 'history with a corrupt blob');
    expect(err).toMatch(/git log failed|corrupt|unable to/i);
    expectNoValue(r, [key]);
    // File mode reads the work tree, not the object store: it still scans.
    expectClean(lg(['scan', '.'], repo.dir), 1, 'files with a corrupt object');
    // A missing object (e.g. a broken partial clone) fails the same way.
    unlinkSync(file);
    expectUserError(lg(['scan', '--history'], repo.dir), 'history with a missing blob');
  });

  it('an unreadable file is skipped and counted, the rest still scanned', () => {
    if (process.getuid?.() === 0) {
      // root reads anything: make the file unreadable by type instead (a FIFO is skipped, never opened).
      const dir = tempDir('lg-fifo-');
      const mk = run('mkfifo', [join(dir, 'pipe.env')], { cwd: dir });
      expect(mk.status).toBe(0);
      writeFileSync(join(dir, 'a.env'), `DB_PASSWORD=${humanPassword()}\n`);
      const r = lg(['scan', '--format', 'json', '.'], dir);
      expectClean(r, 1, 'fifo');
      expect(parseJson(r).summary.skipped.other).toBe(1);
      return;
    }
    const dir = tempDir('lg-unreadable-');
    writeFileSync(join(dir, 'locked.env'), `DB_PASSWORD=${humanPassword()}\n`);
    chmodSync(join(dir, 'locked.env'), 0);
    writeFileSync(join(dir, 'a.env'), `DB_PASSWORD=${humanPassword()}\n`);
    const r = lg(['scan', '--format', 'json', '.'], dir);
    expectClean(r, 1, 'unreadable');
    expect(parseJson(r).summary.skipped.unreadable).toBe(1);
  });
});

describe('bad configuration and invocation', () => {
  it('malformed TOML: names the file, the line and the problem; exit 2', () => {
    const dir = tempDir('lg-badcfg-');
    writeFileSync(join(dir, 'a.py'), 'x = 1\n');
    writeFileSync(join(dir, '.leakguard.toml'), 'title = "mine"\n\n[[rules]]\nid = "x"\nregex = "abc\nkeywords = ["a"]\n');
    const err = expectUserError(lg(['scan', '.'], dir), 'malformed .leakguard.toml', 3);
    expect(err).toMatch(/\.leakguard\.toml:5/);
    expect(err).toMatch(/invalid TOML/);
    writeFileSync(join(dir, 'other.toml'), '[[rules]]\nid = "dup"\nregex = "a"\n[[rules]\nid = "b"\n');
    const err2 = expectUserError(lg(['scan', '--config', 'other.toml', '.'], dir), '--config other.toml', 3);
    expect(err2).toMatch(/other\.toml:[45]:/);
    // Right syntax, wrong shape.
    writeFileSync(join(dir, 'shape.toml'), 'rules = "not a list"\n');
    expectUserError(lg(['scan', '--config', 'shape.toml', '.'], dir), 'wrong shape', 3);
    writeFileSync(join(dir, 'shape2.toml'), '[[rules]]\nid = "k"\nregex = "a"\nkeywords = "not-a-list"\n');
    expect(expectUserError(lg(['scan', '--config', 'shape2.toml', '.'], dir), 'keywords not a list', 3)).toMatch(/shape2\.toml:2.*keywords/);
    // A config file that does not exist, or is a directory.
    expectUserError(lg(['scan', '--config', 'missing.toml', '.'], dir), 'missing config', 3);
    expectUserError(lg(['scan', '--config', '.', '.'], dir), 'config is a directory', 3);
    // Binary garbage as config.
    writeFileSync(join(dir, 'garbage.toml'), Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 0x5b, 0x5b]));
    expectUserError(lg(['scan', '--config', 'garbage.toml', '.'], dir), 'binary config', 3);
  });

  it('an invalid regex in a user rule: exit 2, at most 3 lines, names the rule', () => {
    const dir = tempDir('lg-badre-');
    writeFileSync(join(dir, 'a.py'), 'x = 1\n');
    for (const bad of ['(unclosed', 'a{2,1}', '[z-a]', '(?<n>a)(?<n>b)', '*oops', '(?P<x>a)b)']) {
      writeFileSync(join(dir, '.leakguard.toml'), `[[rules]]\nid = "my-rule"\nregex = '''${bad}'''\nkeywords = ["x"]\n`);
      const r = lg(['scan', '.'], dir);
      const err = expectUserError(r, `regex ${bad}`, 3);
      expect(err).toMatch(/my-rule/);
      expect(err).toMatch(/\.leakguard\.toml/);
    }
    // Also in allowlists and in a gitleaks config.
    writeFileSync(join(dir, '.leakguard.toml'), `[[rules]]\nid = "r2"\nregex = "abc"\n[[rules.allowlists]]\nregexes = ['''(x''']\n`);
    expect(expectUserError(lg(['scan', '.'], dir), 'allowlist regex', 3)).toMatch(/r2/);
    writeFileSync(join(dir, '.leakguard.toml'), `[allowlist]\npaths = ['''[''']\n`);
    expectUserError(lg(['scan', '.'], dir), 'global allowlist path regex', 3);
  });

  it('unknown flags and commands exit 2 with one line', () => {
    const dir = tempDir('lg-flags-');
    for (const args of [['scan', '--bogus'], ['scan', '-Z'], ['bogus'], ['scan', '--format'], ['scan', '--max-file-size', 'lots', '.'], ['scan', '--range', 'a..b']]) {
      expectUserError(lg(args, dir), args.join(' '));
    }
    // A bad revision range in a real repo.
    const repo = makeRepo();
    repo.write('a.txt', 'x\n');
    repo.commitAll('one');
    expectUserError(lg(['scan', '--history', '--range', 'nope..HEAD'], repo.dir), 'bad range', 2);
    expectUserError(lg(['scan', '--history', '--range', '--output=/tmp/x'], repo.dir), 'option-like range', 2);
  });

  it('stdin that is binary or UTF-16 does not crash', () => {
    const dir = tempDir('lg-stdin-');
    const pw = humanPassword();
    const r = lg(['scan', '--stdin', '--stdin-name', 'x.env', '--format', 'json'], dir, { input: `DB_PASSWORD=${pw}\r\n` });
    expectClean(r, 1, 'stdin crlf');
    expectNoValue(r, [pw]);
    expect(parseJson(r).findings[0].lineText).not.toMatch(/\r/);
  });
});
