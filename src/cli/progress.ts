// Progress on stderr for long scans: shown only on a TTY and only after the first second.
// Commits (history) or files done, MB/s, and the time left when the total is known.
import type { ScanSummary } from '../types.js';

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function createProgress(unit: 'commits' | 'files', stream: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let shown = false;
  return {
    /**
     * `of`: the commits the scan will walk (a number), or how many of how many files are done
     * (directory scans, once the walk has listed them all); gives the time left.
     */
    update(s: ScanSummary, of?: number | { done: number; total: number }): void {
      const elapsed = (Date.now() - started) / 1000;
      if (elapsed < 1 || !stream.isTTY) return;
      shown = true;
      const mbs = s.bytes / 1e6 / elapsed;
      const total = typeof of === 'number' ? of : of?.total;
      const n = typeof of === 'object' ? of.done : unit === 'commits' ? s.commits : s.scanned;
      let done = total ? `${n}/${total} ${unit}` : `${n} ${unit}`;
      if (total && n > 0 && n < total) done += `, ${clock((elapsed * (total - n)) / n)} left`;
      stream.write(`\r\x1b[K${done}, ${(s.bytes / 1e6).toFixed(1)} MB, ${mbs.toFixed(1)} MB/s, ${clock(elapsed)}`);
    },
    done(): void {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
