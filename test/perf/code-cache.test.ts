// dist/main.cjs compiles the bundle with V8's code cache, one cache per way Node is started: plain
// (the CLI) and with each hook's flags (src/hooks/node-flags.ts), since V8 refuses a cache
// made under other flags. Checked on a private copy of the built package (other tests run the shared
// one), with LEAKGUARD_DEBUG_CODE_CACHE=1 saying whether the cache was used; and the hooks' flags
// must not change a single finding.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HOOK_NODE_FLAG_SETS } from '../../src/hooks/node-flags.js';
import { cleanupTemp, fakeAwsKeyId, tempDir } from '../helpers/git.js';

const ROOT = resolve(__dirname, '../..');
afterAll(cleanupTemp);

function copyPackage(): string {
  if (!existsSync(join(ROOT, 'dist/main.cjs'))) throw new Error('run `npm run bundle` first (npm test does)');
  const dir = tempDir('lg-code-cache-');
  for (const d of ['bin', 'dist']) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function scan(dir: string, input: string, nodeFlags: string[] = []) {
  const args = [...nodeFlags, join(dir, 'bin', 'leakguard.js'), 'scan', '--stdin', '--stdin-name', 'config/app.env', '--format', 'json', '--min-confidence', 'low'];
  const r = spawnSync(process.execPath, args, { input, encoding: 'utf8', env: { ...process.env, LEAKGUARD_DEBUG_CODE_CACHE: '1' } });
  const cache = /leakguard: code cache (\w+)/.exec(r.stderr)?.[1];
  return { status: r.status, cache, findings: r.status === 1 ? (JSON.parse(r.stdout).findings as Array<Record<string, unknown>>) : [] };
}

describe('the code cache and the hooks\' Node flags', () => {
  it('the build warms a cache for each way Node is started, each is used, and all report the same findings', () => {
    const dir = copyPackage();
    const input = `AWS_ACCESS_KEY_ID=${fakeAwsKeyId()}\nDB_PASSWORD=${'Xk2q' + 'Lm9vTr4w'}\n`;
    const view = (fs: Array<Record<string, unknown>>) => fs.map((f) => [f.ruleId, f.line, f.confidence, f.reasons]);
    const plain = scan(dir, input);
    expect(plain.status).toBe(1);
    expect(plain.cache).toBe('used');
    expect(plain.findings.length).toBeGreaterThanOrEqual(2);
    expect(HOOK_NODE_FLAG_SETS.length).toBeGreaterThanOrEqual(2);
    for (const set of HOOK_NODE_FLAG_SETS) {
      const flags = set.split(' ');
      const hooked = scan(dir, input, flags);
      expect([hooked.status, hooked.cache]).toEqual([1, 'used']);
      // Interleaved, neither run spoils the other's cache.
      expect([scan(dir, input).cache, scan(dir, input, flags).cache, scan(dir, input).cache]).toEqual(['used', 'used', 'used']);
      expect(view(hooked.findings)).toEqual(view(plain.findings));
    }
  });
});
