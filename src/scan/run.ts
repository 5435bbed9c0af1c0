// Runs a source through the detector and the suppression steps, and counts what happened.
import type { Finding, Fragment, ScanResult, ScanSummary } from '../types.js';
import { emptySummary } from '../types.js';
import type { Source, SourceEvent } from '../sources/types.js';
import { Detector } from '../detect/engine.js';
import { fingerprint } from '../allow/fingerprint.js';
import { registerSecret } from '../util/secret-registry.js';
import { sharedJudge } from '../judge/judge.js';
import { lowerSharedFixtures } from '../judge/repeats.js';

/** The commits a scan will walk, or how many of how many files are done. */
export type ProgressOf = number | { done: number; total: number };

export type SuppressReason = 'baseline' | 'ignored';

export interface RunOptions {
  detector: Detector;
  /** Decides whether a finding is suppressed by the baseline or the ignore file. */
  suppress?: (f: Finding) => SuppressReason | undefined;
  /** Called now and then with the running summary (progress display), and the total when known. */
  onProgress?: (s: ScanSummary, of?: ProgressOf) => void;
}

/**
 * A file (or one file of one commit) that yields more findings than this is generated or hostile
 * content; reporting the rest would only make reports of hundreds of megabytes. The scan still fails
 * and a note says how many were left out.
 */
export const MAX_FINDINGS_PER_FRAGMENT = 1000;

/**
 * What a scan found so far: events and findings go in (in scan order), the summary and the
 * reported findings come out. Shared by the in-process scan and the parallel ones, which feed it
 * the per-file results of their workers in walk order.
 */
export class ScanTally {
  readonly summary = emptySummary();
  readonly findings: Finding[] = [];
  /** Findings in merges' files, until settleMerges() has checked them against the parents' versions. */
  private readonly pendingMerges: Array<{ path: string; sha?: string; merge: NonNullable<Fragment['merge']>; found: Finding[] }> = [];
  private lastProgress: number;

  /** `started`: when the scan began (Date.now()), if before the tally was made. */
  constructor(
    private readonly opts: Pick<RunOptions, 'suppress' | 'onProgress'>,
    private readonly started = Date.now(),
  ) {
    this.lastProgress = started;
  }

  event(ev: Exclude<SourceEvent, { type: 'fragment' }>): void {
    switch (ev.type) {
      case 'skip':
        this.summary.skipped[ev.reason]++;
        break;
      case 'note':
        this.summary.notes.push(ev.text);
        break;
      case 'commit':
        this.summary.commits++;
        break;
    }
  }

  /** One scanned fragment (its path, commit and size) and the detector's findings in it. */
  fragment(f: Pick<Fragment, 'path' | 'commit' | 'merge'>, size: number, found: Finding[]): void {
    this.summary.scanned++;
    this.summary.bytes += size;
    if (found.length) this.take({ path: f.path, sha: f.commit?.sha, merge: f.merge }, found);
  }

  /** The findings in one fragment (already counted): reported, or held until settleMerges() when it is a merge's file. */
  take(f: { path: string; sha?: string; merge?: Fragment['merge'] }, found: Finding[]): void {
    if (f.merge) this.pendingMerges.push({ path: f.path, sha: f.sha, merge: f.merge, found });
    else this.found(f, found);
  }

  /**
   * A merge's file is scanned whole (src/sources/history/merges.ts): of its findings, those whose
   * value one of the merge's parents already holds in that file came in with that parent, and are
   * dropped; the rest are what the merge itself introduced. Findings are few, so only their files'
   * parent versions are read.
   */
  async settleMerges(): Promise<void> {
    const pending = this.pendingMerges.splice(0);
    if (!pending.length) return;
    const { readBlobs } = await import('../sources/objects/read.js');
    // One scan reads one repository: every pending finding has the same root.
    const blobs = [...new Set(pending.flatMap((p) => p.merge.parentBlobs.filter(Boolean)))];
    const texts = new Map<string, string>();
    for await (const { sha, bytes } of readBlobs(pending[0]!.merge.root, blobs)) texts.set(sha, bytes.toString('utf8'));
    for (const p of pending) {
      const parents = p.merge.parentBlobs.map((b) => texts.get(b) ?? '');
      const kept = p.found.filter((f) => !parents.some((t) => t.includes(f.secret)));
      if (kept.length) this.found({ path: p.path, sha: p.sha }, kept);
    }
  }

  /** What a batch scanned elsewhere (a history worker) counted. */
  counted(c: { commits: number; scanned: number; bytes: number; skipped: Partial<ScanSummary['skipped']> }): void {
    const summary = this.summary;
    summary.commits += c.commits;
    summary.scanned += c.scanned;
    summary.bytes += c.bytes;
    for (const [k, v] of Object.entries(c.skipped)) summary.skipped[k as keyof ScanSummary['skipped']] += v ?? 0;
  }

  /**
   * The detector's findings in one fragment (already counted): fingerprinted, suppressed by the
   * baseline or ignore file, at most MAX_FINDINGS_PER_FRAGMENT reported.
   */
  found(f: { path: string; sha?: string }, found: Finding[]): void {
    const summary = this.summary;
    let reported = 0;
    let over = 0;
    for (const finding of found) {
      registerSecret(finding.secret);
      if (reported >= MAX_FINDINGS_PER_FRAGMENT) {
        over++;
        continue;
      }
      finding.fingerprint = fingerprint(finding);
      const why = this.opts.suppress?.(finding);
      if (why === 'baseline') summary.suppressed.baseline++;
      else if (why === 'ignored') summary.suppressed.ignored++;
      else {
        this.findings.push(finding);
        reported++;
      }
    }
    if (over > 0) {
      const where = f.sha ? `${f.path} in commit ${f.sha.slice(0, 12)}` : f.path;
      summary.notes.push(`${where}: ${reported + over} findings; only the first ${reported} are reported (generated or hostile content? exclude the file, or fix it and scan again)`);
    }
  }

  /** Calls onProgress at most every 200 ms; `of`: see RunOptions.onProgress. */
  progress(of?: ProgressOf): void {
    if (!this.opts.onProgress) return;
    const now = Date.now();
    if (now - this.lastProgress > 200) {
      this.lastProgress = now;
      this.summary.durationMs = now - this.started;
      this.opts.onProgress(this.summary, of);
    }
  }

  finish(stats: { inline: number; allowlist: number }): ScanResult {
    if (this.findings.length) lowerSharedFixtures(this.findings, sharedJudge());
    this.summary.suppressed.inline = stats.inline;
    this.summary.suppressed.allowlist = stats.allowlist;
    this.summary.durationMs = Date.now() - this.started;
    return { findings: this.findings, summary: this.summary };
  }
}

export async function runScan(source: Source, opts: RunOptions): Promise<ScanResult> {
  const tally = new ScanTally(opts);
  const { detector } = opts;
  for await (const ev of source) {
    if (ev.type === 'fragment') tally.fragment(ev.fragment, ev.fragment.text.length, detector.detect(ev.fragment));
    else tally.event(ev);
    tally.progress();
  }
  await tally.settleMerges();
  return tally.finish(detector.stats);
}
