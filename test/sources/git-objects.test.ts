// `scan --history --objects`: every blob in the object database, reachable or not, each once.
// Real repositories, the real git and the built CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemp, fakeAwsKeyId, makeRepo, type TempRepo } from '../helpers/git.js';
import { expectUserError, lg, parseJson, requireBuild } from '../hardening/cli.js';

beforeAll(requireBuild);
afterAll(cleanupTemp);

const keyFile = (key: string) => `[default]\naws_access_key_id = ${key}\n`;

interface ObjFinding {
  path: string;
  line: number;
  commit?: { sha: string };
  object?: { blob: string; unreachable: boolean };
}

function objects(repo: TempRepo, format = 'json'): { findings: ObjFinding[]; notes: string[]; out: string } {
  const r = lg(['scan', '--history', '--objects', '--format', format], repo.dir);
  expect([0, 1], r.err).toContain(r.code);
  if (format !== 'json') return { findings: [], notes: [], out: r.out };
  const doc = parseJson(r) as unknown as { findings: ObjFinding[]; summary: { notes: string[] } };
  return { findings: doc.findings, notes: doc.summary.notes, out: r.out };
}

const historyFindings = (repo: TempRepo, args: string[] = []) => parseJson(lg(['scan', '--history', ...args, '--format', 'json'], repo.dir)).findings;
const expireReflogs = (repo: TempRepo) => repo.git('reflog', 'expire', '--expire=now', '--expire-unreachable=now', '--all');

function started(): TempRepo {
  const repo = makeRepo();
  repo.write('README.md', '# app\n');
  repo.commitAll('init');
  return repo;
}

describe('scan --history --objects', () => {
  it('finds a key in an amended commit: through the reflog first, then unreachable', () => {
    const repo = started();
    const key = fakeAwsKeyId();
    repo.write('aws.ini', keyFile(key));
    const leaked = repo.commitAll('add config');
    repo.write('aws.ini', '[default]\nregion = eu-west-1\n');
    repo.git('commit', '-q', '-a', '--amend', '--no-edit');
    expect(historyFindings(repo, ['--all'])).toEqual([]); // the amended commit is in no ref
    let found = objects(repo).findings;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: 'aws.ini', line: 2, commit: { sha: leaked }, object: { unreachable: false } });
    expireReflogs(repo);
    found = objects(repo).findings;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: 'aws.ini', line: 2, commit: { sha: leaked }, object: { unreachable: true } });
    const text = objects(repo, 'text').out;
    expect(text).toMatch(/object: blob [0-9a-f]{12}, unreachable: no ref or reflog reaches its commit/);
    expect(text).not.toContain(key);
  });

  it('finds keys on a deleted branch and in a dropped stash', () => {
    const repo = started();
    repo.git('checkout', '-q', '-b', 'topic');
    repo.write('deploy/creds.env', `AWS_ACCESS_KEY_ID=${fakeAwsKeyId()}\n`);
    const onBranch = repo.commitAll('topic work');
    repo.git('checkout', '-q', 'main');
    repo.git('branch', '-q', '-D', 'topic');
    repo.write('local.env', `AWS_ACCESS_KEY_ID=${fakeAwsKeyId()}\n`);
    repo.git('add', 'local.env');
    repo.git('stash', '-q');
    repo.git('stash', 'drop', '-q');
    expireReflogs(repo);
    expect(historyFindings(repo, ['--all'])).toEqual([]);
    const found = objects(repo).findings.map((f) => ({ path: f.path, unreachable: f.object?.unreachable, named: Boolean(f.commit) }));
    expect(found.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'deploy/creds.env', unreachable: true, named: true },
      { path: 'local.env', unreachable: true, named: true },
    ]);
    expect(objects(repo).findings.find((f) => f.path === 'deploy/creds.env')?.commit?.sha).toBe(onBranch);
  });

  it('names a blob no commit holds by its id, and says so', () => {
    const repo = started();
    repo.write('scratch.env', `AWS_ACCESS_KEY_ID=${fakeAwsKeyId()}\n`);
    repo.git('add', 'scratch.env');
    const blob = repo.git('rev-parse', ':scratch.env').trim();
    repo.git('rm', '-q', '--cached', 'scratch.env');
    const { findings, notes } = objects(repo);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ path: `blob:${blob}`, line: 1, object: { blob, unreachable: true } });
    expect(findings[0]!.commit).toBeUndefined();
    expect(notes.join('\n')).toMatch(/1 blob held by no commit/);
  });

  it('scans each blob once: one finding for content committed at two paths and in two commits', () => {
    const repo = started();
    const body = keyFile(fakeAwsKeyId());
    repo.write('a/aws.ini', body);
    const first = repo.commitAll('a');
    repo.write('b/aws.ini', body);
    repo.commitAll('b');
    repo.write('README.md', '# app\nmore\n');
    repo.commitAll('c');
    const found = objects(repo).findings;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: 'a/aws.ini', commit: { sha: first }, object: { unreachable: false } }); // the commit that brought it in
    expect(historyFindings(repo)).toHaveLength(2); // the commit walk reports the copy's added lines too
  });

  it('reports parse in every format with the object fields', () => {
    const repo = started();
    repo.write('aws.ini', keyFile(fakeAwsKeyId()));
    repo.commitAll('leak');
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    expireReflogs(repo);
    const sarif = JSON.parse(lg(['scan', '--history', '--objects', '--format', 'sarif'], repo.dir).out);
    const result = sarif.runs[0].results[0];
    expect(result.properties.object).toMatchObject({ unreachable: true });
    expect(result.message.text).toMatch(/unreachable/);
    const gh = lg(['scan', '--history', '--objects', '--format', 'github'], repo.dir).out;
    expect(gh).toMatch(/unreachable/);
    const junit = lg(['scan', '--history', '--objects', '--format', 'junit'], repo.dir).out;
    expect(junit).toMatch(/unreachable: no ref or reflog reaches its commit/);
  });

  it('refuses --objects without --history, and with --range or --since (exit 2, one line)', () => {
    const repo = started();
    expectUserError(lg(['scan', '--objects'], repo.dir), '--objects alone');
    expectUserError(lg(['scan', '--history', '--objects', '--range', 'HEAD~1..HEAD'], repo.dir), '--objects --range');
    expectUserError(lg(['scan', '--history', '--objects', '--since', 'yesterday'], repo.dir), '--objects --since');
    expect(lg(['scan', '--history', '--objects'], repo.dir).code).toBe(0);
  });
});
