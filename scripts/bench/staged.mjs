// Pre-commit figure: `leakguard scan --staged` with 20 staged files (about 2,000 added lines) in a
// private clone of the medium repo, beside its floor `node -e 0 && git diff --cached -U0`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { median, timedSync } from './util.mjs';

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

export function benchStaged({ work, bin, runs, gitleaks }) {
  const floor = () => {
    const a = timedSync(process.execPath, ['-e', '0'], { cwd: work });
    const b = timedSync('git', ['diff', '--cached', '-U0'], { cwd: work });
    return a.ms + b.ms;
  };
  const ours = () => {
    const r = timedSync(process.execPath, [bin, 'scan', '--staged'], { cwd: work });
    if (r.status !== 0 && r.status !== 1) throw new Error(`leakguard scan --staged exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
    return r.ms;
  };
  const gl = gitleaks
    ? () => {
        const r = timedSync(gitleaks, ['git', '--pre-commit', '--staged', '--no-banner', '--exit-code', '0', '--log-level', 'error', '.'], { cwd: work });
        return r.status === 0 ? r.ms : NaN;
      }
    : undefined;
  // Warm the page cache and git's index, then interleave so both see the same machine.
  for (let i = 0; i < 2; i++) {
    floor();
    ours();
    gl?.();
  }
  const f = [];
  const o = [];
  const g = [];
  for (let i = 0; i < runs; i++) {
    f.push(floor());
    o.push(ours());
    if (gl) g.push(gl());
  }
  return { floor: median(f), ours: median(o), gitleaks: gl ? median(g) : undefined, ratio: median(o) / median(f), runs };
}
