// The CredData rows of the bench table: scan creddata/data/ as a directory (built-in rules, no
// ignore files, paths relative to creddata/), score line-level as creddata/score.py does
// (./creddata.ts), for the four categories the README names and for all, at the main confidence
// level and at one other (low, or medium when the main level is low).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../src/types.js';
import type { Detector } from '../../src/detect/engine.js';
import { fileSource } from '../../src/sources/files.js';
import { runScan } from '../../src/scan/run.js';
import { keepAtLeast, type Confidence } from './confidence.js';
import { loadMeta, scoreCredData, type CredDataScore, type MetaRow } from './creddata.js';
import { pct, topCounts, type Row } from './row.js';

export const FOUR = ['Password', 'AWS Client ID', 'URL Credentials', 'CMD Password'] as const;

export interface CredDataOptions {
  main: Confidence;
  /** Write the findings at the main level here, one {"path","line"} a line: the input of score.py. */
  findingsFile?: string;
  log: (...a: unknown[]) => void;
}

function row(name: string, s: CredDataScore): Row {
  return {
    corpus: name,
    recall: `${s.tp}/${s.positives} (${pct(s.tp, s.positives)})`,
    precision: `${pct(s.tp, s.tp + s.fpLabeled)} (FP ${s.fpLabeled} labelled lines); F1 ${s.f1.toFixed(3)}; ${s.unlabeled} unlabeled findings not counted`,
    detail: `FP by rule: ${topCounts(s.fpByRule, 8)}; misses by category: ${topCounts(s.missByCategory, 4)}`,
  };
}

export async function credDataRows(corpora: string, detector: Detector, opts: CredDataOptions): Promise<Row[]> {
  const base = join(corpora, 'creddata');
  if (!existsSync(join(base, 'data')) || !existsSync(join(base, 'meta'))) return [];
  const meta: MetaRow[] = loadMeta(base);
  const res = await runScan(fileSource([join(base, 'data')], { base, maxFileSize: 10 * 1024 * 1024 }), { detector });
  const other: Confidence = opts.main === 'low' ? 'medium' : 'low';
  const rows: Row[] = [];
  for (const level of [opts.main, other]) {
    const kept: Finding[] = keepAtLeast(res.findings, level);
    const scored = kept.map((f) => ({ path: f.path, line: f.line, ruleId: f.ruleId }));
    if (level === opts.main && opts.findingsFile) {
      writeFileSync(opts.findingsFile, scored.map((f) => JSON.stringify({ path: f.path, line: f.line })).join('\n') + '\n');
      opts.log(`  creddata: wrote ${scored.length} findings to ${opts.findingsFile}`);
    }
    const at = level === opts.main ? `confidence >= ${level}` : `at --min-confidence ${level}`;
    rows.push(row(`CredData, ${FOUR.join(', ')} (line-level, ${at})`, scoreCredData(meta, scored, new Set(FOUR))));
    rows.push(row(`CredData, all categories (line-level, ${at})`, scoreCredData(meta, scored)));
  }
  opts.log(`  creddata: ${res.summary.scanned} files scanned, ${res.findings.length} findings in all`);
  return rows;
}
