// Directory figure: `leakguard scan DIR` throughput (MB/s) beside ripgrep searching the rules'
// keywords in the same tree.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { median, timed } from './util.mjs';

export function ruleKeywords(root) {
  const kws = new Set();
  for (const f of readdirSync(join(root, 'rules')).filter((n) => n.endsWith('.toml'))) {
    const doc = parse(readFileSync(join(root, 'rules', f), 'utf8'));
    for (const r of doc.rules ?? []) for (const k of r.keywords ?? []) kws.add(String(k).toLowerCase());
  }
  return [...kws];
}

export async function benchFiles({ dir, bin, runs, tmp, rg, gitleaks, root, log }) {
  const out = join(tmp, 'files.json');
  const ours = [];
  const rgs = [];
  let bytes = 0;
  let files = 0;
  const kwArgs = ruleKeywords(root).flatMap((k) => ['-e', k]);
  const scanArgs = [bin, 'scan', dir, '--no-gitignore', '--format', 'json', '--no-progress', '-q', '-o', out];
  // One untimed run first (the page cache, and the code cache of the fresh build, warm up on it).
  await timed(process.execPath, scanArgs, { cwd: tmp });
  for (let i = 0; i < runs; i++) {
    // A second's rest before each timed run: on the shared VM this was measured on, a run started
    // right after ripgrep's (two busy threads) took 15-30% more CPU time than one started a second
    // later, while back-to-back runs of leakguard alone did not slow each other.
    if (i > 0) await new Promise((r) => setTimeout(r, 1000));
    const o = await timed(process.execPath, scanArgs, { cwd: tmp });
    if (o.status !== 0 && o.status !== 1) throw new Error(`leakguard scan DIR exited ${o.status}: ${o.stderr.trim().split('\n')[0]}`);
    ours.push(o.ms);
    const s = JSON.parse(readFileSync(out, 'utf8')).summary;
    bytes = s.bytes;
    files = s.scanned;
    if (rg) {
      const r = await timed(rg, ['-i', '-F', '-c', '--no-ignore', '--hidden', '--no-messages', ...kwArgs, dir], { cwd: tmp, stdout: 'ignore' });
      rgs.push(r.ms);
    }
    log(`  files run ${i + 1}/${runs}: leakguard ${(o.ms / 1000).toFixed(2)} s${rg ? `, rg ${(rgs[i] / 1000).toFixed(2)} s` : ''}`);
  }
  let gl;
  if (gitleaks) {
    const g = await timed(gitleaks, ['dir', '--no-banner', '--exit-code', '0', '--log-level', 'error', '--report-path', join(tmp, 'gitleaks-dir.json'), dir], { cwd: tmp });
    gl = g.status === 0 ? g.ms : NaN;
    if (g.status !== 0) log(`  gitleaks dir failed (exit ${g.status}): ${g.stderr.trim().split('\n')[0]}`);
  }
  const mbps = bytes / 1e6 / (median(ours) / 1000);
  return { ours: median(ours), rg: rgs.length ? median(rgs) : undefined, mbps, rgMbps: rgs.length ? bytes / 1e6 / (median(rgs) / 1000) : undefined, bytes, files, gitleaks: gl, runs };
}
