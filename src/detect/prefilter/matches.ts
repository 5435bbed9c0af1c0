// Running a rule's regex where the prefilter planned it: the whole text, windows, or sticky starts.

/** `a` sorted without duplicates (in place; usually it already is). */
export function increasing(a: number[]): number[] {
  for (let i = 1; i < a.length; i++) {
    if (a[i] <= a[i - 1]) {
      const sorted = [...new Set(a)].sort((x, y) => x - y);
      a.length = sorted.length;
      for (let j = 0; j < sorted.length; j++) a[j] = sorted[j];
      break;
    }
  }
  return a;
}

/** Each window widened by `margin` characters, within its line (when `lines` is given) or the text. */
export function contextSlices(w: number[], lines: number[] | undefined, margin: number, len: number): number[] {
  const out = new Array<number>(w.length);
  for (let j = 0; j < w.length; j += 2) {
    const lo = lines ? lines[j] : 0;
    const hi = lines ? lines[j + 1] : len;
    out[j] = Math.max(lo, w[j] - margin);
    out[j + 1] = Math.min(hi, w[j + 1] + margin);
  }
  return out;
}

/** Whether one of `literals` occurs in `s` wholly inside [from, to). */
function holdsLiteral(s: string, literals: string[], from: number, to: number): boolean {
  for (const lit of literals) {
    const at = s.indexOf(lit, from);
    if (at !== -1 && at + lit.length <= to) return true;
  }
  return false;
}

/**
 * The non-empty matches of global regex `re` in `text`, or only inside the given [start, end)
 * windows (each matched against its slice of context, see PlannedRule); match offsets (index,
 * indices) are those in `text` either way. With `literals` (requiredLiterals of `re`), text where
 * none of them occurs is not matched at all: it cannot hold a match.
 */
export function* matchesIn(re: RegExp, text: string, windows?: number[], slices?: number[], literals?: string[]): Generator<RegExpExecArray> {
  if (!windows) {
    if (literals && !holdsLiteral(text, literals, 0, text.length)) return;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      yield m;
    }
    return;
  }
  for (let w = 0; w < windows.length; w += 2) {
    const base = slices ? slices[w] : windows[w];
    const end = slices ? slices[w + 1] : windows[w + 1];
    // Matches must start and end inside the window (relative to the slice).
    const lo = windows[w] - base;
    const hi = windows[w + 1] - base;
    const sub = base === 0 && end === text.length ? text : text.slice(base, end);
    if (literals && !holdsLiteral(sub, literals, lo, hi)) continue;
    re.lastIndex = lo;
    let m: RegExpExecArray | null;
    while ((m = re.exec(sub)) !== null) {
      const mEnd = m.index + m[0].length;
      if (m[0].length === 0 || mEnd > hi) {
        // Empty, or running past the window (where the slice's end may have decided it): a match
        // that is real in the whole text lies inside some window, so look again one further on.
        if (m.index >= hi) break;
        re.lastIndex = m.index + 1;
        continue;
      }
      if (base > 0) shift(m, base);
      yield m;
    }
  }
}

/**
 * The matches of `sticky` (a rule's regex with the y and g flags) that start at `starts`
 * (increasing), skipping starts inside the previous match: when every match of the regex starts at
 * one of them, the same matches a global scan of the whole text finds.
 */
export function* matchesAt(sticky: RegExp, text: string, starts: number[]): Generator<RegExpExecArray> {
  let next = 0;
  for (const s of starts) {
    if (s < next) continue;
    sticky.lastIndex = s;
    const m = sticky.exec(text);
    if (m === null || m[0].length === 0) continue;
    next = s + m[0].length;
    yield m;
  }
}

function shift(m: RegExpExecArray, base: number): void {
  m.index += base;
  const ind = m.indices;
  if (!ind) return;
  for (let g = 0; g < ind.length; g++) {
    const span = ind[g];
    if (span) ind[g] = [span[0] + base, span[1] + base];
  }
  if (ind.groups) {
    for (const name of Object.keys(ind.groups)) {
      const span = ind.groups[name];
      if (span) ind.groups[name] = [span[0] + base, span[1] + base];
    }
  }
}

