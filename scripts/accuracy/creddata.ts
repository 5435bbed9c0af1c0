// Line-level scoring of findings against Samsung/CredData's meta/*.csv, the way the corpus copy's
// creddata/score.py does it (line mode, no --strict), so the two give the same numbers:
//   a finding hits a meta row when LineStart <= line <= max(LineEnd, LineStart), among the rows
//   whose Category (split on ':') meets the selected categories (all rows when none are given);
//   it marks the T rows it hits, or, when it hits no T row, every F/X row it hits; each row counts
//   once. TP = T rows hit, FP = F/X rows hit, FN = T rows never hit; a finding that hits no row is
//   'unlabeled' and counts in neither (upstream prints NOT FOUND for it).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MetaRow {
  /** Index over all rows of all meta files (score.py's `_k`). */
  k: number;
  filePath: string;
  lineStart: number;
  lineEnd: number;
  groundTruth: string;
  categories: string[];
  /** The Category cell as written, e.g. "Password" or "Password:URL Credentials". */
  category: string;
}

/** What is scored: a finding's file (relative to creddata/, "data/<repo>/...") and 1-based line. */
export interface ScoredFinding {
  path: string;
  line: number;
  /** Shown in the false positives by rule; not used in scoring. */
  ruleId: string;
}

export interface CredDataScore {
  findings: number;
  tp: number;
  fpLabeled: number;
  unlabeled: number;
  fn: number;
  positives: number;
  /** TP / (TP + FP_labeled), score.py's precision_upstream_style. */
  precision: number;
  /** TP / (TP + FP_labeled + unlabeled). */
  precisionUnlabeledAsFp: number;
  recall: number;
  f1: number;
  /** F/X rows hit, by rule: a row hit by findings of several rules counts once for each. */
  fpByRule: Map<string, number>;
  /** T rows never hit, by their Category cell. */
  missByCategory: Map<string, number>;
}

/** score.py's i(): int(x), or -1 when it is not an integer. */
function int(x: string | undefined): number {
  return x !== undefined && /^\s*[+-]?\d+\s*$/.test(x) ? Number.parseInt(x, 10) : -1;
}

/** One CSV record a line; fields may be double-quoted ("" inside is a quote). Enough for meta/. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out;
}

/** Every row of every meta/*.csv under `creddataDir`. */
export function loadMeta(creddataDir: string): MetaRow[] {
  const rows: MetaRow[] = [];
  const metaDir = join(creddataDir, 'meta');
  for (const name of readdirSync(metaDir).filter((n) => n.endsWith('.csv')).sort()) {
    const lines = readFileSync(join(metaDir, name), 'utf8').split(/\r?\n/);
    const header = parseCsvLine(lines[0] ?? '');
    const col = (n: string) => {
      const i = header.indexOf(n);
      if (i < 0) throw new Error(`creddata meta/${name}: no ${n} column`);
      return i;
    };
    const [fp, ls, le, gt, cat] = [col('FilePath'), col('LineStart'), col('LineEnd'), col('GroundTruth'), col('Category')];
    for (const line of lines.slice(1)) {
      if (!line) continue;
      const f = parseCsvLine(line);
      const category = f[cat] ?? '';
      rows.push({
        k: rows.length,
        filePath: f[fp] ?? '',
        lineStart: int(f[ls]),
        lineEnd: int(f[le]),
        groundTruth: f[gt] ?? '',
        categories: category.split(':'),
        category,
      });
    }
  }
  return rows;
}

/** Score `findings` (one entry per finding, as score.py reads findings.jsonl) on the rows selected by `categories` (all when undefined). */
export function scoreCredData(rows: MetaRow[], findings: ScoredFinding[], categories?: ReadonlySet<string>): CredDataScore {
  const selected = (r: MetaRow) => !categories || r.categories.some((c) => categories.has(c));
  const byPath = new Map<string, MetaRow[]>();
  for (const r of rows) {
    if (!selected(r)) continue;
    const list = byPath.get(r.filePath);
    if (list) list.push(r);
    else byPath.set(r.filePath, [r]);
  }
  const hit = new Set<number>();
  const rulesOnRow = new Map<number, Set<string>>();
  let unlabeled = 0;
  for (const f of findings) {
    const cand = (byPath.get(f.path) ?? []).filter((r) => r.lineStart <= f.line && f.line <= Math.max(r.lineEnd, r.lineStart));
    if (!cand.length) {
      unlabeled++;
      continue;
    }
    const t = cand.filter((r) => r.groundTruth === 'T');
    for (const r of t.length ? t : cand) {
      hit.add(r.k);
      const s = rulesOnRow.get(r.k) ?? new Set<string>();
      s.add(f.ruleId);
      rulesOnRow.set(r.k, s);
    }
  }
  let positives = 0, tp = 0, fpLabeled = 0;
  const fpByRule = new Map<string, number>();
  const missByCategory = new Map<string, number>();
  for (const r of rows) {
    if (!selected(r)) continue;
    if (r.groundTruth === 'T') {
      positives++;
      if (hit.has(r.k)) tp++;
      else missByCategory.set(r.category, (missByCategory.get(r.category) ?? 0) + 1);
    } else if (hit.has(r.k)) {
      fpLabeled++;
      for (const rule of rulesOnRow.get(r.k) ?? []) fpByRule.set(rule, (fpByRule.get(rule) ?? 0) + 1);
    }
  }
  const precision = tp + fpLabeled ? tp / (tp + fpLabeled) : 0;
  const recall = positives ? tp / positives : 0;
  return {
    findings: findings.length,
    tp,
    fpLabeled,
    unlabeled,
    fn: positives - tp,
    positives,
    precision,
    precisionUnlabeledAsFp: tp + fpLabeled + unlabeled ? tp / (tp + fpLabeled + unlabeled) : 0,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    fpByRule,
    missByCategory,
  };
}
