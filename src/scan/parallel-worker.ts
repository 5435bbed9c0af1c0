// Worker of the parallel scans. History: runs `git log` on the batches of commits it is handed and
// the detector on what they add, then reads and scans the merges' files it is handed. Directory:
// reads the files it is handed and runs the detector on them. Either way it posts the findings
// back. Bundled as dist/history-worker.js.
import { parentPort, workerData } from 'node:worker_threads';
import { Detector } from '../detect/engine.js';
import { streamBatch } from '../sources/history/batch-log.js';
import { listMergeJobs, readMergeFiles, unpackMergeFiles } from '../sources/history/merges.js';
import type { SourceEvent } from '../sources/types.js';
import { UserError } from '../types.js';
import { scanFileJob } from './file-job.js';
import { shareLines } from './shared-lines.js';
import type { BatchJob, BatchResult, FileJob, FileJobResult, MergeJob, MergeList, WorkerInit } from './parallel-protocol.js';

const init = workerData as WorkerInit;
if (init.listMerges) void listMerges(init.listMerges);
const detector = init.listMerges ? undefined! : new Detector(init.config);

/** A listing worker's one job (WorkerInit.listMerges): post the merges' files, packed, then end. */
async function listMerges(job: NonNullable<WorkerInit['listMerges']>): Promise<void> {
  let reply: MergeList;
  try {
    reply = await listMergeJobs(init.root, job.revArgs, job.perJob);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { jobs: [], files: 0, error: { message: e.message, user: e instanceof UserError } };
  }
  parentPort!.postMessage(reply);
  parentPort!.close();
}

/**
 * Runs `work`, then records on `out` what the detector's allowlist and inline counters rose by
 * meanwhile, and the error (one line) if `work` threw.
 */
async function counted<T extends { inline: number; allowlist: number; error?: { message: string; user: boolean } }>(out: T, work: () => Promise<void> | void): Promise<T> {
  const before = { ...detector.stats };
  try {
    await work();
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    out.error = { message: e.message, user: e instanceof UserError };
  }
  out.inline = detector.stats.inline - before.inline;
  out.allowlist = detector.stats.allowlist - before.allowlist;
  return out;
}

/** Counts `ev` on `out`, and runs the detector on it when it is a fragment. */
function take(out: BatchResult, ev: SourceEvent): void {
  switch (ev.type) {
    case 'commit':
      out.commits++;
      break;
    case 'skip':
      out.skipped[ev.reason] = (out.skipped[ev.reason] ?? 0) + 1;
      break;
    case 'note':
      out.notes.push(ev.text);
      break;
    case 'fragment': {
      out.scanned++;
      out.bytes += ev.fragment.text.length;
      const findings = detector.detect(ev.fragment);
      if (findings.length) out.found.push({ path: ev.fragment.path, sha: ev.fragment.commit?.sha, findings, merge: ev.fragment.merge });
      break;
    }
  }
}

const emptyResult = (id: number): BatchResult => ({ id, commits: 0, scanned: 0, bytes: 0, skipped: {}, notes: [], found: [], inline: 0, allowlist: 0 });

function runBatch(job: BatchJob): Promise<BatchResult> {
  const out = emptyResult(job.id);
  return counted(out, () => streamBatch(init.root, job.shas.split('\n'), (ev) => take(out, ev)));
}

function runMerges(job: MergeJob): Promise<BatchResult> {
  const out = emptyResult(job.id);
  return counted(out, () => readMergeFiles(init.root, unpackMergeFiles(job.files), job.maxFileSize, (ev) => take(out, ev)));
}

const claims = init.claims ? new Uint8Array(init.claims) : undefined;

function runFiles(job: FileJob): Promise<FileJobResult> {
  const out: FileJobResult = { id: job.id, kind: 'files', files: [], inline: 0, allowlist: 0 };
  if (claims && job.id < claims.length && Atomics.compareExchange(claims, job.id, 0, 1) !== 0) return Promise.resolve({ ...out, stolen: true });
  return counted(out, () => {
    out.files = scanFileJob(job, detector).files;
  });
}

// Jobs are taken in the order they come: the history scan sends a worker its next batch after
// this one's result; the directory scan sends every job at once (each claimed, see runFiles).
parentPort!.on('message', (job: BatchJob | MergeJob | FileJob) => {
  const kind = 'kind' in job ? job.kind : 'commits';
  const result = kind === 'files' ? runFiles(job as FileJob) : kind === 'merges' ? runMerges(job as MergeJob) : runBatch(job as BatchJob);
  void result.then((r) => {
    // each long line of the findings once (src/scan/shared-lines.ts; the main thread restores them)
    shareLines(r);
    parentPort!.postMessage(r);
  });
});
