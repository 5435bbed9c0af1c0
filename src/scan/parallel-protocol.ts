// Messages between the parallel history scan (src/scan/parallel.ts) and its workers
// (src/scan/parallel-worker.ts).
import type { ConfigSpec, Finding, SkipCounts } from '../types.js';

export interface WorkerInit {
  root: string;
  config: ConfigSpec;
}

export interface BatchJob {
  id: number;
  shas: string[];
}

export interface BatchResult {
  id: number;
  commits: number;
  scanned: number;
  bytes: number;
  skipped: Partial<Record<keyof SkipCounts, number>>;
  notes: string[];
  /** Findings in the order the plain scan reports them (fingerprint not yet set). */
  findings: Finding[];
  inline: number;
  allowlist: number;
  /** A one-line error (UserError text) that ends the scan. */
  error?: { message: string; user: boolean };
}
