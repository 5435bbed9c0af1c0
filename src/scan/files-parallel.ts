// `scan DIR` spread over the machine's cores. The walk stays on the main thread; the files it lists
// go in small batches (jobs) to worker threads, one fewer than the cores, and to the main thread
// itself, which scans whatever the workers have not taken (its detector is built already, and a
// worker's start-up, its bundle and detector and a second warm-up of the JIT, cost about as much
// CPU as it saved on two cores). Each reads its files synchronously and runs the detector on them;
// the results are merged in walk order, so the report is the in-process scan's, finding for finding.
//
// Small trees (fewer than MIN_PARALLEL files), LEAKGUARD_FILES=plain, or a build without the worker
// file take the in-process path: starting workers costs more than it saves there.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { ConfigSpec, ScanResult } from '../types.js';
import { readWalked, walkTargets, type FileSourceOptions, type WalkItem } from '../sources/files.js';
import { scanFileJob } from './file-job.js';
import { restoreLines } from './shared-lines.js';
import type { FileJob, FileJobResult, WorkerInit } from './parallel-protocol.js';
import { envInt, InOrder, startWorker, WORKER_URL } from './worker-pool.js';
import { runScan, ScanTally, type RunOptions } from './run.js';

/** `detector` is built from `config`; the workers build their own from `config`. */
export interface FileScanOptions extends RunOptions {
  targets: string[];
  source: FileSourceOptions;
  config: ConfigSpec;
}

/** Below this many files the in-process scan is as fast as any split. */
const MIN_PARALLEL = envInt('LEAKGUARD_FILES_MIN_PARALLEL') ?? 1000;
/** Files per job: small enough to even out big and small files, big enough that messages are cheap. */
const JOB_FILES = envInt('LEAKGUARD_FILES_BATCH') ?? 48;
/** Job ids the main thread can claim (one shared byte each); later jobs are the workers' alone. */
const CLAIMS = 1 << 20;
/** How far ahead of the workers' front the main thread takes its jobs. */
const HELP_AHEAD = envInt('LEAKGUARD_FILES_HELP_AHEAD') ?? 8;
/** How many listed files may wait for a worker (their paths only: a few MB at most). */
const LOOKAHEAD = 50_000;

/** The walk's first batches, then the rest of it. */
async function* replay(head: WalkItem[][], rest: AsyncIterator<WalkItem[]>): AsyncGenerator<WalkItem[]> {
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
  const head: WalkItem[][] = [];
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
      for (const item of r.value) if (!('type' in item)) files++;
    }
  } else ended = true;
  const batches = replay(head, walk);
  const plain = () => runScan(readWalked(batches, maxFileSize), opts);
  // A small tree (the walk ended early) never loads the worker machinery.
  if (ended && files < MIN_PARALLEL) return plain();
  const [{ Worker }, { availableParallelism }] = await Promise.all([import('node:worker_threads'), import('node:os')]);
  const help = process.env.LEAKGUARD_FILES_NO_HELP !== '1'; // off: tests of the workers-only path
  const nWorkers = Math.max(0, Math.min(envInt('LEAKGUARD_FILES_WORKERS') ?? availableParallelism() - (help ? 1 : 0), 8));
  if (nWorkers < 1) return plain();

  if (process.env.LEAKGUARD_FILES_TRACE === '1') process.stderr.write(`leakguard: files: over ${nWorkers} workers${help ? ' and the main thread' : ''}\n`);
  const tally = new ScanTally({ suppress: opts.suppress, onProgress: opts.onProgress });
  let inline = 0;
  let allowlist = 0;
  // Files listed by the walk, and files scanned (or skipped) so far; once the walk is over, the
  // listed count is the total and the progress line can show the time left.
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

  // Every job goes to a worker as soon as the walk makes it (round robin); each is scanned by
  // whoever claims its byte first (WorkerInit.claims), so the main thread can take jobs a worker
  // has not reached without waiting on it, and a long file on the main thread never starves a
  // worker of work (which happened when workers were fed from the main thread's event loop).
  const claims = new Uint8Array(new SharedArrayBuffer(CLAIMS));
  const init: WorkerInit = { root: opts.source.base, config: opts.config, claims: claims.buffer as SharedArrayBuffer };
  const workers: Worker[] = [];
  // Jobs not yet answered, by id (the main thread may scan any of them that is still unclaimed).
  const open = new Map<number, FileJob>();
  let openFiles = 0;
  let failure: Error | undefined;
  // Wakes the walk loop when a job is answered or a worker fails.
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
  const answer = (r: FileJobResult): void => {
    const job = open.get(r.id);
    if (!job) return;
    open.delete(r.id);
    openFiles -= job.files.length;
    merged.add(r);
    signal();
  };
  // The main thread claims the first unclaimed job some way ahead of the lowest one still unclaimed
  // (the workers take theirs in order: both keep to the front of the walk, and results merge in
  // order soon), or near the end any left; undefined when all are claimed.
  let low = 0;
  let made = 0;
  const claimForMain = (): FileJob | undefined => {
    while (low < made && low < CLAIMS && claims[low] !== 0) low++;
    const limit = Math.min(made, CLAIMS);
    const ahead = Math.min(low + HELP_AHEAD, limit);
    for (let id = ahead; id < limit; id++) if (Atomics.compareExchange(claims, id, 0, 2) === 0) return open.get(id);
    for (let id = ahead - 1; id >= low; id--) if (Atomics.compareExchange(claims, id, 0, 2) === 0) return open.get(id);
    return undefined;
  };
  let here = 0;
  // Scans one job on the main thread (false when none is left to claim), then lets messages in.
  const helpOne = async (): Promise<boolean> => {
    const job = help ? claimForMain() : undefined;
    if (!job) return false;
    here++;
    answer(scanFileJob(job, opts.detector));
    await new Promise<void>((r) => setImmediate(r));
    return true;
  };
  try {
    for (let i = 0; i < nWorkers; i++) {
      const w = startWorker<FileJobResult>(
        Worker,
        init,
        (_worker, r) => {
          if (r.stolen) return;
          restoreLines(r);
          answer(r);
        },
        fail,
      );
      workers.push(w);
    }
    let batch: FileJob['files'] = [];
    const send = async (): Promise<void> => {
      const job: FileJob = { id: made, kind: 'files', files: batch, maxFileSize };
      open.set(made, job);
      openFiles += batch.length;
      workers[made % nWorkers].postMessage(job);
      made++;
      batch = [];
      // The walk runs ahead of the scan by a bounded amount; meanwhile the main thread scans.
      while (openFiles >= LOOKAHEAD && !failure) {
        if (!(await helpOne())) await new Promise<void>((r) => (wake = r));
      }
      if (failure) throw failure;
    };
    for await (const items of batches) {
      for (const item of items) {
        if (failure) throw failure;
        if ('type' in item) {
          if (item.type !== 'fragment') tally.event(item);
          continue;
        }
        listed++;
        batch.push(item);
        if (batch.length >= JOB_FILES) await send();
      }
    }
    if (batch.length) await send();
    walked = true;
    const walkedAt = performance.now();
    while (!failure && (await helpOne()));
    const helpedUntil = performance.now();
    while (open.size > 0 && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
    if (process.env.LEAKGUARD_FILES_TRACE === '1') {
      const ms = (t: number): string => `${Math.round(t)} ms`;
      process.stderr.write(`leakguard: files: ${here} of ${made} jobs on the main thread; walk over at ${ms(walkedAt)}, main thread done at ${ms(helpedUntil)}, workers at ${ms(performance.now())}\n`);
    }
  } finally {
    for (const w of workers) void w.terminate();
  }
  return tally.finish({ inline, allowlist });
}
