// `npm run bench:accuracy -- --triage DIR [DIR...]`: scan directories that have no labels and print,
// per rule, a seeded random sample of findings (redacted) for a person to label as
// ../shared/corpora/TRIAGE.md says: a = real, b = not a secret, c = unsure. Precision = a / (a + b).
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding } from '../../src/types.js';
import type { Detector } from '../../src/detect/engine.js';
import { fileSource } from '../../src/sources/files.js';
import { runScan } from '../../src/scan/run.js';
import type { TriageArgs } from './args.js';
import { confidenceOf, keepAtLeast, type Confidence } from './confidence.js';
import { redactLine, redactValue } from './redact.js';
// mulberry32, the seeded generator the planted repo uses: a seed gives the same sample on every machine.
import { rng } from '../../test/detect/planted/values.js';

const MAX_FILE_SIZE = 10 * 1024 * 1024;

/** Where relative paths on the command line start: npm runs scripts in the package root, INIT_CWD is where it was called. */
const cwd = () => process.env.INIT_CWD ?? process.cwd();

interface Scanned {
  /** The directory as given on the command line. */
  dir: string;
  /** HEAD of the work tree holding the directory, when it is one (labels belong with a commit). */
  commit?: string;
  findings: Finding[];
  files: number;
}

/** One sampled finding, as printed and as written to --json (never the full value). */
export interface TriageItem {
  dir: string;
  commit?: string;
  path: string;
  line: number;
  column: number;
  rule: string;
  kind: string;
  confidence: Confidence;
  /** The judge's reasons for the confidence (never the value), when it gave any. */
  reasons: string[];
  value: string;
  lineText: string;
  /** For the person labelling: a = real, b = not a secret, c = unsure. */
  label: '';
}


/** `n` of `items` drawn without replacement (a partial Fisher-Yates shuffle). */
function sample<T>(items: T[], n: number, next: () => number): T[] {
  const a = items.slice();
  const k = Math.min(n, a.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

function git(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function scanDir(dir: string, detector: Detector, gitignore: boolean): Promise<Scanned> {
  const abs = realpathSync(resolve(cwd(), dir));
  if (!statSync(abs).isDirectory()) throw new Error(`--triage: ${dir} is not a directory`);
  const top = git(abs, ['rev-parse', '--show-toplevel']);
  const gitRoot = top && gitignore ? realpathSync(top) : undefined;
  const res = await runScan(fileSource([abs], { base: abs, maxFileSize: MAX_FILE_SIZE, gitRoot }), { detector });
  return { dir, commit: top ? git(abs, ['rev-parse', 'HEAD']) : undefined, findings: res.findings, files: res.summary.scanned };
}

/** `reasons` of the judge (src/judge/), read loosely so the bench runs with or without it. */
function reasonsOf(f: Finding): string[] {
  const r = (f as { reasons?: unknown }).reasons;
  return Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : [];
}

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, "'");

export async function triage(args: TriageArgs, min: Confidence, detector: Detector): Promise<void> {
  for (const d of args.dirs) if (!existsSync(resolve(cwd(), d))) throw new Error(`--triage: no such directory ${d}`);
  const scanned: Scanned[] = [];
  for (const d of args.dirs) scanned.push(await scanDir(d, detector, args.gitignore));

  const items = new Map<string, TriageItem[]>();
  let total = 0, below = 0;
  for (const s of scanned) {
    // Every finding of a line (any rule, any confidence) is redacted on that line.
    const onLine = new Map<string, Finding[]>();
    for (const f of s.findings) {
      const k = `${f.path}\0${f.line}`;
      const list = onLine.get(k);
      if (list) list.push(f);
      else onLine.set(k, [f]);
    }
    const kept = keepAtLeast(s.findings, min);
    below += s.findings.length - kept.length;
    total += kept.length;
    for (const f of kept) {
      const list = items.get(f.ruleId) ?? [];
      items.set(f.ruleId, list);
      list.push({
        dir: s.dir,
        commit: s.commit,
        path: f.path,
        line: f.line,
        column: f.column,
        rule: f.ruleId,
        kind: f.kind,
        confidence: confidenceOf(f),
        reasons: reasonsOf(f),
        value: redactValue(f.secret),
        lineText: redactLine(f, onLine.get(`${f.path}\0${f.line}`) ?? []) ?? '(value not located on its line: not shown)',
        label: '',
      });
    }
  }

  const next = rng(args.seed);
  const order = (a: TriageItem, b: TriageItem) => a.dir.localeCompare(b.dir) || a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column;
  const rules = [...items].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const picked: TriageItem[] = [];
  const out: string[] = [];
  const where = scanned.map((s) => `${s.dir} (${s.files} files${s.commit ? `, commit ${s.commit.slice(0, 12)}` : ''})`).join(', ');
  out.push(`# Triage sample: ${where}`, '');
  out.push(`${total} findings at confidence >= ${min}${below ? ` (${below} below it not shown)` : ''}; seed ${args.seed}, up to ${args.perRule} per rule.`);
  out.push('Label each row in the first column: a = real, b = not a secret, c = unsure (../shared/corpora/TRIAGE.md). Precision = a / (a + b).', '');
  out.push('| Rule | Findings | Sampled |', '|---|---|---|');
  for (const [rule, list] of rules) out.push(`| ${cell(rule)} | ${list.length} | ${Math.min(args.perRule, list.length)} |`);
  for (const [rule, list] of rules) {
    // Draw from a fixed order, so the sample depends on the seed and the findings only.
    const s = sample(list.slice().sort(order), args.perRule, next).sort(order);
    picked.push(...s);
    out.push('', `## ${rule}: ${s.length} of ${list.length}`, '', '| Label (a/b/c) | Where | Confidence | Value | Line | Why |', '|---|---|---|---|---|---|');
    for (const it of s) {
      out.push(`|  | ${cell(`${it.dir}/${it.path}:${it.line}`)} | ${it.confidence} | \`${cell(it.value)}\` | \`${cell(it.lineText)}\` | ${cell(it.reasons.join('; '))} |`);
    }
  }
  console.log(out.join('\n'));
  if (args.json) {
    const file = resolve(cwd(), args.json);
    writeFileSync(file, picked.map((it) => JSON.stringify(it)).join('\n') + (picked.length ? '\n' : ''));
    console.log(`\nwrote ${picked.length} sampled findings (values redacted) to ${file}`);
  }
}
