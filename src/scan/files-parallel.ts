// `scan DIR` spread over the machine's cores. The walk stays on the main thread; the files it lists
// go to worker threads in small batches, each worker reads its files synchronously and runs the
// detector on them, and the results are merged in walk order, so the report is the in-process
// scan's, finding for finding.
//
// Small trees (fewer than MIN_PARALLEL files), LEAKGUARD_FILES=plain, or a build without the worker
// file take the in-process path: starting workers costs more than it saves there.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { ConfigSpec, ScanResult } from '../types.js';
import type { Detector } from '../detect/engine.js';
import { readWalked, walkTargets, type FileSourceOptions, type WalkItem } from '../sources/files.js';
import { scanFileJob } from './file-job.js';
import type { FileJob, FileJobResult, WorkerInit } from './parallel-protocol.js';
import { envInt, InOrder, startWorker, WORKER_URL } from './worker-pool.js';
import { runScan, ScanTally, type RunOptions } from './run.js';

export interface FileScanOptions {
  targets: string[];
  source: FileSourceOptions;
  config: ConfigSpec;
  /** The detector built from `config` (used on the in-process path). */
  detector: Detector;
  suppress?: RunOptions['suppress'];
  onProgress?: RunOptions['onProgress'];
}

/** Below this many files the in-process scan is as fast as any split. */
const MIN_PARALLEL = envInt('LEAKGUARD_FILES_MIN_PARALLEL') ?? 1000;
/** Files per job: small enough to even out big and small files, big enough that messages are cheap. */
const JOB_FILES = envInt('LEAKGUARD_FILES_BATCH') ?? 48;
/** How many listed files may wait for a worker (their paths only: a few MB at most). */
const LOOKAHEAD = 50_000;

/** The walk's first items, then the rest of it. */
async function* replay(head: WalkItem[], rest: AsyncIterator<WalkItem>): AsyncGenerator<WalkItem> {
  yield* head;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

export async function scanFiles(opts: FileScanOptions): Promise<ScanResult> {
  const walk = walkTargets(opts.targets, opts.source);
  const maxFileSize = opts.source.maxFileSize;
  const workerFile = fileURLToPath(WORKER_URL);
  // Look at the start of the walk to decide.
  const head: WalkItem[] = [];
  let files = 0;
  let ended = false;
  if (process.env.LEAKGUARD_FILES !== 'plain' && existsSync(workerFile)) {
    while (files < MIN_PARALLEL) {
      const r = await walk.next();
      if (r.done) {
        ended = true;
        break;
      }
      head.push(r.value);
      if (!('type' in r.value)) files++;
    }
  } else ended = true;
  const items = replay(head, walk);
  const plain = () => runScan(readWalked(items, maxFileSize), { detector: opts.detector, suppress: opts.suppress, onProgress: opts.onProgress });
  // A small tree (the walk ended early) never loads the worker machinery.
  if (ended && files < MIN_PARALLEL) return plain();
  const [{ Worker }, { availableParallelism }] = await Promise.all([import('node:worker_threads'), import('node:os')]);
  const nWorkers = Math.max(1, Math.min(envInt('LEAKGUARD_FILES_WORKERS') ?? availableParallelism(), 8));
  if (nWorkers < 2) return plain();

  if (process.env.LEAKGUARD_FILES_TRACE === '1') process.stderr.write(`leakguard: files: over ${nWorkers} workers\n`);
  const tally = new ScanTally({ suppress: opts.suppress, onProgress: opts.onProgress });
  let inline = 0;
  let allowlist = 0;
  // Files listed by the walk, and files the workers have answered for (scanned or skipped); once
  // the walk is over, the listed count is the total and the progress line can show the time left.
  let listed = 0;
  let answered = 0;
  let walked = false;
  const merged = new InOrder<FileJobResult>((r) => {
    inline += r.inline;
    allowlist += r.allowlist;
    answered += r.files.length;
    for (const f of r.files) {
      if ('skip' in f) tally.event({ type: 'skip', path: f.path, reason: f.skip, detail: f.detail });
      else tally.fragment({ path: f.path }, f.size, f.findings);
    }
    tally.progress(walked ? { done: answered, total: listed } : undefined);
  });

  const init: WorkerInit = { root: opts.source.base, config: opts.config };
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const queue: FileJob[] = [];
  let queuedFiles = 0;
  let failure: Error | undefined;
  let running = 0;
  // Wakes the walk loop when a worker frees up or fails.
  let wake: (() => void) | undefined;
  const signal = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (e: Error): void => {
    failure ??= e;
    signal();
  };
  const dispatch = (): void => {
    while (idle.length && queue.length && !failure) {
      const job = queue.shift()!;
      queuedFiles -= job.files.length;
      running++;
      idle.shift()!.postMessage(job);
    }
  };
  // Until a worker has started (loaded the bundle, built its detector: a tenth of a second or
  // more), the main thread scans the jobs itself, one at a time, letting messages in between.
  let ready = 0;
  let here = 0;
  const help = process.env.LEAKGUARD_FILES_NO_HELP !== '1'; // off: tests of the worker path
  const helpUntilReady = async (): Promise<void> => {
    while (help && ready === 0 && queue.length && !failure) {
      const job = queue.shift()!;
      queuedFiles -= job.files.length;
      here++;
      merged.add(scanFileJob(job, opts.detector));
      await new Promise<void>((r) => setImmediate(r));
    }
  };
  try {
    for (let i = 0; i < nWorkers; i++) {
      const w = startWorker<FileJobResult>(
        Worker,
        init,
        (worker, r) => {
          running--;
          merged.add(r);
          idle.push(worker);
          dispatch();
          signal();
        },
        fail,
        (worker) => {
          ready++;
          // Two jobs in flight per worker, so none waits for the main thread between jobs.
          idle.push(worker, worker);
          dispatch();
          signal();
        },
      );
      workers.push(w);
    }
    let id = 0;
    let batch: FileJob['files'] = [];
    const send = async (): Promise<void> => {
      queue.push({ id: id++, kind: 'files', files: batch, maxFileSize });
      queuedFiles += batch.length;
      batch = [];
      dispatch();
      await helpUntilReady();
      // The walk runs ahead of the workers (so the total is known early), by a bounded amount.
      while (queuedFiles >= LOOKAHEAD && !failure) await new Promise<void>((r) => (wake = r));
      if (failure) throw failure;
    };
    for await (const item of items) {
      if (failure) throw failure;
      if ('type' in item) {
        if (item.type !== 'fragment') tally.event(item);
        continue;
      }
      listed++;
      batch.push(item);
      if (batch.length >= JOB_FILES) await send();
    }
    if (batch.length) await send();
    walked = true;
    await helpUntilReady();
    while ((running > 0 || queue.length > 0) && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
    if (process.env.LEAKGUARD_FILES_TRACE === '1') process.stderr.write(`leakguard: files: ${here} of ${id} jobs on the main thread\n`);
  } finally {
    for (const w of workers) void w.terminate();
  }
  return tally.finish({ inline, allowlist });
}
