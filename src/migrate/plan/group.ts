// Groups findings into secrets: one secret per (application, file), a JSON object of named keys.
import type { Finding } from '../../types.js';
import type { PlannedSecret, PlannedValue } from '../types.js';
import { keyFromAssignedName, kindKeyBase } from './keys.js';
import { secretNameFor } from './names.js';

/** A finding the plan will not move, and why. */
export interface SkippedFinding {
  path: string;
  line: number;
  reason: string;
}

export interface Grouping {
  secrets: PlannedSecret[];
  skipped: SkippedFinding[];
}

function spanContains(a: Finding, b: Finding): boolean {
  const startsBefore = a.line < b.line || (a.line === b.line && a.column <= b.column);
  const endsAfter = a.endLine > b.endLine || (a.endLine === b.endLine && a.endColumn >= b.endColumn);
  return startsBefore && endsAfter;
}

/** One finding per span: exact duplicates (two rules on one value) and findings inside another's span go. */
export function dedupeFindings(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort(
    (a, b) => a.line - b.line || a.column - b.column || b.secret.length - a.secret.length,
  );
  const kept: Finding[] = [];
  for (const f of sorted) {
    const dupe = kept.some(
      (k) => (k.line === f.line && k.column === f.column && k.secret === f.secret) || spanContains(k, f),
    );
    if (dupe) {
      // Prefer the finding that carries an assigned name.
      const same = kept.findIndex((k) => k.line === f.line && k.column === f.column && k.secret === f.secret);
      if (same >= 0 && !kept[same]!.key && f.key) kept[same] = f;
      continue;
    }
    kept.push(f);
  }
  return kept;
}

/** Assign key names for one file's findings. */
export function assignKeys(findings: Finding[]): PlannedValue[] {
  const out: PlannedValue[] = [];
  const keyValue = new Map<string, string>(); // key -> value
  const valueKey = new Map<string, string>(); // value -> first key
  const kindCount = new Map<string, number>();
  const unique = (base: string, value: string): string => {
    if (!keyValue.has(base) || keyValue.get(base) === value) return base;
    for (let n = 2; ; n++) {
      const k = `${base}_${n}`;
      if (!keyValue.has(k) || keyValue.get(k) === value) return k;
    }
  };
  for (const f of findings) {
    const named = keyFromAssignedName(f);
    let key: string;
    if (named) {
      key = unique(named, f.secret);
    } else if (valueKey.has(f.secret)) {
      key = valueKey.get(f.secret)!;
    } else {
      const base = kindKeyBase(f.kind);
      let n = (kindCount.get(base) ?? 0) + 1;
      while (keyValue.has(`${base}_${n}`) && keyValue.get(`${base}_${n}`) !== f.secret) n++;
      kindCount.set(base, n);
      key = `${base}_${n}`;
    }
    keyValue.set(key, f.secret);
    if (!valueKey.has(f.secret)) valueKey.set(f.secret, key);
    out.push({ finding: f, key });
  }
  return out;
}

/** Group working-tree findings into planned secrets under `prefix`. */
export function groupFindings(findings: Finding[], prefix: string): Grouping {
  const skipped: SkippedFinding[] = [];
  const byPath = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.commit) continue; // history findings are handled by the purge advice, not moved
    if (!f.secret) continue;
    if (/aws-sm:\/\/|\bget_?[sS]ecret(?:Sync)?\s*\(/.test(f.secret)) {
      skipped.push({ path: f.path, line: f.line, reason: 'already a leakguard secret reference; nothing to move' });
      continue;
    }
    if (f.decodedFrom) {
      skipped.push({
        path: f.path,
        line: f.line,
        reason: `the value is ${f.decodedFrom}-encoded in the file; move it by hand (decode, store, replace the encoded text)`,
      });
      continue;
    }
    const list = byPath.get(f.path) ?? [];
    list.push(f);
    byPath.set(f.path, list);
  }
  const taken = new Set<string>();
  const secrets: PlannedSecret[] = [];
  for (const path of [...byPath.keys()].sort()) {
    const values = assignKeys(dedupeFindings(byPath.get(path)!));
    secrets.push({ name: secretNameFor(prefix, path, taken), sourcePath: path, values });
  }
  return { secrets, skipped };
}

/** The JSON object a planned secret stores. */
export function secretObject(secret: PlannedSecret): Record<string, string> {
  const obj: Record<string, string> = {};
  for (const v of secret.values) obj[v.key] = v.finding.secret;
  return obj;
}
