#!/usr/bin/env node
// `npm run bench -- --medium PATH --large PATH [--files DIR]`: leakguard's speed on this machine,
// each figure beside its floor, measured in the same run (medians; runs interleaved so both sides
// see the same machine). gitleaks' time on the same scan when `gitleaks` is on PATH, ripgrep's on
// the directory scan when `rg` is; for pre-commit also betterleaks' and kingfisher's (with
// --no-update-check --no-validate) when they are on PATH. Nothing is installed by the bench.
//
//   --medium PATH   a clone of a mid-size repo (expressjs/express): pre-commit scan of 20 staged
//                   files (~2,000 added lines) in a private clone of it, vs `node -e 0 && git diff --cached -U0`
//   --large PATH    a clone of a big history (git/git): `scan --history` vs `git log -p HEAD >/dev/null`,
//                   peak memory, and the findings compared with the plain commit-by-commit scan
//   --files DIR     a large tree for `scan DIR` MB/s (default: this package's node_modules)
//   --runs N        staged runs (default 15); --history-runs N (default 5); --files-runs N (default 5)
//   --only LIST     comma list of staged,history,files,rules
//   --no-check      skip the plain-scan comparison of history findings (it takes a full plain scan)
//   --no-gitleaks   do not run gitleaks (nor the other peers) even when on PATH
//   --json FILE     also write the raw figures as JSON
// The benchmark repos stay outside the project and are only read (the staged figure works in a
// temporary `git clone --shared`). It measures bin/leakguard.js over a fresh private build of the
// current sources. LEAKGUARD_PARTIAL_BUILD=1 is passed through to the build.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawnSync } from 'node:child_process';
import { prepareStaged, benchStaged, keepPrecheckClean, stagedPeers } from './bench/staged.mjs';
import { benchHistory } from './bench/history.mjs';
import { benchFiles } from './bench/files.mjs';
import { benchRules } from './bench/rules.mjs';
import { fmtMb, fmtMs, table, which } from './bench/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const o = { runs: 15, historyRuns: 5, filesRuns: 5, check: true, gitleaks: true, only: ['staged', 'history', 'files', 'rules'] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === '--medium') o.medium = resolve(val());
    else if (a === '--large') o.large = resolve(val());
    else if (a === '--files') o.files = resolve(val());
    else if (a === '--runs') o.runs = Math.max(5, Number(val()));
    else if (a === '--history-runs') o.historyRuns = Math.max(1, Number(val()));
    else if (a === '--files-runs') o.filesRuns = Math.max(1, Number(val()));
    else if (a === '--only') o.only = val().split(',');
    else if (a === '--no-check') o.check = false;
    else if (a === '--no-gitleaks') o.gitleaks = false;
    else if (a === '--json') o.json = resolve(val());
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench -- --medium PATH --large PATH [--files DIR] [--runs N] [--history-runs N] [--only staged,history,files,rules] [--no-check] [--json FILE]\n');
      process.exit(0);
    } else fail(`unknown option ${a}`);
  }
  return o;
}

function fail(msg) {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(2);
}

const log = (s) => process.stderr.write(s + '\n');

const o = parseArgs(process.argv.slice(2));
// A private build of the current sources (inside the package, so its imports resolve from
// node_modules): a rebuild of dist/ while the benchmark runs cannot disturb it.
const priv = join(root, 'node_modules', '.cache', `leakguard-bench-${process.pid}`);
const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { env: { ...process.env, LEAKGUARD_OUTDIR: join(priv, 'dist') }, stdio: ['ignore', 'inherit', 'inherit'] });
if (built.status !== 0) fail('build failed');
mkdirSync(join(priv, 'bin'), { recursive: true });
copyFileSync(join(root, 'bin', 'leakguard.js'), join(priv, 'bin', 'leakguard.js'));
const bin = join(priv, 'bin', 'leakguard.js');
process.on('exit', () => rmSync(priv, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
const want = (k) => o.only.includes(k);
if (want('staged') && !o.medium) fail('--medium PATH is required (a clone of expressjs/express), or leave staged out with --only');
if (want('history') && !o.large) fail('--large PATH is required (a clone of git/git), or leave history out with --only');
for (const p of [o.medium, o.large]) if (p && !existsSync(join(p, '.git')) && !existsSync(join(p, 'HEAD'))) fail(`not a git repository: ${p}`);
const files = o.files ?? join(root, 'node_modules');
const gitleaks = o.gitleaks ? which('gitleaks') : undefined;
const rg = which('rg');
const tmp = mkdtempSync(join(tmpdir(), 'leakguard-bench-'));
const results = {};

const machine = `${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${execFileSync('git', ['--version'], { encoding: 'utf8' }).trim()}`;
log(`machine: ${machine}`);

process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
try {
  if (want('staged')) {
    log(`staged: preparing 20 staged files in a clone of ${o.medium}`);
    const work = join(tmp, 'medium');
    const prep = prepareStaged(o.medium, work);
    log(`staged: ${prep.files} files, ${prep.added} added lines; ${o.runs} runs`);
    const peers = o.gitleaks ? stagedPeers() : {};
    log(`staged: peers on PATH: ${Object.entries(peers).map(([k, [c]]) => `${k} (${c})`).join(', ') || 'none'}`);
    results.staged = { ...prep, ...benchStaged({ work, bin, runs: o.runs, peers }) };
    const clean = join(tmp, 'medium-clean');
    prepareStaged(o.medium, clean);
    const cut = keepPrecheckClean(clean, join(priv, 'dist', 'precheck.ere'));
    log(`staged: the same files cut to the lines the pre-check clears: ${cut.added} added lines`);
    results.stagedClean = { ...cut, ...benchStaged({ work: clean, bin, runs: o.runs, peers }) };
  }
  if (want('history')) {
    const count = execFileSync('git', ['rev-list', '--count', 'HEAD'], { cwd: o.large, encoding: 'utf8' }).trim();
    log(`history: ${count} commits in ${o.large}; ${o.historyRuns} runs`);
    results.history = { commits: Number(count), ...(await benchHistory({ repo: o.large, bin, runs: o.historyRuns, tmp, gitleaks, check: o.check, log })) };
  }
  if (want('files')) {
    log(`files: ${files}; ${o.filesRuns} runs`);
    results.files = { dir: files, ...(await benchFiles({ dir: files, bin, runs: o.filesRuns, tmp, rg, gitleaks, root, log })) };
  }
  if (want('rules')) {
    log('rules: adversarial 1 MB inputs per built-in rule');
    results.rules = await benchRules({ root, tmp });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const rows = [];
const PEERS = ['gitleaks', 'betterleaks', 'kingfisher'];
const noPeers = PEERS.map(() => '-');
const peerCells = (x) => PEERS.map((k) => (x.peers[k] !== undefined ? fmtMs(x.peers[k]) : '-'));
for (const [s, what] of [[results.staged, 'medium'], [results.stagedClean, 'medium, cut to what the pre-check clears']]) {
  if (!s) continue;
  const desc = `${s.files} files / ${s.added} added lines (${what}${s.findings ? '; has findings' : ''})`;
  rows.push([
    `pre-commit: the installed hook, ${desc}`,
    fmtMs(s.ours),
    `\`node -e 0 && git diff --cached -U0\`: ${fmtMs(s.floor)}`,
    `${s.ratio.toFixed(2)}× (target ≤ 1.2×, ≤ gitleaks)`,
    ...peerCells(s),
  ]);
  rows.push([`pre-commit: \`scan --staged\` alone, same change`, fmtMs(s.scan), fmtMs(s.floor), `${s.scanRatio.toFixed(2)}×`, ...noPeers]);
}
const h = results.history;
if (h) {
  rows.push([
    `history: \`scan --history\`, ${h.commits} commits (large)`,
    fmtMs(h.ours),
    `\`git log -p HEAD >/dev/null\`: ${fmtMs(h.floor)}`,
    `${h.ratio.toFixed(2)}× (target ≤ 0.55×)`,
    h.gitleaks !== undefined ? fmtMs(h.gitleaks) : '-',
    h.peers?.betterleaks !== undefined ? fmtMs(h.peers.betterleaks) : '-',
    h.peers?.kingfisher !== undefined ? fmtMs(h.peers.kingfisher) : '-',
  ]);
  rows.push([
    'history: peak memory, whole tree (node + its git processes) / largest process',
    `${fmtMb(h.peakRss)} / ${fmtMb(h.peakRssOne)}`,
    '-',
    '(target ≤ 300 MB)',
    ...noPeers,
  ]);
  if (h.same !== undefined) {
    rows.push([
      `history: findings vs plain commit-by-commit scan`,
      `${h.findings} findings`,
      `plain scan: ${fmtMs(h.plainMs)}`,
      h.same ? 'identical' : 'DIFFERENT',
      ...noPeers,
    ]);
  }
}
const f = results.files;
if (f) {
  rows.push([
    `files: \`scan DIR\`, ${f.files} files, ${(f.bytes / 1e6).toFixed(0)} MB`,
    `${fmtMs(f.ours)} (${f.mbps.toFixed(0)} MB/s)`,
    f.rg !== undefined ? `ripgrep, same keywords: ${fmtMs(f.rg)} (${f.rgMbps.toFixed(0)} MB/s)` : 'ripgrep not on PATH',
    f.peers.kingfisher !== undefined ? `${(f.peers.kingfisher / f.ours).toFixed(2)}× kingfisher's speed (target ≥ 1.25×)` : '(target ≥ 150 MB/s)',
    // gitleaks' and betterleaks' default configs allowlist node_modules paths: they would scan nothing there.
    f.gitleaks !== undefined && !/node_modules/.test(f.dir) ? fmtMs(f.gitleaks) : '-',
    f.peers.betterleaks !== undefined ? fmtMs(f.peers.betterleaks) : '-',
    f.peers.kingfisher !== undefined ? `${fmtMs(f.peers.kingfisher)} (${(f.peerBytes.kingfisher / 1e6).toFixed(0)} MB)` : '-',
  ]);
}
const r = results.rules;
if (r) {
  const worst = [...r.rules].sort((a, b) => b.msPerMb - a.msPerMb);
  const over = worst.filter((x) => x.msPerMb > 100);
  rows.push([
    `rules: worst rule on adversarial 1 MB inputs`,
    `${worst[0].msPerMb.toFixed(0)} ms/MB (${worst[0].rule}, ${worst[0].worstInput})`,
    `${r.rules.length} rules`,
    over.length ? `${over.length} over 100 ms/MB: ${over.map((x) => x.rule).join(', ')}` : 'all ≤ 100 ms/MB',
    ...noPeers,
  ]);
  for (const d of r.detector) rows.push([`detector, all rules: 1 MB of ${d.input}`, fmtMs(d.ms), '-', '-', ...noPeers]);
}

process.stdout.write(`\nMachine: ${machine}\n\n`);
process.stdout.write(table(['figure', 'leakguard', 'floor (same run)', 'ratio / target', ...PEERS], rows) + '\n');
if (r) {
  process.stdout.write('\nPer rule (worst adversarial input, ms per MB):\n');
  for (const x of [...r.rules].sort((a, b) => b.msPerMb - a.msPerMb)) process.stdout.write(`  ${x.msPerMb.toFixed(0).padStart(5)}  ${x.rule}  (${x.worstInput})\n`);
}
if (o.json) writeFileSync(o.json, JSON.stringify({ machine, ...results }, null, 2));
