// History figure: `leakguard scan --history` on the large repo beside `git log -p HEAD >/dev/null`,
// interleaved run by run; peak memory of leakguard's whole process tree (node and its git
// children); and a check that the findings equal the plain commit-by-commit scan's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, timed, which } from './util.mjs';

function findingKeys(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return report.findings.map((f) => [f.ruleId, f.path, f.line, f.column, f.commit?.sha ?? ''].join(' '));
}

export async function benchHistory({ repo, bin, runs, tmp, gitleaks, check, log }) {
  const floors = [];
  const ours = [];
  let peak = 0;
  let peakOne = 0;
  let findings = 0;
  const out = join(tmp, 'history.json');
  for (let i = 0; i < runs; i++) {
    const f = await timed('git', ['log', '-p', 'HEAD'], { cwd: repo, stdout: 'ignore' });
    if (f.status !== 0) throw new Error(`git log -p failed in ${repo}`);
    floors.push(f.ms);
    const o = await timed(process.execPath, [bin, 'scan', '--history', '--format', 'json', '--no-progress', '-q', '-o', out], { cwd: repo, sampleRss: true });
    if (o.status !== 0 && o.status !== 1) throw new Error(`leakguard scan --history exited ${o.status}: ${o.stderr.trim().split('\n')[0]}`);
    ours.push(o.ms);
    peak = Math.max(peak, o.peakRss);
    peakOne = Math.max(peakOne, o.peakRssOne);
    findings = findingKeys(out).length;
    log(`  history run ${i + 1}/${runs}: git log -p ${(f.ms / 1000).toFixed(1)} s, leakguard ${(o.ms / 1000).toFixed(1)} s, peak ${(o.peakRss / 1048576).toFixed(0)} MB (largest process ${(o.peakRssOne / 1048576).toFixed(0)} MB)`);
  }
  let same;
  let plainMs;
  if (check) {
    const plainOut = join(tmp, 'history-plain.json');
    const p = await timed(process.execPath, [bin, 'scan', '--history', '--format', 'json', '--no-progress', '-q', '-o', plainOut], {
      cwd: repo,
      env: { ...process.env, LEAKGUARD_HISTORY: 'plain' },
    });
    plainMs = p.ms;
    const a = findingKeys(out);
    const b = findingKeys(plainOut);
    same = a.length === b.length && a.every((k, i) => k === b[i]);
    log(`  plain commit-by-commit scan: ${(p.ms / 1000).toFixed(1)} s, ${b.length} findings, parallel scan ${same ? 'identical' : 'DIFFERENT'}`);
  }
  // betterleaks and kingfisher on PATH scan the same history once each (kingfisher: its default
  // full history, without validation or the update check; exit 200 means findings)
  const peers = {};
  const bl = which('betterleaks');
  if (bl) {
    const b = await timed(bl, ['git', '.', '--exit-code', '0', '--log-level', 'error', '--log-opts=HEAD', '-o', join(tmp, 'betterleaks-history.json')], { cwd: repo });
    peers.betterleaks = b.status === 0 ? b.ms : NaN;
    log(b.status === 0 ? `  betterleaks git: ${(b.ms / 1000).toFixed(1)} s` : `  betterleaks git failed (exit ${b.status}): ${b.stderr.trim().split('\n')[0]}`);
  }
  const kf = which('kingfisher');
  if (kf) {
    const k = await timed(kf, ['scan', repo, '--git-history', 'full', '--no-update-check', '--no-validate', '--format', 'json', '-o', join(tmp, 'kingfisher-history.json')], { cwd: tmp });
    const ok = [0, 200, 205].includes(k.status);
    peers.kingfisher = ok ? k.ms : NaN;
    log(ok ? `  kingfisher scan --git-history full: ${(k.ms / 1000).toFixed(1)} s` : `  kingfisher failed (exit ${k.status}): ${k.stderr.trim().split('\n')[0]}`);
  }
  let gl;
  if (gitleaks) {
    const g = await timed(gitleaks, ['git', '--no-banner', '--exit-code', '0', '--log-level', 'error', '--log-opts=HEAD', '--report-path', join(tmp, 'gitleaks-history.json'), '.'], { cwd: repo });
    gl = g.status === 0 ? g.ms : NaN;
    log(g.status === 0 ? `  gitleaks git: ${(g.ms / 1000).toFixed(1)} s` : `  gitleaks git failed (exit ${g.status}): ${g.stderr.trim().split('\n')[0]}`);
  }
  return { floor: median(floors), ours: median(ours), ratio: median(ours) / median(floors), peakRss: peak, peakRssOne: peakOne, findings, same, plainMs, gitleaks: gl, peers, runs };
}
