// A scan worker's findings cross to the main thread by structured clone, which copies a string
// once per finding that refers to it. Every finding on one line carries that line (lineText), and
// in minified files a line is the whole file: a bundle with a thousand findings on its one line
// sent a thousand copies of it, and the main thread kept them all (measured on an 880 MB
// node_modules: 4,083 findings on the main thread's half carried 127 MB of lines, 58 MB of them
// distinct; the directory scan's resident memory 0.8 to 1.15 GB, against 380 MB in one thread,
// where the findings share the file's text). So a result sends each long line once, and the main
// thread gives every finding on it the same string again: the findings are the in-process scan's.
import type { Finding } from '../types.js';
import type { FileOutcome } from './parallel-protocol.js';

/** Lines shorter than this are sent as they are (a table entry would cost more than the copy). */
const SHARED_FROM = 256;

/** The part of a worker's result that carries its findings' long lines. */
export interface SharedLines {
  /** The long lines, each once. */
  lines?: string[];
  /**
   * Per finding, in order over the groups: its line's index in `lines`, or -1 (lineText kept). It
   * ends at the last finding whose line was moved: the findings after it have no entry.
   */
  lineRefs?: number[];
}

/**
 * Moves the long lines of the findings in `groups` (each group one fragment's findings: one file,
 * or one file in one commit) into `r.lines`, each once per group: such a finding gets lineText ''.
 * Nothing changes when no line is long. `groups` must come in the same order to restoreLines().
 */
export function shareLines(r: SharedLines, groups: Iterable<Finding[]>): void {
  let lines: string[] | undefined;
  let refs: number[] | undefined;
  let n = 0;
  for (const findings of groups) {
    // Within one fragment a line number names one line: the text each finding on it was cut from.
    const byLine = new Map<number, number>();
    for (const f of findings) {
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

/** Gives back every finding in `groups` the line shareLines() took from it (one string per line). */
export function restoreLines(r: SharedLines, groups: Iterable<Finding[]>): void {
  const { lines, lineRefs } = r;
  if (!lines || !lineRefs) return;
  let n = 0;
  for (const findings of groups) {
    for (const f of findings) {
      const i = lineRefs[n++];
      const line = i === undefined || i < 0 ? undefined : lines[i];
      if (line !== undefined) f.lineText = line;
    }
  }
  delete r.lines;
  delete r.lineRefs;
}

/** The findings of a directory job's result, file by file (the groups of shareLines). */
export function* fileFindings(files: FileOutcome[]): Generator<Finding[]> {
  for (const f of files) if ('findings' in f) yield f.findings;
}
