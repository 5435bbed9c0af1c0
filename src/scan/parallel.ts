// `scan --history` spread over the machine's cores. `git log -p` runs on one core; here the commit
// list (git rev-list) is cut into batches of consecutive commits, and each worker thread runs its
// own `git log --no-walk=unsorted <batch>` and the detector on what the batch adds. Meanwhile the
// merges' files (history/merges.ts) are listed, with one worker walking (the others start when the
// list is in); they follow the batches as jobs of their own, read and scanned whole by the
// workers. Results are merged in job order, so the report is the plain commit-by-commit scan's,
// finding for finding.
//
// Small histories (or LEAKGUARD_HISTORY=plain) take the plain path: one `git log`, in-process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { ConfigSpec, ScanResult } from '../types.js';
import { DEFAULT_MAX_FILE_SIZE } from '../config/load.js';
import type { HistoryOptions } from '../sources/git-history.js';
import { listCommits } from '../sources/history/commits.js';
import { MERGE_JOB_FILES } from '../sources/history/merges.js';
import type { BatchJob, BatchResult, MergeJob, MergeList, WorkerInit } from './parallel-protocol.js';
import { restoreLines } from './shared-lines.js';
import { envInt, InOrder, startWorker, WORKER_URL } from './worker-pool.js';
import { runScan, ScanTally, type RunOptions } from './run.js';

/** `detector` is built from `config`; the workers build their own from `config`. */
export interface HistoryScanOptions extends RunOptions {
  root: string;
  history: HistoryOptions;
  config: ConfigSpec;
}

/** Below this many commits one `git log` is as fast as any split. */
const MIN_PARALLEL = envInt('LEAKGUARD_HISTORY_MIN_PARALLEL') ?? 2000;

function batchSize(commits: number, workers: number): number {
  const forced = envInt('LEAKGUARD_HISTORY_BATCH');
  if (forced) return forced;
  // Enough batches to even out uneven commits; few and large enough that each git process's
  // cold start (pack index, empty delta-base cache) is a small part of its work.
  return Math.max(200, Math.min(6000, Math.ceil(commits / (workers * 5))));
}

/**
 * The merges' files, listed by a worker of its own (WorkerInit.listMerges, a smaller young
 * generation than the scanning workers') that ends when done.
 */
function listInWorker(W: typeof Worker, init: WorkerInit): Promise<MergeList> {
  return new Promise((resolve, reject) => {
    let done = false;
    const settle = <T>(f: (x: T) => void) => (x: T) => {
      done = true;
      f(x);
    };
    const w = startWorker<MergeList>(W, init, (_, r) => settle(resolve)(r), settle(reject), 4);
    w.once('exit', (code) => {
      if (!done) reject(new Error(`merge listing worker stopped (exit ${code})`));
    });
  });
}

async function plainScan(opts: HistoryScanOptions): Promise<ScanResult> {
  const { historySource } = await import('../sources/git-history.js');
  return runScan(historySource(opts.root, { ...opts.history, maxFileSize: opts.config.maxFileSize }), opts);
}

export async function scanHistory(opts: HistoryScanOptions): Promise<ScanResult> {
  const workerFile = fileURLToPath(WORKER_URL);
  if (process.env.LEAKGUARD_HISTORY === 'plain' || !existsSync(workerFile)) return plainScan(opts);
  const started = Date.now();
  const list = await listCommits(opts.root, opts.history);
  if (list.count < Math.max(1, MIN_PARALLEL)) return plainScan(opts);

  // Loaded here, not at start-up: the pre-commit path never needs them.
  const [{ Worker }, { availableParallelism }] = await Promise.all([import('node:worker_threads'), import('node:os')]);
  const nWorkers = Math.max(1, Math.min(envInt('LEAKGUARD_HISTORY_WORKERS') ?? availableParallelism(), 8));
  const totalCommits = list.count;
  const size = batchSize(totalCommits, nWorkers);
  const jobs: Array<BatchJob | MergeJob> = [];
  // batches of `size` lines of the rev-list output, each one string
  for (let at = 0; at < list.text.length; ) {
    let end = at - 1;
    for (let k = 0; k < size; k++) {
      end = list.text.indexOf('\n', end + 1);
      if (end === -1) break;
    }
    const stop = end === -1 ? list.text.length : end;
    jobs.push({ id: jobs.length, shas: list.text.slice(at, stop) });
    at = stop + 1;
  }
  list.text = '';
  // The merges' files, listed while the workers walk (one git process, about 2 s on git/git).
  const maxFileSize = opts.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const mergeFiles = listInWorker(Worker, { root: opts.root, config: opts.config, listMerges: { revArgs: list.revArgs, perJob: MERGE_JOB_FILES } });

  const trace = process.env.LEAKGUARD_HISTORY_TRACE === '1';
  if (trace) {
    process.stderr.write(`leakguard: history: ${totalCommits} commits in ${jobs.length} batches over ${Math.min(nWorkers, jobs.length)} workers\n`);
  }
  const tally = new ScanTally({ suppress: opts.suppress, onProgress: opts.onProgress }, started);
  const batches = jobs.length;
  // when the last batch and the last merge job were done (ms from the start), for the trace
  const stages: { walk?: number; merges?: number } = {};
  if (list.shallow) tally.event({ type: 'note', text: 'history is shallow (a shallow clone): scanned only the commits present' });
  let inline = 0;
  let allowlist = 0;

  const merged = new InOrder<BatchResult>((r) => {
    tally.counted(r);
    for (const text of r.notes) tally.event({ type: 'note', text });
    inline += r.inline;
    allowlist += r.allowlist;
    for (const f of r.found) tally.take(f, f.findings);
  });

  const init: WorkerInit = { root: opts.root, config: opts.config };
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let running = 0;
      let failed = false;
      const fail = (e: Error): void => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      // Workers that ran out of batches before the merges' files were listed.
      let idle: Worker[] | undefined = [];
      const feed = (w: Worker): void => {
        if (failed) return;
        if (next >= jobs.length) {
          if (idle) idle.push(w);
          else if (running === 0) {
            failed = true;
            resolve();
          }
          return;
        }
        running++;
        const job = jobs[next]!;
        w.postMessage(job);
        jobs[next] = 'kind' in job ? { ...job, files: '' } : { id: next, shas: '' };
        next++;
      };
      const start = (): void => {
        if (failed) return;
        const w = startWorker<BatchResult>(
          Worker,
          init,
          (worker, r) => {
            running--;
            if (trace) stages[r.id < batches ? 'walk' : 'merges'] = Date.now() - started;
            restoreLines(r);
            merged.add(r);
            tally.progress(totalCommits);
            feed(worker);
          },
          fail,
          // A 4 MB young generation (8 elsewhere): the same time on git/git's history (45.9 s either
          // way, medians of 3) and node 133 MB at the scan's peak instead of 155-157 MB, which had
          // put node and its git processes at 300-309 MB, over issue 15's 300.
          4,
        );
        workers.push(w);
        feed(w);
      };
      // One worker walks while the merges' files are listed (that git takes a core and 60 MB of
      // its own); the others start when the list is in: both cores busy, and node with its git
      // processes stays near 300 MB on git/git instead of 360.
      const n = Math.min(nWorkers, jobs.length);
      mergeFiles.then((listed) => {
        if (trace) {
          const m = process.memoryUsage();
          process.stderr.write(`leakguard: history: ${listed.files} merge files listed; node rss ${m.rss >> 20} MB, main heap ${m.heapUsed >> 20} MB\n`);
        }
        for (const files of listed.jobs) jobs.push({ id: jobs.length, kind: 'merges', files, maxFileSize });
        const waiting = idle ?? [];
        idle = undefined;
        for (const w of waiting) feed(w);
        for (let i = 1; i < n; i++) start();
      }, fail);
      start();
    });
  } finally {
    for (const w of workers) void w.terminate();
  }
  if (trace) {
    const cpu = process.cpuUsage();
    const at = (ms?: number) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
    process.stderr.write(`leakguard: history: last batch done at ${at(stages.walk)}, last merge job at ${at(stages.merges)}; node cpu ${(cpu.user / 1e6).toFixed(1)} s user, ${(cpu.system / 1e6).toFixed(1)} s sys\n`);
  }
  // Of the merges' findings, those their parents already hold are dropped (history/merges.ts).
  await tally.settleMerges();
  return tally.finish({ inline, allowlist });
}
