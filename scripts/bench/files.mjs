// Directory figure: `leakguard scan DIR` throughput (MB/s) beside ripgrep searching the rules'
// keywords in the same tree.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { median, timed, which } from './util.mjs';

export function ruleKeywords(root) {
  const kws = new Set();
  for (const f of readdirSync(join(root, 'rules')).filter((n) => n.endsWith('.toml'))) {
    const doc = parse(readFileSync(join(root, 'rules', f), 'utf8'));
    for (const r of doc.rules ?? []) for (const k of r.keywords ?? []) kws.add(String(k).toLowerCase());
  }
  return [...kws];
}

/**
 * The directory peers found on PATH, each with its arguments for a scan of `dir` that writes its
 * report to `out` and exits 0 on findings, and a reader of how many bytes it says it scanned (the
 * default configs of gitleaks and betterleaks allowlist node_modules/, so there they read nothing).
 */
export function filesPeers(dir, tmp) {
  const peers = {};
  const bl = which('betterleaks');
  const blOut = join(tmp, 'betterleaks-dir.json');
  if (bl) peers.betterleaks = { cmd: bl, args: ['fs', dir, '--exit-code', '0', '--log-level', 'error', '-o', blOut], bytes: () => JSON.parse(readFileSync(blOut, 'utf8')).scan?.bytes_scanned };
  const kf = which('kingfisher');
  const kfOut = join(tmp, 'kingfisher-dir.json');
  // kingfisher exits 200 when it finds something (205 when a finding was validated)
  if (kf) peers.kingfisher = { cmd: kf, args: ['scan', dir, '--no-update-check', '--no-validate', '--format', 'json', '-o', kfOut], ok: [0, 200, 205], bytes: () => JSON.parse(readFileSync(kfOut, 'utf8')).metadata?.summary?.bytes_scanned };
  return peers;
}

export async function benchFiles({ dir, bin, runs, tmp, rg, gitleaks, root, log }) {
  const out = join(tmp, 'files.json');
  const ours = [];
  const rgs = [];
  const peers = filesPeers(dir, tmp);
  const peerMs = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
  const peerBytes = {};
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
    // each peer on the same tree, interleaved with ours, a second's rest before each
    for (const [name, p] of Object.entries(peers)) {
      await new Promise((r) => setTimeout(r, 1000));
      const r = await timed(p.cmd, p.args, { cwd: tmp, stdout: 'ignore' });
      if (!(p.ok ?? [0]).includes(r.status)) {
        log(`  ${name} failed (exit ${r.status}): ${r.stderr.trim().split('\n')[0]}`);
        delete peers[name];
        delete peerMs[name];
        continue;
      }
      peerMs[name].push(r.ms);
      try {
        peerBytes[name] = p.bytes();
      } catch {
        peerBytes[name] = undefined;
      }
    }
    const peerLine = Object.entries(peerMs).map(([k, v]) => `, ${k} ${(v[i] / 1000).toFixed(2)} s`).join('');
    log(`  files run ${i + 1}/${runs}: leakguard ${(o.ms / 1000).toFixed(2)} s${rg ? `, rg ${(rgs[i] / 1000).toFixed(2)} s` : ''}${peerLine}`);
  }
  let gl;
  if (gitleaks) {
    const g = await timed(gitleaks, ['dir', '--no-banner', '--exit-code', '0', '--log-level', 'error', '--report-path', join(tmp, 'gitleaks-dir.json'), dir], { cwd: tmp });
    gl = g.status === 0 ? g.ms : NaN;
    if (g.status !== 0) log(`  gitleaks dir failed (exit ${g.status}): ${g.stderr.trim().split('\n')[0]}`);
  }
  const mbps = bytes / 1e6 / (median(ours) / 1000);
  // a peer that read nothing of the tree (its default allowlist) has no time to compare
  const peerMedians = Object.fromEntries(Object.entries(peerMs).filter(([k, v]) => v.length && peerBytes[k] !== 0).map(([k, v]) => [k, median(v)]));
  return { ours: median(ours), rg: rgs.length ? median(rgs) : undefined, mbps, rgMbps: rgs.length ? bytes / 1e6 / (median(rgs) / 1000) : undefined, bytes, files, gitleaks: gl, peers: peerMedians, peerBytes, runs };
}
