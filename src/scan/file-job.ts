// One batch of files read and scanned: what a directory-scan worker, or the main thread, does with
// a FileJob it has claimed (src/scan/files-parallel.ts).
import type { Detector } from '../detect/engine.js';
import { readFileEvent } from '../sources/files.js';
import type { FileJob, FileJobResult, FileOutcome } from './parallel-protocol.js';

/** Scans `job`'s files with `detector`; `inline` and `allowlist` are what its counters rose by. */
export function scanFileJob(job: FileJob, detector: Detector): FileJobResult {
  const before = { ...detector.stats };
  const files: FileOutcome[] = [];
  for (const { abs, rel } of job.files) {
    const ev = readFileEvent(abs, rel, job.maxFileSize);
    if (ev.type === 'skip') files.push({ path: ev.path, skip: ev.reason, detail: ev.detail });
    else if (ev.type === 'fragment') files.push({ path: rel, size: ev.fragment.text.length, findings: detector.detect(ev.fragment) });
  }
  return { id: job.id, kind: 'files', files, inline: detector.stats.inline - before.inline, allowlist: detector.stats.allowlist - before.allowlist };
}
