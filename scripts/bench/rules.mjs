// Runs scripts/bench/rules-linear.ts (bundled with esbuild into the temp dir) and returns its JSON.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export async function benchRules({ root, tmp }) {
  // Inside the package, so the bundle's bare imports resolve from its node_modules.
  const dir = join(root, 'node_modules', '.cache', 'leakguard-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `rules-linear-${process.pid}.mjs`);
  await build({ entryPoints: [join(root, 'scripts/bench/rules-linear.ts')], outfile: file, bundle: true, format: 'esm', platform: 'node', packages: 'external', logLevel: 'warning' });
  const r = spawnSync(process.execPath, [file], { cwd: tmp, encoding: 'utf8', maxBuffer: 1 << 26 });
  rmSync(file, { force: true });
  if (r.status !== 0) throw new Error(`rules-linear failed: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`);
  return JSON.parse(r.stdout);
}
