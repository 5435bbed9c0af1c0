// A scan worker's findings cross to the main thread by structured clone, which copies a string
// once per finding that refers to it. Every finding on one line carries that line (lineText), and
// in minified files a line is the whole file: a bundle with a thousand findings on its one line
// sent a thousand copies of it, and the main thread kept them all (measured on an 880 MB
// node_modules: 4,083 findings on the main thread's half carried 127 MB of lines, 58 MB of them
// distinct; the directory scan's resident memory 0.8 to 1.15 GB, against 380 MB in one thread,
// where the findings share the file's text). So a result sends each long line once, and the main
// thread gives every finding on it the same string again: the findings are the in-process scan's.
import type { Finding } from '../types.js';
import type { BatchResult, FileJobResult } from './parallel-protocol.js';

/** Lines shorter than this are sent as they are (a table entry would cost more than the copy). */
const SHARED_FROM = 256;

/**
 * A result's findings, one fragment's at a time (one file, or one file in one commit), in the
 * same order on both sides of the transfer.
 */
function* groupsOf(r: FileJobResult | BatchResult): Generator<Finding[]> {
  if ('files' in r) {
    for (const f of r.files) if ('findings' in f) yield f.findings;
  } else for (const f of r.found) yield f.findings;
}

/**
 * Moves the long lines of `r`'s findings into `r.lines`, each once per fragment: such a finding
 * gets lineText '' and its index in `r.lineRefs`. Nothing changes when no line is long.
 */
export function shareLines(r: FileJobResult | BatchResult): void {
  const lines: string[] = [];
  const refs: number[] = [];
  let n = 0;
  for (const findings of groupsOf(r)) {
    // Within one fragment a line number names one line: the text each finding on it was cut from.
    const byLine = new Map<number, number>();
    for (const f of findings) {
      const at = n++;
      if (f.lineText.length < SHARED_FROM) continue;
      let i = byLine.get(f.line);
      if (i === undefined || lines[i] !== f.lineText) {
        i = lines.push(f.lineText) - 1;
        byLine.set(f.line, i);
      }
      while (refs.length < at) refs.push(-1);
      refs.push(i);
      f.lineText = '';
    }
  }
  if (lines.length === 0) return;
  r.lines = lines;
  r.lineRefs = refs;
}

/** Gives back every finding of `r` the line shareLines() took from it (one string per line). */
export function restoreLines(r: FileJobResult | BatchResult): void {
  const { lines, lineRefs } = r;
  if (!lines || !lineRefs) return;
  let n = 0;
  for (const findings of groupsOf(r)) {
    for (const f of findings) {
      const line = lines[lineRefs[n++] ?? -1];
      if (line !== undefined) f.lineText = line;
    }
  }
  delete r.lines;
  delete r.lineRefs;
}
