// The npm package as users get it: `npm pack` -> install the tarball into an empty project -> run the
// bin through npx. Also checks that the bundle imports only runtime dependencies and Node built-ins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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
  if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('run `npm run build` first (npm test does)');
  const out = tempDir('lg-pack-');
  // --ignore-scripts: use the dist/ this test run was built with, instead of rebuilding it under
  // the feet of tests running in parallel (a plain `npm pack` runs `prepare`, which builds).
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

  it('the tarball holds the built CLI, rules and schema, and no sources or tests', () => {
    const r = sh('tar', ['-tzf', tarball], ROOT);
    const files = r.out.split('\n').filter(Boolean);
    for (const f of ['package/bin/leakguard.js', 'package/dist/main.js', 'package/dist/precheck.ere', 'package/rules/10-aws.toml', 'package/schema/leakguard.schema.json', 'package/README.md', 'package/package.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^package\/(src|test)\//.test(f))).toEqual([]);
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
