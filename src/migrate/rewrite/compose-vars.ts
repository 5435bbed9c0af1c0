// docker compose reads the `.env` beside its file for ${VAR} interpolation. A migrated `.env` value that
// compose interpolates must not be the reference (compose would pass the public reference on as the password):
// the value is left empty, the reference rides on a comment line that `leakguard exec` reads, and compose's
// own ${VAR} / $VAR / ${VAR:-default} uses of it become ${VAR:?…}, so compose refuses to start without exec.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeRequired } from '../references.js';

const COMPOSE_FILE = /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i;
/** ${NAME}, ${NAME:-x}, ${NAME-x}, ${NAME:?x}, ${NAME?x} and $NAME (not $$NAME, compose's escape). */
const USE = /(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])[^}\n]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Compose files in a repo-relative directory ('' the root). */
export function composeFilesIn(root: string, dir: string): string[] {
  try {
    return readdirSync(join(root, dir), { withFileTypes: true })
      .filter((e) => e.isFile() && COMPOSE_FILE.test(e.name))
      .map((e) => (dir ? `${dir}/${e.name}` : e.name))
      .sort();
  } catch {
    return [];
  }
}

/** The text of each line outside its `#` comment (YAML comments start at a `#` after whitespace or at the line start). */
function codeRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let pos = 0;
  for (const line of text.split('\n')) {
    const m = /(^|\s)#/.exec(line);
    out.push([pos, pos + (m ? m.index + m[1]!.length : line.length)]);
    pos += line.length + 1;
  }
  return out;
}

/** Variables a compose file interpolates. */
export function interpolatedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [a, b] of codeRanges(text)) for (const m of text.slice(a, b).matchAll(USE)) names.add(m[1] ?? m[3]!);
  return names;
}

/** Variables the compose files in `dir` interpolate. */
export function composeInterpolated(root: string, dir: string): Set<string> {
  const names = new Set<string>();
  for (const f of composeFilesIn(root, dir)) {
    try {
      for (const n of interpolatedNames(readFileSync(join(root, f), 'utf8'))) names.add(n);
    } catch {
      // unreadable: nothing interpolated from it
    }
  }
  return names;
}

/** Each use of a migrated variable that would run without it becomes ${VAR:?…}; the text unchanged when none. */
export function requireVariables(text: string, refs: Map<string, string>): string {
  let out = '';
  let last = 0;
  for (const [a, b] of codeRanges(text)) {
    for (const m of text.slice(a, b).matchAll(USE)) {
      const name = m[1] ?? m[3]!;
      const ref = refs.get(name);
      if (!ref || m[2] === ':?') continue;
      const at = a + m.index!;
      out += text.slice(last, at) + composeRequired(name, ref);
      last = at + m[0].length;
    }
  }
  return out + text.slice(last);
}

/** The variables a migrated `.env` left empty for compose, with their references (from its comment lines). */
export function emptiedForCompose(envText: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of envText.matchAll(/# leakguard: ([A-Za-z_][A-Za-z0-9_]*) is set by leakguard exec from (aws-sm:\/\/[A-Za-z0-9/_+=.@-]{1,512}#[A-Za-z0-9_.%-]+) \(docker compose reads this file/g))
    out.set(m[1]!, m[2]!);
  return out;
}
