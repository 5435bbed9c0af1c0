// A directory-scan worker's findings cross to the main thread by structured clone, which copies a
// string once per finding that refers to it. Every finding on one line carries that line
// (lineText), and in minified files a line is the whole file: a bundle with a thousand findings on
// its one line sent a thousand copies of it, and the main thread kept them all (measured on an
// 880 MB node_modules: 4,083 findings on the main thread's half carried 127 MB of lines, 58 MB of
// them distinct; the scan's resident memory 0.8 to 1.15 GB, against 380 MB in one thread, where
// the findings share the file's text). So a result sends each long line once, and the main thread
// gives every finding on it the same string again: the findings are the in-process scan's.
import type { FileJobResult } from './parallel-protocol.js';

/** Lines shorter than this are sent as they are (a table entry would cost more than the copy). */
const SHARED_FROM = 256;

/**
 * Moves the long lines of `r`'s findings into `r.lines`, each once: a finding on one of them gets
 * lineText '' and its index in `r.lineRefs` (one entry per finding, in order; -1: kept as it was).
 * Nothing changes when no line is long.
 */
export function shareLines(r: FileJobResult): void {
  let lines: string[] | undefined;
  let refs: number[] | undefined;
  let n = 0;
  for (const file of r.files) {
    if (!('findings' in file)) continue;
    // Within one file a line number names one line: the text each finding on it was cut from.
    const byLine = new Map<number, number>();
    for (const f of file.findings) {
      const at = n++;
      if (f.lineText.length < SHARED_FROM) continue;
      lines ??= [];
      refs ??= [];
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
  if (!lines || !refs) return;
  r.lines = lines;
  r.lineRefs = refs;
}

/** Gives back every finding of `r` the line shareLines() took from it (one string per line). */
export function restoreLines(r: FileJobResult): void {
  const { lines, lineRefs } = r;
  if (!lines || !lineRefs) return;
  let n = 0;
  for (const file of r.files) {
    if (!('findings' in file)) continue;
    for (const f of file.findings) {
      const i = lineRefs[n++];
      if (i !== undefined && i >= 0) f.lineText = lines[i]!;
    }
  }
  delete r.lines;
  delete r.lineRefs;
}
