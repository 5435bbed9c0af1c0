// Timing helpers for scripts/bench.mjs: wall time of a child process, the peak resident memory of
// its whole process tree (sampled from /proc), medians, table printing.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const PAGE = 4096;

/** Resident bytes of `pid` and all its descendants (Linux /proc): their sum and the largest one. */
function treeRss(pid) {
  let entries;
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return { total: 0, largest: 0 };
  }
  const children = new Map();
  const rss = new Map();
  for (const d of entries) {
    let stat;
    try {
      stat = readFileSync(`/proc/${d}/stat`, 'latin1');
    } catch {
      continue;
    }
    // Fields after the parenthesised command name: state ppid ... (rss is field 24 overall).
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(rest[1]);
    rss.set(Number(d), Number(rest[21]) * PAGE);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(d));
  }
  let total = 0;
  let largest = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    const r = rss.get(p) ?? 0;
    total += r;
    largest = Math.max(largest, r);
    for (const c of children.get(p) ?? []) stack.push(c);
  }
  return { total, largest };
}

/**
 * Run a command; resolves { ms, status, peakRss (bytes, whole process tree, sampled every 100 ms
 * when `sampleRss`), peakRssOne (the largest single process: what /usr/bin/time reports), stdout, stderr }.
 */
export function timed(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', opts.stdout ?? 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    if (child.stdout) child.stdout.on('data', (d) => { if (out.length < 1 << 20) out += d; });
    child.stderr.on('data', (d) => { if (err.length < 1 << 16) err += d; });
    let peak = 0;
    let peakOne = 0;
    const timer = opts.sampleRss
      ? setInterval(() => {
          const r = treeRss(child.pid);
          peak = Math.max(peak, r.total);
          peakOne = Math.max(peakOne, r.largest);
        }, 100)
      : undefined;
    child.on('close', (status) => {
      if (timer) clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      resolve({ ms, status, peakRss: peak, peakRssOne: peakOne, stdout: out, stderr: err });
    });
  });
}

/** Synchronous wall time of one command, in ms (for the many short staged runs). */
export function timedSync(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, stderr: r.stderr };
}

export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return '-';
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

export function fmtMb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/** Markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(all[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...all.slice(1).map(line)].join('\n');
}
