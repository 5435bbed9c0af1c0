// One line of `git log --raw --no-abbrev` (run with core.quotePath=false):
//   :100644 100644 <old blob> <new blob> M\t<path>
// used by the object scan's naming (objects/names.ts); merges' combined lines are history/merges.ts'.
import { unquoteC } from '../diff-parse.js';
import { ZERO_SHA } from '../git-run.js';

export interface RawChange {
  oldMode: string;
  newMode: string;
  /** '' for an added file. */
  oldBlob: string;
  newBlob: string;
  status: string;
  path: string;
}

/** The change a `--raw` line describes, or undefined when the line is not one. */
export function parseRawLine(line: Buffer): RawChange | undefined {
  if (line[0] !== 0x3a) return undefined; // ':'
  const tab = line.indexOf(9);
  if (tab < 0) return undefined;
  const [oldMode, newMode, oldBlob, newBlob, status] = line.subarray(1, tab).toString('latin1').split(' ');
  if (!newMode || !newBlob || !status) return undefined;
  const path = line[tab + 1] === 0x22 ? (unquoteC(line, tab + 1)?.value ?? line.subarray(tab + 1).toString('utf8')) : line.subarray(tab + 1).toString('utf8');
  return { oldMode: oldMode!, newMode, oldBlob: ZERO_SHA.test(oldBlob ?? '') ? '' : oldBlob!, newBlob, status, path };
}

/** True when the change leaves a regular file's content (not a deletion, symlink or submodule). */
export function leavesFile(c: RawChange): boolean {
  return c.status !== 'D' && c.newMode.startsWith('100') && !ZERO_SHA.test(c.newBlob);
}
