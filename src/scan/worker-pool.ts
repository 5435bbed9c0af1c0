// What the parallel scans (history: src/scan/parallel.ts, directories: src/scan/files-parallel.ts)
// share: starting a scan worker and taking its replies, and handing results on in job order.
import type { Worker as WorkerThread } from 'node:worker_threads';
import { UserError } from '../types.js';
import type { WorkerInit } from './parallel-protocol.js';

/** The worker script (bundled as dist/history-worker.js, beside the chunk that imports this). */
export const WORKER_URL = new URL('./history-worker.js', import.meta.url);

/** A whole number from the environment (the scans' tuning knobs), or undefined. */
export function envInt(name: string): number | undefined {
  const v = process.env[name];
  return v && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Results that arrive out of order, handed to `take` in id order (0, 1, 2, ...). */
export class InOrder<R extends { id: number }> {
  private readonly done = new Map<number, R>();
  private next = 0;
  constructor(private readonly take: (r: R) => void) {}

  add(r: R): void {
    this.done.set(r.id, r);
    while (this.done.has(this.next)) {
      const ready = this.done.get(this.next)!;
      this.done.delete(this.next);
      this.next++;
      this.take(ready);
    }
  }
}

/**
 * A scan worker: `reply` gets each result, `fail` the first error (a result carrying one, a crash,
 * or an exit other than 0). Jobs sent before it has built its detector wait in its queue.
 */
export function startWorker<R extends { error?: { message: string; user: boolean } }>(
  Worker: typeof WorkerThread,
  init: WorkerInit,
  reply: (w: WorkerThread, r: R) => void,
  fail: (e: Error) => void,
  youngGenerationMb = 8,
): WorkerThread {
  // A small young generation per worker: more frequent, cheap scavenges, less resident memory.
  const w = new Worker(WORKER_URL, { workerData: init, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
  w.on('message', (r: R) => {
    if (r.error) fail(r.error.user ? new UserError(r.error.message) : new Error(r.error.message));
    else reply(w, r);
  });
  w.on('error', (e) => fail(e));
  w.on('exit', (code) => {
    if (code !== 0) fail(new Error(`scan worker stopped (exit ${code})`));
  });
  return w;
}
