// Scores leakguard's built-in rules on the public corpora in ../shared/corpora (or $LEAKGUARD_CORPORA),
// each exactly as corpora/README.md says, and prints one markdown table. Run: npm run bench:accuracy.
// Every row counts the findings a default report shows (confidence >= medium; --min-confidence sets
// it); CredData is also scored at one other level. --triage DIR... samples findings for labelling
// instead (./triage.ts). Flags: ./args.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../src/types.js';
import { loadConfig } from '../../src/config/load.js';
import { Detector } from '../../src/detect/engine.js';
import { fileSource } from '../../src/sources/files.js';
import { runScan } from '../../src/scan/run.js';
import { familyFor } from './gitleaks-map.js';
import { scorePlanted } from '../../test/detect/planted/score.js';
import { parseArgs, USAGE, type BenchArgs } from './args.js';
import { keepAtLeast } from './confidence.js';
import { credDataRows } from './creddata-rows.js';
import { pct, type Row } from './row.js';
import { triage } from './triage.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpora = resolve(process.env.LEAKGUARD_CORPORA ?? join(repo, '../shared/corpora'));
let args: BenchArgs;
try {
  args = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`bench:accuracy: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const verbose = args.verbose;
const level = args.minConfidence;
const redact = (s: string) => (s.length <= 4 ? '****' : `${s.slice(0, 4)}****`);
const show = (s: string) => JSON.stringify(s.length > 140 ? `${s.slice(0, 140)}…` : s);

function newDetector(): Detector {
  // Built-in rules only: an empty root has no user config to pick up.
  const empty = mkdtempSync(join(tmpdir(), 'lg-bench-'));
  try {
    return new Detector(loadConfig({ root: empty }));
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

function log(...a: unknown[]) {
  if (verbose) console.log(...a);
}

// ---------------------------------------------------------------- leaky-repo
async function leakyRepo(): Promise<Row | undefined> {
  const bundle = join(corpora, 'leaky-repo.bundle');
  if (!existsSync(bundle)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'lg-leaky-'));
  try {
    execFileSync('git', ['clone', '-q', bundle, join(dir, 'r')], { stdio: 'ignore' });
    const root = join(dir, 'r');
    const detector = newDetector();
    const res = await runScan(fileSource([root], { base: root, maxFileSize: 10 * 1024 * 1024, gitRoot: root }), { detector });
    const lines = new Map<string, Set<number>>();
    const byLine = new Map<string, Finding>();
    for (const f of keepAtLeast(res.findings, level)) {
      const s = lines.get(f.path) ?? new Set<number>();
      s.add(f.line);
      lines.set(f.path, s);
      byLine.set(`${f.path}:${f.line}`, f);
    }
    const truth = new Map<string, { risk: number; info: number }>();
    for (const raw of readFileSync(join(root, '.leaky-meta/secrets.csv'), 'utf8').split('\n')) {
      const l = raw.trim();
      if (!l || l.startsWith('#')) continue;
      const [name, risk, info] = l.split(',');
      truth.set(name, { risk: Number(risk), info: Number(info) });
    }
    let totalRisk = 0;
    let found = 0;
    let excess = 0;
    let reported = 0;
    const missFiles: string[] = [];
    const excessFiles: string[] = [];
    for (const [name, t] of truth) {
      totalRisk += t.risk;
      const n = lines.get(name)?.size ?? 0;
      reported += n;
      found += Math.min(n, t.risk);
      const ex = Math.max(0, n - t.risk - t.info);
      excess += ex;
      if (n < t.risk) missFiles.push(`${name} ${n}/${t.risk}`);
      if (ex) excessFiles.push(`${name} +${ex}`);
    }
    for (const [name, s] of lines) {
      if (truth.has(name)) continue;
      reported += s.size;
      excess += s.size;
      excessFiles.push(`${name} +${s.size} (not in csv)`);
    }
    if (verbose) {
      for (const [k, f] of [...byLine].sort()) log(`  leaky ${k} ${f.ruleId} ${redact(f.secret)}`);
    }
    return {
      corpus: 'leaky-repo (risk lines)',
      recall: `${found}/${totalRisk} (${pct(found, totalRisk)})`,
      precision: `${pct(reported - excess, reported)}; excess ${excess}`,
      detail: [missFiles.length ? `short: ${missFiles.join(', ')}` : 'no misses', excessFiles.length ? `excess: ${excessFiles.join(', ')}` : ''].filter(Boolean).join('; '),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- gitleaks cases.json
interface GlCase {
  rule: string;
  kind: 'tp' | 'fp';
  text: string;
}

function gitleaks(): Row | undefined {
  const file = join(corpora, 'gitleaks/cases.json');
  if (!existsSync(file)) return undefined;
  const cases = JSON.parse(readFileSync(file, 'utf8')) as GlCase[];
  const detector = newDetector();
  const fam = new Map<string, { tp: number; tpFound: number; fp: number; fpFlagged: number }>();
  const uncovered = new Set<string>();
  for (const c of cases) {
    const family = familyFor(c.rule);
    if (!family) {
      uncovered.add(c.rule);
      continue;
    }
    const s = fam.get(family.family) ?? { tp: 0, tpFound: 0, fp: 0, fpFlagged: 0 };
    fam.set(family.family, s);
    const same = keepAtLeast(detector.detect({ path: 'input', text: c.text }), level).filter(family.same);
    if (c.kind === 'tp') {
      s.tp++;
      if (same.length) s.tpFound++;
      else log(`  gitleaks miss ${c.rule}: ${show(c.text)}`);
    } else {
      s.fp++;
      if (same.length) {
        s.fpFlagged++;
        log(`  gitleaks fp ${c.rule} -> ${same.map((f) => f.ruleId).join(',')}: ${show(c.text)}`);
      }
    }
  }
  let tp = 0, tpFound = 0, fp = 0, fpFlagged = 0;
  const parts: string[] = [];
  for (const [name, s] of [...fam].sort()) {
    tp += s.tp; tpFound += s.tpFound; fp += s.fp; fpFlagged += s.fpFlagged;
    parts.push(`${name} tp ${s.tpFound}/${s.tp} fp ${s.fpFlagged}/${s.fp}`);
  }
  return {
    corpus: `gitleaks cases (${fam.size} mapped families; ${uncovered.size} vendor rules not covered)`,
    recall: `${tpFound}/${tp} (${pct(tpFound, tp)})`,
    precision: `${pct(tpFound, tpFound + fpFlagged)}; fp flagged ${fpFlagged}/${fp}`,
    detail: parts.join('; '),
  };
}

// ---------------------------------------------------------------- detect-secrets keyword cases
interface DsCase {
  text: string;
  expected: boolean;
  filename: string | null;
  filetype: string | null;
  expected_secret: string | null;
  asserted_upstream: boolean;
}

function detectSecrets(): Row | undefined {
  const file = join(corpora, 'detect-secrets/keyword-cases.json');
  if (!existsSync(file)) return undefined;
  const cases = (JSON.parse(readFileSync(file, 'utf8')) as DsCase[]).filter((c) => c.asserted_upstream);
  const detector = newDetector();
  let pos = 0, posFound = 0, neg = 0, negFlagged = 0, wrongValue = 0;
  const missByType = new Map<string, number>();
  const fpByType = new Map<string, number>();
  for (const c of cases) {
    const path = c.filename ?? 'input';
    const findings = keepAtLeast(detector.detect({ path, text: c.text }), level);
    const type = c.filetype ?? 'none';
    if (c.expected) {
      pos++;
      if (findings.some((f) => f.secret === c.expected_secret)) posFound++;
      else {
        if (findings.length) wrongValue++;
        missByType.set(type, (missByType.get(type) ?? 0) + 1);
        log(`  detect-secrets miss [${path}] ${show(c.text)} want ${show(c.expected_secret ?? '')} got ${findings.map((f) => show(f.secret)).join(',')}`);
      }
    } else {
      neg++;
      if (findings.length) {
        negFlagged++;
        fpByType.set(type, (fpByType.get(type) ?? 0) + 1);
        log(`  detect-secrets fp [${path}] ${show(c.text)} -> ${findings.map((f) => `${f.ruleId}=${show(f.secret)}`).join(',')}`);
      }
    }
  }
  const fmt = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  return {
    corpus: `detect-secrets keyword cases (${cases.length} asserted)`,
    recall: `${posFound}/${pos} (${pct(posFound, pos)})`,
    precision: `${pct(posFound, posFound + negFlagged)}; flagged ${negFlagged}/${neg} negatives`,
    detail: `misses by filetype: ${fmt(missByType)} (${wrongValue} found a different value); false flags: ${fmt(fpByType)}`,
  };
}

// ---------------------------------------------------------------- secretlint snapshots
interface SlCase {
  package: string;
  case_dir: string;
  case: string;
  input_file: string;
  name_prefix: string | null;
  expected: Array<{ start: { line: number } }>;
}

const RELEVANT = new Set(['aws', 'basicauth', 'database-connection-string', 'privatekey', 'github', 'slack', 'npm', 'gcp'].map((n) => `secretlint-rule-${n}`));

function secretlint(): Row[] {
  const dir = join(corpora, 'secretlint');
  const index = join(dir, 'index.json');
  if (!existsSync(index)) return [];
  const cases = JSON.parse(readFileSync(index, 'utf8')) as SlCase[];
  const detector = newDetector();
  const score = (subset: SlCase[]) => {
    let ng = 0, ngFound = 0, ok = 0, okFlagged = 0;
    const miss = new Map<string, number>();
    const flag = new Map<string, number>();
    for (const c of subset) {
      if (c.name_prefix === 'options') continue; // depend on rule options leakguard does not have
      const file = join(dir, c.case_dir, c.input_file);
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      const findings = keepAtLeast(detector.detect({ path: `${c.case_dir}/${c.input_file}`, text }), level);
      const pkg = c.package.replace('secretlint-rule-', '');
      // Cases named ng.* / ok.*; unprefixed snapshots are ng when they expect messages.
      if (c.name_prefix === 'ng' || (c.name_prefix == null && c.expected.length > 0)) {
        ng++;
        const want = new Set(c.expected.map((e) => e.start.line));
        const got = new Set(findings.map((f) => f.line));
        if (want.size > 0 ? [...want].every((l) => got.has(l)) : findings.length > 0) ngFound++;
        else {
          miss.set(pkg, (miss.get(pkg) ?? 0) + 1);
          log(`  secretlint miss ${c.case_dir}: lines ${[...want]} got ${[...got]}`);
        }
      } else {
        ok++;
        if (findings.length) {
          okFlagged++;
          flag.set(pkg, (flag.get(pkg) ?? 0) + 1);
          log(`  secretlint fp ${c.case_dir}: ${findings.map((f) => `${f.ruleId}@${f.line}=${redact(f.secret)}`).join(', ')}`);
        }
      }
    }
    const fmt = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    return { ng, ngFound, ok, okFlagged, detail: `ng missed: ${fmt(miss)}; ok flagged: ${fmt(flag)}` };
  };
  const rel = score(cases.filter((c) => RELEVANT.has(c.package)));
  const all = score(cases);
  const row = (name: string, s: ReturnType<typeof score>): Row => ({
    corpus: name,
    recall: `${s.ngFound}/${s.ng} (${pct(s.ngFound, s.ng)})`,
    precision: `${pct(s.ngFound, s.ngFound + s.okFlagged)}; ok flagged ${s.okFlagged}/${s.ok}`,
    detail: s.detail,
  });
  return [row('secretlint (aws, basicauth, db-conn, privatekey, github, slack, npm, gcp)', rel), row('secretlint (all 38 rule folders)', all)];
}

// ---------------------------------------------------------------- generated legacy repo (not a public corpus)
function planted(): Row {
  const detector = newDetector();
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  const s = scorePlanted((f) => keepAtLeast(detector.detect(f), level), seeds);
  const kinds = new Map<string, number>();
  for (const e of s.extras) kinds.set(e.why ?? 'plain', (kinds.get(e.why ?? 'plain') ?? 0) + 1);
  for (const m of s.misses) log(`  planted miss ${m.path}:${m.line}`);
  for (const e of s.extras) log(`  planted fp ${e.path}:${e.line} ${e.rule} (${e.why ?? 'plain'})`);
  return {
    corpus: `planted legacy repo (generated by test/detect/planted, ${seeds.length} seeds, by file+line)`,
    recall: `${s.found}/${s.planted} (${pct(s.found, s.planted)})`,
    precision: `${pct(s.reported - s.falsePositives, s.reported)}; ${s.falsePositives} look-alike lines flagged`,
    detail: s.misses.length || s.extras.length ? `misses ${s.misses.length}; flagged look-alikes: ${[...kinds].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}` : 'no misses, no look-alike flagged',
  };
}

async function main() {
  if (args.triage) {
    await triage(args.triage, level, newDetector());
    return;
  }
  if (!existsSync(corpora)) {
    console.error(`bench:accuracy: no corpora at ${corpora} (set LEAKGUARD_CORPORA)`);
    process.exit(2);
  }
  const rows: Row[] = [];
  const l = await leakyRepo();
  if (l) rows.push(l);
  const g = gitleaks();
  if (g) rows.push(g);
  const d = detectSecrets();
  if (d) rows.push(d);
  rows.push(...secretlint());
  rows.push(planted());
  const findingsFile = args.creddataFindings && resolve(process.env.INIT_CWD ?? process.cwd(), args.creddataFindings);
  rows.push(...(await credDataRows(corpora, newDetector(), { main: level, findingsFile, log })));
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`| Corpus (findings at confidence >= ${level}) | Recall | Precision | Misses and excess by kind |`, '|---|---|---|---|'];
  for (const r of rows) out.push(`| ${esc(r.corpus)} | ${esc(r.recall)} | ${esc(r.precision)} | ${esc(r.detail)} |`);
  console.log(out.join('\n'));
}

try {
  await main();
} catch (err) {
  console.error(`bench:accuracy: ${verbose ? ((err as Error).stack ?? err) : (err as Error).message}`);
  process.exit(2);
}
