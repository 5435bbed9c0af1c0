// The `git filter-repo --replace-text` expressions file: one `literal:VALUE==>***REMOVED***` line
// per value. It holds the values themselves, so it is created with mode 0600 outside the work tree
// (inside the git dir), merged with what earlier runs wrote, and never printed.
import { chmod, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';

export const REPLACEMENT = '***REMOVED***';

/** Why a value cannot go into the expressions file, or null. */
export function expressionProblem(value: string): string | null {
  if (/[\r\n]/.test(value)) return 'the value spans several lines (filter-repo expressions are one per line)';
  if (value.includes('==>')) return "the value contains '==>' (the expressions separator)";
  if (value.trim() === '') return 'the value is blank';
  return null;
}

export interface ExpressionsResult {
  file: string;
  /** Values in the file after this write (including earlier runs'). */
  total: number;
  added: number;
  /** How many values were refused (reasons per value index are not printed with the value). */
  refused: number;
}

export async function writeExpressions(file: string, values: Iterable<string>): Promise<ExpressionsResult> {
  const lines: string[] = [];
  const seen = new Set<string>();
  try {
    for (const l of (await readFile(file, 'utf8')).split('\n')) {
      if (l && !seen.has(l)) {
        seen.add(l);
        lines.push(l);
      }
    }
  } catch {
    // first run
  }
  let added = 0;
  let refused = 0;
  for (const v of new Set(values)) {
    if (expressionProblem(v)) {
      refused++;
      continue;
    }
    const line = `literal:${v}==>${REPLACEMENT}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
    added++;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(file), `.expr-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, lines.join('\n') + (lines.length ? '\n' : ''), { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  return { file, total: lines.length, added, refused };
}
