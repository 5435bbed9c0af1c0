// Messages between the parallel history scan (src/scan/parallel.ts) and its workers
// (src/scan/parallel-worker.ts).
import type { ConfigSpec, Finding, Fragment, SkipCounts } from '../types.js';
import type { MergeFile } from '../sources/history/merges.js';

export interface WorkerInit {
  root: string;
  config: ConfigSpec;
  /**
   * Directory scan: one byte per job id (below its length), claimed with Atomics.compareExchange
   * from 0 by whoever scans the job first (a worker, or the main thread taking work the workers
   * have not reached yet); a job whose byte is taken is answered `stolen`.
   */
  claims?: SharedArrayBuffer;
  /**
   * History scan: this worker only lists the merges' files (history/merges.ts listMergeJobs) and
   * posts a MergeList: the listing's many short-lived objects then churn a small heap that is freed
   * when the worker ends, not the coordinating thread's (whose young generation would grow to
   * tens of MB and stay so for the whole scan).
   */
  listMerges?: { revArgs: string[]; perJob: number };
}

/** What a listing worker posts (WorkerInit.listMerges). */
export interface MergeList {
  jobs: string[];
  files: number;
  error?: { message: string; user: boolean };
}

/** Commits to scan with one `git log` (history scan). */
export interface BatchJob {
  id: number;
  /** The batch's commit ids, one per line (one string: cheaper to hold and to send than an array). */
  shas: string;
}

/** Merges' files to read from the object database and scan whole (history scan, history/merges.ts). */
export interface MergeJob {
  id: number;
  kind: 'merges';
  /** The files, packed (history/merges.ts packMergeFiles). */
  files: string;
  maxFileSize: number;
}

/** Files to read and scan, in walk order (directory scan). */
export interface FileJob {
  id: number;
  kind: 'files';
  files: Array<{ abs: string; rel: string }>;
  maxFileSize: number;
}

/** What one file of a FileJob gave: skipped (why), or scanned (its size and findings). */
export type FileOutcome =
  | { path: string; skip: keyof SkipCounts; detail?: string }
  | { path: string; size: number; findings: Finding[] };

/**
 * A worker result's findings' long lines, each sent once (src/scan/shared-lines.ts): the main
 * thread gives them back to the findings before anything else reads the result.
 */
export interface SharedLines {
  /** The long lines. */
  lines?: string[];
  /**
   * Per finding, in order over the result's fragments: its line's index in `lines`, or -1 (its
   * lineText kept). It ends at the last finding whose line was moved.
   */
  lineRefs?: number[];
}

export interface FileJobResult extends SharedLines {
  id: number;
  kind: 'files';
  files: FileOutcome[];
  inline: number;
  allowlist: number;
  /** The main thread claimed the job first (WorkerInit.claims): nothing was scanned. */
  stolen?: boolean;
  error?: { message: string; user: boolean };
}

export interface BatchResult extends SharedLines {
  id: number;
  commits: number;
  scanned: number;
  bytes: number;
  skipped: Partial<Record<keyof SkipCounts, number>>;
  notes: string[];
  /**
   * Findings per fragment that had any, in the order the plain scan reports them (fingerprint not
   * yet set); a merge's file's carry its parents' blobs, to be settled (ScanTally.settleMerges).
   */
  found: Array<{ path: string; sha?: string; findings: Finding[]; merge?: Fragment['merge'] }>;
  inline: number;
  allowlist: number;
  /** A one-line error (UserError text) that ends the scan. */
  error?: { message: string; user: boolean };
}
