// The baseline: today's findings recorded so that later scans report only new ones. The file holds
// fingerprints (see fingerprint.ts) with rule, path and line for people to read; never a secret.
// `readBaseline` also accepts a gitleaks JSON report (its `--baseline-path` input), turning each entry
// into a leakguard fingerprint; the secret in such a report is hashed at once and kept nowhere.
import { readFileSync, renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { Finding } from '../types.js';
import { UserError } from '../types.js';
import { fingerprint, isFingerprint, normalizePath } from './fingerprint.js';
import type { IgnoreList } from './ignore-file.js';

export const DEFAULT_BASELINE_FILE = '.leakguard-baseline.json';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  path: string;
  /** Where it was when recorded; informational only, not used to match. */
  line?: number;
  /** Commit of a history finding, informational only. */
  commit?: string;
}

export interface Baseline {
  version: number;
  tool: 'leakguard';
  /** ISO 8601 date the baseline was written. */
  generated: string;
  entries: BaselineEntry[];
}

type FindingLike = Pick<Finding, 'ruleId' | 'path' | 'line' | 'fingerprint'> & { secret?: string; commit?: { sha: string } };

function fpOf(f: FindingLike): string {
  if (f.fingerprint) return f.fingerprint;
  if (f.secret === undefined) throw new Error('finding has neither fingerprint nor secret');
  return fingerprint({ ruleId: f.ruleId, path: f.path, secret: f.secret });
}

/** A baseline of `findings`: one entry per fingerprint (the first occurrence), sorted by path and line. */
export function createBaseline(findings: FindingLike[], now: Date = new Date()): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    const fp = fpOf(f);
    if (seen.has(fp)) continue;
    seen.add(fp);
    const e: BaselineEntry = { fingerprint: fp, ruleId: f.ruleId, path: normalizePath(f.path), line: f.line };
    if (f.commit) e.commit = f.commit.sha;
    entries.push(e);
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return { version: BASELINE_VERSION, tool: 'leakguard', generated: now.toISOString(), entries };
}

export function serializeBaseline(b: Baseline): string {
  return JSON.stringify(b, null, 2) + '\n';
}

/** Writes the baseline atomically (temp file then rename), so a crash never leaves half a file. */
export function writeBaseline(file: string, b: Baseline): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, serializeBaseline(b), { mode: 0o644 });
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`cannot write baseline ${file} (${code})`);
  }
}

/** Parses baseline text (leakguard's format, or a gitleaks JSON report). Throws UserError on bad input. */
export function parseBaseline(text: string, source = 'baseline'): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new UserError(`${source} is not valid JSON`);
  }
  if (Array.isArray(data)) return fromGitleaksReport(data, source);
  if (typeof data !== 'object' || data === null) throw new UserError(`${source} is not a leakguard baseline`);
  const o = data as Record<string, unknown>;
  if (typeof o.version !== 'number' || !Array.isArray(o.entries)) {
    throw new UserError(`${source} is not a leakguard baseline (needs "version" and "entries")`);
  }
  if (o.version > BASELINE_VERSION) {
    throw new UserError(`${source} has baseline version ${o.version}; this leakguard reads version ${BASELINE_VERSION}`);
  }
  const entries: BaselineEntry[] = [];
  o.entries.forEach((raw, i) => {
    const e = raw as Record<string, unknown> | null;
    const fp = typeof e?.fingerprint === 'string' ? e.fingerprint.toLowerCase() : '';
    if (!isFingerprint(fp)) throw new UserError(`${source}: entry ${i + 1} has no valid fingerprint`);
    entries.push({
      fingerprint: fp,
      ruleId: typeof e?.ruleId === 'string' ? e.ruleId : '',
      path: typeof e?.path === 'string' ? e.path : '',
      line: typeof e?.line === 'number' ? e.line : undefined,
      commit: typeof e?.commit === 'string' ? e.commit : undefined,
    });
  });
  return {
    version: o.version,
    tool: 'leakguard',
    generated: typeof o.generated === 'string' ? o.generated : '',
    entries,
  };
}

/** gitleaks reports are arrays of {RuleID, File, Secret, StartLine, Commit, ...}. */
function fromGitleaksReport(items: unknown[], source: string): Baseline {
  const findings: FindingLike[] = [];
  for (const raw of items) {
    const g = raw as Record<string, unknown> | null;
    if (!g || typeof g.RuleID !== 'string' || typeof g.File !== 'string' || typeof g.Secret !== 'string') {
      throw new UserError(`${source} is neither a leakguard baseline nor a gitleaks report`);
    }
    findings.push({
      ruleId: g.RuleID,
      path: g.File,
      line: typeof g.StartLine === 'number' ? g.StartLine : 0,
      fingerprint: fingerprint({ ruleId: g.RuleID, path: g.File, secret: g.Secret }),
      commit: typeof g.Commit === 'string' && g.Commit ? { sha: g.Commit } : undefined,
    });
  }
  return createBaseline(findings);
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `baseline file not found: ${file}` : `cannot read baseline ${file} (${code ?? 'error'})`);
  }
  return parseBaseline(text, file);
}

export function baselineFingerprints(b: Baseline): Set<string> {
  return new Set(b.entries.map((e) => e.fingerprint));
}

/** Keeps only the findings whose fingerprint is not in the baseline. */
export function applyBaseline<T extends FindingLike>(findings: T[], baseline: Baseline | Set<string>): T[] {
  const set = baseline instanceof Set ? baseline : baselineFingerprints(baseline);
  return findings.filter((f) => !set.has(fpOf(f)));
}

/**
 * The suppression callback for src/scan/run.ts: 'baseline' when the baseline has the finding,
 * 'ignored' when an ignore file names it.
 */
export function makeSuppressor(opts: { baseline?: Baseline; ignore?: IgnoreList }): (f: FindingLike) => 'baseline' | 'ignored' | undefined {
  const set = opts.baseline ? baselineFingerprints(opts.baseline) : undefined;
  const ignore = opts.ignore;
  return (f) => {
    const fp = fpOf(f);
    if (set?.has(fp)) return 'baseline';
    if (ignore?.has({ ruleId: f.ruleId, path: f.path, line: f.line, fingerprint: fp, commit: f.commit })) return 'ignored';
    return undefined;
  };
}
