// The npm package as users get it: `npm pack` -> install the tarball into an empty project -> run the
// bin through npx. Also checks that the bundle imports only runtime dependencies and Node built-ins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { cleanupTemp, tempDir } from '../helpers/git.js';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const keyId = () => 'AKIA' + 'Q3EGRJ5XVZ7LMN2P';

function sh(cmd: string, args: string[], cwd: string, input?: string) {
  const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', input, env, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

let tarball: string;
let project: string;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('run `npm run bundle` first (npm test does)');
  const out = tempDir('lg-pack-');
  // --ignore-scripts: nothing may rebuild dist/ under the feet of tests running in parallel (the
  // package has no prepare script today; this keeps it so if one comes back).
  const r = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], ROOT);
  if (r.code !== 0) throw new Error(`npm pack failed: ${r.err.slice(-1000)}`);
  const info = JSON.parse(r.out)[0];
  tarball = join(out, info.filename);
  project = tempDir('lg-empty-project-');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'empty-project', version: '1.0.0', private: true }));
  const i = sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], project);
  if (i.code !== 0) throw new Error(`npm install of the tarball failed: ${i.err.slice(-2000)}`);
}, 600_000);

afterAll(() => cleanupTemp());

describe('npm package', () => {
  it('declares bin, files and engines', () => {
    expect(pkg.bin).toEqual({ leakguard: 'bin/leakguard.js' });
    expect(readFileSync(join(ROOT, pkg.bin.leakguard), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(pkg.engines.node).toMatch(/^>=\s*20/);
    for (const f of ['bin/', 'dist/', 'rules/', 'schema/']) expect(pkg.files).toContain(f);
  });

  it('the tarball holds the built CLI, rules and schema, the sources and build script a git install builds from, and no tests', () => {
    const r = sh('tar', ['-tzf', tarball], ROOT);
    const files = r.out.split('\n').filter(Boolean);
    for (const f of ['package/bin/leakguard.js', 'package/bin/first-run-build.js', 'package/dist/main.js', 'package/dist/precheck.ere', 'package/rules/10-aws.toml', 'package/schema/leakguard.schema.json', 'package/README.md', 'package/package.json', 'package/scripts/build.mjs', 'package/src/cli/main.ts']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^package\/test\//.test(f))).toEqual([]);
    expect(files.filter((f) => /^package\/scripts\//.test(f))).toEqual(['package/scripts/build.mjs']);
  });

  it('has no script that makes npm prepare it as a git dependency (the race of npm/cli#8440)', () => {
    // pacote runs a second, global-inheriting install of a git dependency that has any of these.
    for (const s of ['prepare', 'build', 'prepack', 'preinstall', 'install', 'postinstall']) expect(pkg.scripts?.[s]).toBeUndefined();
    expect(pkg.workspaces).toBeUndefined();
    expect(pkg.dependencies?.esbuild).toBeDefined();
  });

  it('a copy without dist/ (an install from git) builds it on its first run, once, also when two runs start at once', async () => {
    const installed = join(project, 'node_modules', 'leakguard');
    // What a git install unpacks: the tarball's files without the built dist/.
    const copy = tempDir('lg-git-install-');
    const c = sh('cp', ['-R', installed + '/.', copy], ROOT);
    expect(c.code).toBe(0);
    rmSync(join(copy, 'dist'), { recursive: true, force: true });
    // Resolve its dependencies (esbuild, the runtime ones) from the project, as a hoisted install would.
    symlinkSync(join(project, 'node_modules'), join(copy, 'node_modules'));
    const bin = join(copy, 'bin', 'leakguard.js');
    const runBin = (args: string[], input?: string) =>
      new Promise<{ code: number | null; out: string; err: string }>((res) => {
        const child = spawn(process.execPath, [bin, ...args], { cwd: copy, stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('close', (code) => res({ code, out, err }));
        child.stdin.end(input ?? '');
      });
    const [a, b] = await Promise.all([runBin(['--version']), runBin(['scan', '--stdin', '--stdin-name', 'x.env'], `AWS_ACCESS_KEY_ID=${keyId()}\n`)]);
    for (const r of [a, b]) expect(r.err).toContain('first run of this install: building dist/ (once)');
    expect(a.code).toBe(0);
    expect(a.out.trim()).toBe(pkg.version);
    expect(b.code).toBe(1);
    expect(b.out).toContain('aws-access-key-id');
    expect(b.out).not.toContain(keyId());
    expect(existsSync(join(copy, 'dist', 'main.cjs'))).toBe(true);
    expect(existsSync(join(copy, 'dist', 'precheck.ere'))).toBe(true);
    // No private build directory is left behind, and the next run does not build again.
    expect(readdirSync(copy).filter((n) => n.startsWith('dist.build-'))).toEqual([]);
    const again = await runBin(['--version']);
    expect(again.err).toBe('');
    expect(again.out.trim()).toBe(pkg.version);
  }, 120_000);

  it('a dist/ that cannot be loaded (a corrupt bundle) is one line and exit 2, not a crash', () => {
    const copy = tempDir('lg-corrupt-dist-');
    for (const d of ['bin', 'dist']) sh('cp', ['-R', join(ROOT, d), copy], ROOT);
    writeFileSync(join(copy, 'dist', 'cli.cjs'), 'this is not JavaScript (\n');
    const r = spawnSync(process.execPath, [join(copy, 'bin', 'leakguard.js'), 'scan', '--stdin'], { encoding: 'utf8', input: 'x\n' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(['leakguard: cannot start (load error); run `npm run bundle` in the leakguard package']);
  });

  it('a copy without dist/ that cannot build says so in one line and exits 2', () => {
    const copy = tempDir('lg-no-build-');
    for (const d of ['bin']) sh('cp', ['-R', join(ROOT, d), copy], ROOT);
    writeFileSync(join(copy, 'package.json'), JSON.stringify({ name: 'leakguard', version: pkg.version }));
    const r = spawnSync(process.execPath, [join(copy, 'bin', 'leakguard.js'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(['leakguard: cannot start: dist/ is missing and this copy has no scripts/build.mjs to build it; reinstall leakguard']);
  });

  it('installs into an empty project and runs with `npx --no-install leakguard`', () => {
    const v = sh('npx', ['--no-install', 'leakguard', '--version'], project);
    expect(v.err.replace(/^npm warn .*\n/gim, '')).toBe('');
    expect(v.code).toBe(0);
    expect(v.out.trim()).toBe(pkg.version);
    const scan = sh('npx', ['--no-install', 'leakguard', 'scan', '--stdin', '--stdin-name', 'x.env'], project, `AWS_ACCESS_KEY_ID=${keyId()}\n`);
    expect(scan.code).toBe(1);
    expect(scan.out).toContain('aws-access-key-id');
    expect(scan.out).not.toContain(keyId());
    const clean = sh('npx', ['--no-install', 'leakguard', 'scan', '--stdin'], project, 'nothing here\n');
    expect(clean.code).toBe(0);
  });

  it('the bundle imports only runtime dependencies and Node built-ins', () => {
    const deps = new Set(Object.keys(pkg.dependencies ?? {}));
    const builtins = new Set(builtinModules);
    const bad: string[] = [];
    let total = 0;
    for (const f of readdirSync(join(ROOT, 'dist')).filter((n) => n.endsWith('.js'))) {
      const text = readFileSync(join(ROOT, 'dist', f), 'utf8');
      const specs = [
        ...text.matchAll(/^\s*(?:import|export)\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/gm),
        ...text.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
        ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
        ...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g),
      ].map((m) => m[1]);
      total += specs.length;
      for (const spec of specs) {
        if (spec.startsWith('.')) continue;
        if (spec.startsWith('node:') || builtins.has(spec)) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!deps.has(name)) bad.push(`${f}: ${spec}`);
      }
    }
    expect(total).toBeGreaterThan(5);
    expect(bad).toEqual([]);
  });
});
