// Pre-commit figures: the installed pre-commit hook and `leakguard scan --staged` with 20 staged
// files (about 2,000 added lines) in a private clone of the medium repo, beside the floor
// `node -e 0 && git diff --cached -U0` and the peers on PATH; and the same files cut to the lines
// the hook's pre-check clears.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { median, timedSync, which } from './util.mjs';

const TEXT = /\.(js|mjs|cjs|ts|tsx|jsx|json|md|yml|yaml|html|css|py|rb|go|java|c|h|sh|txt)$/i;

/** Clone `repo` into `work` and stage 20 new files of about 100 lines each, copied from its own sources. */
export function prepareStaged(repo, work) {
  execFileSync('git', ['clone', '-q', '--shared', repo, work], { stdio: 'ignore' });
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 28 })
    .split('\0')
    .filter((f) => TEXT.test(f));
  const picked = [];
  for (const f of files) {
    let text;
    try {
      text = readFileSync(join(work, f), 'utf8');
    } catch {
      continue;
    }
    if (text.includes('\0')) continue;
    const lines = text.split('\n');
    if (lines.length < 100) continue;
    picked.push([f, lines.slice(0, 100).join('\n') + '\n']);
    if (picked.length === 20) break;
  }
  if (picked.length < 20) throw new Error(`the medium repo has only ${picked.length} text files of 100+ lines; need 20`);
  mkdirSync(join(work, 'leakguard-bench'), { recursive: true });
  picked.forEach(([f, text], i) => writeFileSync(join(work, 'leakguard-bench', `${String(i).padStart(2, '0')}-${basename(f)}`), text));
  execFileSync('git', ['add', 'leakguard-bench'], { cwd: work });
  const numstat = execFileSync('git', ['diff', '--cached', '--numstat'], { cwd: work, encoding: 'utf8' });
  const added = numstat.split('\n').filter(Boolean).reduce((n, l) => n + (Number(l.split('\t')[0]) || 0), 0);
  return { files: picked.length, added };
}

/**
 * Like prepareStaged, then keeps only the added lines the hook's pre-check clears (no rule keyword,
 * no base64 value: dist/precheck.ere, with the real grep): the pre-check's own case, a change
 * the hook passes without starting Node. Restages the files, named by number.
 */
export function keepPrecheckClean(work, patterns) {
  const dir = join(work, 'leakguard-bench');
  let added = 0;
  for (const f of readdirSync(dir)) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean);
    const keep = lines.filter((l) => spawnSync('grep', ['-E', '-q', '-f', patterns], { input: `+${l}\n`, env: { ...process.env, LC_ALL: 'C' } }).status === 1);
    added += keep.length;
    // Named by number (a name like 16-auth.js holds a keyword, which the pre-check also looks for).
    rmSync(join(dir, f));
    writeFileSync(join(dir, f.replace(/^(\d+)-.*?(\.\w+)?$/, '$1$2')), keep.join('\n') + '\n');
  }
  execFileSync('git', ['add', '-A', 'leakguard-bench'], { cwd: work });
  return { files: readdirSync(dir).length, added };
}

/**
 * The peers found on PATH (nothing is installed here), each run on the same staged change, with
 * the arguments that make it scan only what is staged and exit 0 on findings where it can.
 */
export function stagedPeers() {
  const peers = {};
  const gl = which('gitleaks');
  if (gl) peers.gitleaks = [gl, ['git', '--pre-commit', '--staged', '--no-banner', '--exit-code', '0', '--log-level', 'error', '.']];
  const bl = which('betterleaks');
  if (bl) peers.betterleaks = [bl, ['git', '--staged', '--exit-code', '0', '--log-level', 'error', '.']];
  const kf = which('kingfisher');
  if (kf) peers.kingfisher = [kf, ['scan', '.', '--staged', '--no-update-check', '--no-validate']];
  return peers;
}

/**
 * The pre-commit figures: the installed hook (what `git commit` runs: `sh .git/hooks/pre-commit`,
 * pre-check included), `scan --staged` itself, the floor `node -e 0 && git diff --cached -U0`, and
 * each peer; interleaved runs, medians.
 */
export function benchStaged({ work, bin, runs, peers = {} }) {
  // The hook as `leakguard install` writes it into .git/hooks (it records this private build).
  const inst = spawnSync(process.execPath, [bin, 'install', '--pre-commit'], { cwd: work, encoding: 'utf8' });
  if (inst.status !== 0) throw new Error(`leakguard install failed: ${inst.stderr.trim()}`);
  const hookFile = join(work, '.git', 'hooks', 'pre-commit');
  const expected = spawnSync(process.execPath, [bin, 'scan', '--staged', '-q'], { cwd: work }).status;
  const floor = () => {
    const a = timedSync(process.execPath, ['-e', '0'], { cwd: work });
    const b = timedSync('git', ['diff', '--cached', '-U0'], { cwd: work });
    return a.ms + b.ms;
  };
  const scan = () => {
    const r = timedSync(process.execPath, [bin, 'scan', '--staged'], { cwd: work });
    if (r.status !== 0 && r.status !== 1) throw new Error(`leakguard scan --staged exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
    return r.ms;
  };
  const hook = () => {
    const r = timedSync('sh', [hookFile], { cwd: work });
    if ((r.status === 0) !== (expected === 0)) throw new Error(`the hook exited ${r.status}, scan --staged ${expected}`);
    return r.ms;
  };
  const peerRuns = Object.entries(peers).map(([name, [cmd, args]]) => [name, () => timedSync(cmd, args, { cwd: work }).ms]);
  const all = [['floor', floor], ['scan', scan], ['hook', hook], ...peerRuns];
  // Warm the page cache, git's index and the peers' caches, then interleave so all see the same machine.
  for (let i = 0; i < 2; i++) for (const [, f] of all) f();
  const times = Object.fromEntries(all.map(([k]) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [k, f] of all) times[k].push(f());
  const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  return {
    floor: med.floor,
    scan: med.scan,
    ours: med.hook,
    ratio: med.hook / med.floor,
    scanRatio: med.scan / med.floor,
    findings: expected === 1,
    peers: Object.fromEntries(Object.keys(peers).map((k) => [k, med[k]])),
    runs,
  };
}
