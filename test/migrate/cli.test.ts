// `leakguard migrate` as a user runs it: plan mode writes nothing, --apply guards (dirty tree,
// confirmation without a terminal, bad prefix, unreachable endpoint), exit codes and one-line errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { motoAvailable, motoEnv, startMoto, type Moto } from '../helpers/moto.js';
import { cleanupTemp, gitEnv, makeRepo, type TempRepo } from '../helpers/git.js';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/leakguard.js');
const AN = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
function pw(): string {
  let s = 'W';
  for (let i = 0; i < 15; i++) s += AN[randomInt(AN.length)];
  return s + randomInt(10);
}

function lg(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000, input: '' });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

function repoWith(files: Record<string, string>): TempRepo {
  const repo = makeRepo();
  for (const [p, c] of Object.entries(files)) repo.write(p, c);
  repo.commitAll('init');
  return repo;
}

const run = motoAvailable();

describe.runIf(run)('leakguard migrate (CLI)', () => {
  let moto: Moto;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('run `npm run bundle` first (npm test does)');
    moto = await startMoto();
    env = { ...gitEnv(), ...motoEnv(moto) };
  });
  afterAll(async () => {
    await moto?.stop();
    cleanupTemp();
  });

  it('plan mode shows names, keys and a redacted diff, and writes nothing', () => {
    const v = pw();
    const repo = repoWith({ '.env': `DB_PASSWORD=${v}\n`, 'main.go': `package main\nconst dbPassword = "${pw()}"\n` });
    const r = lg(['migrate', '--prefix', 'shop/prod'], repo.dir, env);
    expect(r.code).toBe(0);
    expect(r.out).toContain('shop/prod/env');
    expect(r.out).toContain('keys: DB_PASSWORD');
    expect(r.out).toContain('-DB_PASSWORD=****');
    expect(r.out).toMatch(/main\.go -> secret shop\/prod\/main-go/);
    expect(r.out).toMatch(/nothing was written/);
    expect(r.out + r.err).not.toContain(v);
    expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe(`DB_PASSWORD=${v}\n`);
    expect(existsSync(join(repo.dir, '.git', 'leakguard'))).toBe(false);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('--apply without a terminal and without --yes exits 2 with a clear message', () => {
    const repo = repoWith({ '.env': `DB_PASSWORD=${pw()}\n` });
    const r = lg(['migrate', '--apply', '--endpoint-url', moto.url], repo.dir, env);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/--yes/);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('refuses a dirty work tree unless --allow-dirty', () => {
    const v = pw();
    const repo = repoWith({ '.env': `DB_PASSWORD=${v}\n`, 'README.md': 'hello\n' });
    repo.write('README.md', 'hello, edited\n');
    const r = lg(['migrate', '--apply', '--yes', '--endpoint-url', moto.url, '--region', 'us-east-1'], repo.dir, env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/uncommitted changes \(README\.md\).*--allow-dirty/);
    expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toContain(v);
    const r2 = lg(['migrate', '--apply', '--yes', '--allow-dirty', '--prefix', 'dirty/dev', '--endpoint-url', moto.url, '--region', 'us-east-1'], repo.dir, env);
    expect(r2.code).toBe(0);
    expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe("DB_PASSWORD='aws-sm://dirty/dev/env#DB_PASSWORD'\n");
  });

  it('rejects an invalid prefix and a bad endpoint URL with exit 2', () => {
    const repo = repoWith({ '.env': `DB_PASSWORD=${pw()}\n` });
    const bad = lg(['migrate', '--prefix', 'my app'], repo.dir, env);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^leakguard: --prefix 'my app' contains ' '/);
    const url = lg(['migrate', '--apply', '--yes', '--endpoint-url', 'not a url'], repo.dir, env);
    expect(url.code).toBe(2);
    expect(url.err).toMatch(/invalid endpoint URL/);
    expect(lg(['migrate', '--no-such-flag'], repo.dir, env).code).toBe(2);
  });

  it('an unreachable endpoint exits 2 with one line on stderr, no stack and no value, files untouched', async () => {
    const v = pw();
    const repo = repoWith({ '.env': `DB_PASSWORD=${v}\n` });
    const dead = await startMoto();
    await dead.stop();
    const r = lg(['migrate', '--apply', '--yes', '--endpoint-url', dead.url, '--region', 'us-east-1', '--max-attempts', '2'], repo.dir, env);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/cannot reach Secrets Manager/);
    expect(r.err).not.toMatch(/\bat .*\.js:\d+/);
    expect(r.out + r.err).not.toContain(v);
    expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe(`DB_PASSWORD=${v}\n`);
  });

  it('a missing region is a one-line usage error', () => {
    const repo = repoWith({ '.env': `DB_PASSWORD=${pw()}\n` });
    const noRegion: NodeJS.ProcessEnv = { ...env, AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_CONFIG_FILE: join(repo.dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(repo.dir, 'none') };
    delete noRegion.AWS_REGION;
    delete noRegion.AWS_DEFAULT_REGION;
    const r = lg(['migrate', '--apply', '--yes', '--endpoint-url', moto.url], repo.dir, noRegion);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no AWS region/);
  });

  it('works from AWS_ENDPOINT_URL_SECRETS_MANAGER alone, and a second run is "nothing to do"', () => {
    const v = pw();
    const repo = repoWith({ 'config.yml': `db:\n  password: ${v}\n` });
    const r = lg(['migrate', '--apply', '--yes', '--prefix', 'envonly/dev'], repo.dir, env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/created\s+envonly\/dev\/config-yml/);
    const r2 = lg(['migrate', '--apply', '--yes', '--prefix', 'envonly/dev'], repo.dir, env);
    expect(r2.code).toBe(0);
    expect(r2.out).toMatch(/nothing to do/);
  });

  it('exits 1 and names the file when a file cannot be migrated', () => {
    const v = pw();
    // The Python loader's path is taken by a directory, so settings.py cannot be written: its secret
    // is stored, the file is left untouched and named; the .env is migrated.
    const repo = repoWith({ '.env': `DB_PASSWORD=${v}\n`, 'leakguard_secrets.py/keep': 'x\n', 'settings.py': `DB_PASSWORD = "${pw()}"\n` });
    const r = lg(['migrate', '--apply', '--yes', '--prefix', 'fail/dev'], repo.dir, env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Files not migrated \(left untouched\):\n\s+settings\.py: /);
    expect(r.out).toMatch(/Files that still hold findings \(1\):\n\s+settings\.py/);
    expect(r.out + r.err).not.toContain(v);
  });
});
