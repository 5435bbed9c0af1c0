// Progress on stderr for long scans: shown only on a TTY and only after the first second.
import type { ScanSummary } from '../types.js';

export function createProgress(unit: 'commits' | 'files') {
  const started = Date.now();
  let shown = false;
  return {
    update(s: ScanSummary): void {
      const elapsed = (Date.now() - started) / 1000;
      if (elapsed < 1 || !process.stderr.isTTY) return;
      shown = true;
      const mbs = s.bytes / 1e6 / elapsed;
      const done = unit === 'commits' ? `${s.commits} commits` : `${s.scanned} files`;
      process.stderr.write(`\r\x1b[K${done}, ${(s.bytes / 1e6).toFixed(1)} MB, ${mbs.toFixed(1)} MB/s, ${elapsed.toFixed(0)}s`);
    },
    done(): void {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
