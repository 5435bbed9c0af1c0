// Builds the migration plan: secrets (names + keys), and per file either the rewrite (new text,
// loader files, redacted diff) or the manual step. Read-only: nothing is written here.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../../types.js';
import type { PlannedSecret, Rewriter } from '../types.js';
import { groupFindings, type SkippedFinding } from './group.js';
import { manualStepFor, type ManualStep } from './manual.js';
import { wireLoadSites, type LoadWiring } from '../rewrite/load-sites/index.js';
import { READ_BY_APP_NOTE } from '../references.js';
import { composeFilesIn, emptiedForCompose, requireVariables } from '../rewrite/compose-vars.js';
import { readFileSync } from 'node:fs';
import { dirName } from '../rewrite/locate.js';

export type RewriterLookup = (path: string, text: string) => Rewriter | undefined;

export interface FilePlan {
  path: string;
  secret: PlannedSecret;
  /** rewrite: will be edited; manual: listed with a step; error: a rewriter tried and failed. */
  status: 'rewrite' | 'manual' | 'error';
  rewriterId?: string;
  /** File text when planned. */
  before?: string;
  after?: string;
  extraFiles?: Record<string, string>;
  notes?: string[];
  manual?: ManualStep;
  /** Why the rewrite cannot be applied (redacted). */
  error?: string;
  /** A config the app reads itself: the source files whose load sites resolve its references (written first). */
  loadedBy?: string[];
  /** Configs whose load sites this file's rewrite also wires. */
  wires?: string[];
}

export interface MigrationPlan {
  root: string;
  prefix: string;
  secrets: PlannedSecret[];
  files: FilePlan[];
  skipped: SkippedFinding[];
  /** Every value the plan moves (for redaction and scrubbing). Never print this. */
  values: string[];
  /** Edits to source files that hold no value of their own, so they resolve the references of configs they load. */
  wiring: LoadWiring[];
}

/** Values from `values` that still occur in `text`. */
export function valuesPresent(text: string, values: string[]): string[] {
  return values.filter((v) => v.length > 0 && text.includes(v));
}

function occurrences(text: string, v: string): number {
  let n = 0;
  for (let i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + v.length)) n++;
  return n;
}

/**
 * Check a rewriter's output: it must re-parse, and every found occurrence of each value must be gone
 * (a short value may legitimately occur elsewhere too, e.g. a user name equal to the password: each
 * value must occur at least as many times fewer as it was found). Generated helper files must hold
 * no value of 8 characters or more. Returns a problem (no values in it) or null.
 */
export async function checkRewrite(
  rewriter: Rewriter,
  path: string,
  oldText: string,
  newText: string,
  extraFiles: Record<string, string>,
  found: Map<string, number>,
): Promise<string | null> {
  let parseProblem: string | null;
  try {
    parseProblem = await rewriter.validate(path, newText);
  } catch (e) {
    parseProblem = `validator failed: ${(e as Error).message}`;
  }
  if (parseProblem) return `the rewritten file would not parse (${parseProblem})`;
  let left = 0;
  for (const [v, n] of found) if (occurrences(newText, v) > Math.max(0, occurrences(oldText, v) - n)) left++;
  if (left > 0) return `the rewritten file would still hold ${left} of its ${found.size} value(s)`;
  for (const [p, content] of Object.entries(extraFiles)) {
    if ([...found.keys()].some((v) => v.length >= 8 && content.includes(v))) return `the generated file ${p} would hold a value`;
  }
  return null;
}

export async function buildPlan(
  root: string,
  findings: Finding[],
  prefix: string,
  rewriterFor: RewriterLookup,
): Promise<MigrationPlan> {
  const { secrets, skipped } = groupFindings(findings, prefix);
  const files: FilePlan[] = [];
  const allValues = new Set<string>();
  for (const s of secrets) for (const v of s.values) allValues.add(v.finding.secret);
  const keysOf = (s: PlannedSecret) => [...new Set(s.values.map((v) => v.key))];

  for (const secret of secrets) {
    const path = secret.sourcePath;
    const values = [...new Set(secret.values.map((v) => v.finding.secret))];
    let text: string;
    try {
      text = await readFile(join(root, path), 'utf8');
    } catch (e) {
      files.push({ path, secret, status: 'error', error: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    if (valuesPresent(text, values).length !== values.length) {
      files.push({
        path,
        secret,
        status: 'manual',
        before: text,
        manual: {
          reason: 'the value is not written literally in the file (encoded or escaped)',
          step: `replace it by hand with a read of secret '${secret.name}' (keys: ${keysOf(secret).join(', ')}).`,
        },
      });
      continue;
    }
    let rewriter: Rewriter | undefined;
    try {
      rewriter = rewriterFor(path, text);
    } catch {
      rewriter = undefined;
    }
    if (!rewriter) {
      files.push({ path, secret, status: 'manual', before: text, manual: manualStepFor(path, secret.name, keysOf(secret)) });
      continue;
    }
    let result;
    try {
      result = await rewriter.rewrite({
        root,
        path,
        text,
        items: secret.values.map((v) => ({ finding: v.finding, secretName: secret.name, key: v.key })),
      });
    } catch (e) {
      files.push({ path, secret, status: 'error', rewriterId: rewriter.id, before: text, error: `rewriter ${rewriter.id} failed: ${(e as Error).message}` });
      continue;
    }
    if (result.kind === 'manual') {
      files.push({ path, secret, status: 'manual', rewriterId: rewriter.id, before: text, manual: { reason: result.reason, step: result.step } });
      continue;
    }
    const found = new Map<string, number>();
    for (const v of secret.values) found.set(v.finding.secret, (found.get(v.finding.secret) ?? 0) + 1);
    const problem = await checkRewrite(rewriter, path, text, result.newText, result.extraFiles, found);
    if (problem) {
      files.push({ path, secret, status: 'error', rewriterId: rewriter.id, before: text, error: problem });
      continue;
    }
    files.push({
      path,
      secret,
      status: 'rewrite',
      rewriterId: rewriter.id,
      before: text,
      after: result.newText,
      extraFiles: result.extraFiles,
      notes: result.notes,
      loadedBy: result.readByApp ? [] : undefined,
    });
  }
  const wiring = await planLoadSites(root, files, keysOf);
  // files whose own rewrite wires a config go first, so a config never holds references before its loader resolves them
  const first = new Set(files.filter((f) => f.wires?.length).map((f) => f.path));
  const ordered = [...secrets.filter((s) => first.has(s.sourcePath)), ...secrets.filter((s) => !first.has(s.sourcePath))];
  return { root, prefix, secrets: ordered, files, skipped, values: [...allValues], wiring };
}

/**
 * Configs the app reads itself: find where its code loads each and plan the edit that resolves the references
 * there (merged into the file's own rewrite when it has one). A config with no load site found is left alone,
 * with a manual step: written with references nothing resolves, the app would take the reference as the value.
 */
async function planLoadSites(root: string, files: FilePlan[], keysOf: (s: PlannedSecret) => string[]): Promise<LoadWiring[]> {
  const configs = files.filter((f) => f.status === 'rewrite' && f.loadedBy);
  // a .env stays rewritten either way (leakguard exec and compose read it); code that loads it with dotenv is wired too
  const envFiles = files.filter((f) => f.status === 'rewrite' && f.rewriterId === 'dotenv');
  if (!configs.length && !envFiles.length) return [];
  const rewritten = new Map(files.filter((f) => f.status === 'rewrite').map((f) => [f.path, f]));
  const found = await wireLoadSites(root, configs.map((f) => f.path), (p) => rewritten.get(p)?.after, envFiles.map((f) => f.path));
  // compose files that interpolate what a .env now leaves empty: ${VAR:?…}, so compose refuses to start without exec
  for (const fp of envFiles) {
    const refs = emptiedForCompose(fp.after ?? '');
    if (!refs.size) continue;
    for (const c of composeFilesIn(root, dirName(fp.path))) {
      const own = rewritten.get(c);
      let text: string;
      try {
        text = own?.after ?? readFileSync(join(root, c), 'utf8');
      } catch {
        continue;
      }
      const after = requireVariables(text, refs);
      if (after === text) continue;
      const note = `${c}: ${[...refs.keys()].join(', ')} from ${fp.path} become \${VAR:?…}: compose refuses to start without leakguard exec instead of taking the empty value`;
      if (own) {
        own.after = after;
        own.notes = [...(own.notes ?? []), note];
        own.wires = [...(own.wires ?? []), fp.path];
      } else {
        const prev = found.find((w) => w.path === c);
        if (prev) {
          prev.after = requireVariables(prev.after, refs);
          prev.configs.push(fp.path);
        } else found.push({ path: c, before: text, after, extraFiles: {}, notes: [note], configs: [fp.path] });
      }
    }
  }
  for (const fp of envFiles) {
    const by = found.filter((w) => w.configs.includes(fp.path)).map((w) => w.path);
    if (!by.length) continue;
    fp.loadedBy = by;
    fp.notes = [...(fp.notes ?? []), `${fp.path}: edited with it so nothing takes a reference or an empty value for the secret: ${by.join(', ')}`];
  }
  const standalone: LoadWiring[] = [];
  for (const w of found) {
    const own = rewritten.get(w.path);
    if (!own) {
      standalone.push(w);
      continue;
    }
    own.after = w.after;
    own.extraFiles = { ...own.extraFiles, ...w.extraFiles };
    own.notes = [...(own.notes ?? []), ...w.notes];
    own.wires = [...new Set([...(own.wires ?? []), ...w.configs])];
  }
  for (const fp of configs) {
    const by = found.filter((w) => w.configs.includes(fp.path)).map((w) => w.path);
    fp.notes = (fp.notes ?? []).filter((n) => !n.endsWith(READ_BY_APP_NOTE));
    if (by.length) {
      fp.loadedBy = by;
      fp.notes.push(`${fp.path}: the app reads this file itself; its references are resolved where ${by.join(', ')} load${by.length === 1 ? 's' : ''} it`);
      continue;
    }
    fp.status = 'manual';
    fp.loadedBy = undefined;
    fp.manual = {
      reason: 'the app reads this file itself, and no Python or JavaScript code that loads it was found: written with aws-sm:// references, the app would take a reference for the value',
      step:
        `the values are stored in secret '${fp.secret.name}' (keys: ${keysOf(fp.secret).join(', ')}). Where the app loads ${fp.path}, pass the loaded config through ` +
        `resolve_secrets(config) (Python, leakguard_secrets.py) or resolveSecrets(config) (Node, leakguard-secrets.*), then replace each value with its reference aws-sm://${fp.secret.name}#<key>; ` +
        `or read the values from the environment under leakguard exec.`,
    };
    delete fp.after;
    delete fp.extraFiles;
  }
  return standalone;
}
