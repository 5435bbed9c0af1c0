// Runs a source through the detector and the suppression steps, and counts what happened.
import type { Finding, ScanResult, ScanSummary } from '../types.js';
import { emptySummary } from '../types.js';
import type { Source } from '../sources/types.js';
import { Detector } from '../detect/engine.js';
import { fingerprint } from '../allow/fingerprint.js';
import { registerSecret } from '../util/secret-registry.js';

export type SuppressReason = 'baseline' | 'ignored';

export interface RunOptions {
  detector: Detector;
  /** Decides whether a finding is suppressed by the baseline or the ignore file. */
  suppress?: (f: Finding) => SuppressReason | undefined;
  /** Called now and then with the running summary (progress display). */
  onProgress?: (s: ScanSummary) => void;
}

/** Scan a directory tree (see ./directory.ts); loaded lazily so `scan --staged` does not load the file walker. */
export async function scanDirectory(...args: Parameters<typeof import('./directory.js').scanDirectory>): Promise<ScanResult> {
  const { scanDirectory: scan } = await import('./directory.js');
  return scan(...args);
}

/**
 * A file (or one file of one commit) that yields more findings than this is generated or hostile
 * content; reporting the rest would only make reports of hundreds of megabytes. The scan still fails
 * and a note says how many were left out.
 */
export const MAX_FINDINGS_PER_FRAGMENT = 1000;

export async function runScan(source: Source, opts: RunOptions): Promise<ScanResult> {
  const started = Date.now();
  const summary = emptySummary();
  const findings: Finding[] = [];
  const { detector } = opts;
  let lastProgress = started;
  for await (const ev of source) {
    switch (ev.type) {
      case 'skip':
        summary.skipped[ev.reason]++;
        break;
      case 'note':
        summary.notes.push(ev.text);
        break;
      case 'commit':
        summary.commits++;
        break;
      case 'fragment': {
        const f = ev.fragment;
        summary.scanned++;
        summary.bytes += f.text.length;
        let reported = 0;
        let over = 0;
        for (const finding of detector.detect(f)) {
          registerSecret(finding.secret);
          if (reported >= MAX_FINDINGS_PER_FRAGMENT) {
            over++;
            continue;
          }
          finding.fingerprint = fingerprint(finding);
          const why = opts.suppress?.(finding);
          if (why === 'baseline') summary.suppressed.baseline++;
          else if (why === 'ignored') summary.suppressed.ignored++;
          else {
            findings.push(finding);
            reported++;
          }
        }
        if (over > 0) {
          const where = f.commit ? `${f.path} in commit ${f.commit.sha.slice(0, 12)}` : f.path;
          summary.notes.push(`${where}: ${reported + over} findings; only the first ${reported} are reported (generated or hostile content? exclude the file, or fix it and scan again)`);
        }
        break;
      }
    }
    if (opts.onProgress) {
      const now = Date.now();
      if (now - lastProgress > 200) {
        lastProgress = now;
        summary.durationMs = now - started;
        opts.onProgress(summary);
      }
    }
  }
  summary.suppressed.inline = detector.stats.inline;
  summary.suppressed.allowlist = detector.stats.allowlist;
  summary.durationMs = Date.now() - started;
  return { findings, summary };
}
