// Streaming parser of git's unified-diff output (`git diff -p` / `git log -p`), line by line.
// For every (commit, file) it yields one Fragment holding the added lines, each with its line
// number in the new file. Binary files become `skip` events; deletions, mode-only changes,
// pure renames and submodule pointers yield nothing.
//
// Run git with PATCH_OPTS (src/sources/git-run.ts) so the output has a predictable shape:
// no colour, a/ b/ prefixes, no textconv or external diff. For `git log`, pass COMMIT_FORMAT:
// each commit then starts with a line beginning with a NUL byte, which no diff line can.
//
// Hunk bodies are consumed by count (the @@ header says how many old and new lines follow), so
// an added line whose text looks like a diff header ("+++ b/x", "diff --git ...") is still content.
import type { CommitInfo, Fragment } from '../types.js';
import type { SourceEvent } from './types.js';

/** `git log` format whose lines the parser recognises as commit headers. */
export const COMMIT_FORMAT = '--format=%x00%H%x00%an%x00%ae%x00%aI%x00%s';

/** What a file's diff headers said; shared with the history fast path (history/fast-parse.ts). */
export interface FileHeaderState {
  headerOld?: string;
  headerNew?: string;
  minusPath?: string | null;
  plusPath?: string | null;
  renameTo?: string;
  copyTo?: string;
  deleted: boolean;
  submodule: boolean;
  binary: boolean;
  /** Line numbers of the added lines so far. */
  nums: number[];
}

interface FileState extends FileHeaderState {
  lines: string[];
}

export const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
export const LFS_POINTER = 'version https://git-lfs.github.com/spec/';

const C_ESCAPES: Record<number, number> = {
  0x61: 7, // \a
  0x62: 8, // \b
  0x74: 9, // \t
  0x6e: 10, // \n
  0x76: 11, // \v
  0x66: 12, // \f
  0x72: 13, // \r
  0x22: 0x22, // \"
  0x5c: 0x5c, // \\
};

/**
 * Decode a C-style quoted name as git writes it (`"a/sp\303\251cial \"name\""`) starting at
 * `pos` (which holds the opening quote). Returns the decoded name and the index after the
 * closing quote, or undefined when the text is not a well-formed quoted name.
 */
export function unquoteC(buf: Buffer, pos: number): { value: string; end: number } | undefined {
  if (buf[pos] !== 0x22) return undefined;
  const out: number[] = [];
  let i = pos + 1;
  while (i < buf.length) {
    const c = buf[i]!;
    if (c === 0x22) return { value: Buffer.from(out).toString('utf8'), end: i + 1 };
    if (c !== 0x5c) {
      out.push(c);
      i++;
      continue;
    }
    const n = buf[i + 1];
    if (n === undefined) return undefined;
    if (n >= 0x30 && n <= 0x37) {
      // \ooo: one byte in octal
      let v = 0;
      let j = i + 1;
      for (let k = 0; k < 3 && j < buf.length && buf[j]! >= 0x30 && buf[j]! <= 0x37; k++, j++) v = v * 8 + (buf[j]! - 0x30);
      out.push(v & 0xff);
      i = j;
      continue;
    }
    const e = C_ESCAPES[n];
    out.push(e ?? n);
    i += 2;
  }
  return undefined;
}

function stripPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** A path after `--- `, `+++ `, `rename to ` etc.; null for /dev/null. */
export function pathToken(buf: Buffer, start: number, prefix: string): string | null {
  if (buf[start] === 0x22) {
    const q = unquoteC(buf, start);
    if (q) return stripPrefix(q.value, prefix);
  }
  let s = buf.subarray(start).toString('utf8');
  if (s === '/dev/null') return null;
  // git appends a tab to ---/+++ names that contain a space (a real tab would have been quoted)
  if (s.endsWith('\t')) s = s.slice(0, -1);
  return stripPrefix(s, prefix);
}

/** Paths from `diff --git a/X b/Y`. Exact when both are quoted or both are the same name. */
export function parseGitHeader(buf: Buffer, start: number): { a?: string; b?: string } {
  if (buf[start] === 0x22) {
    const q1 = unquoteC(buf, start);
    if (!q1) return {};
    const a = stripPrefix(q1.value, 'a/');
    const i = q1.end + 1;
    if (buf[i] === 0x22) {
      const q2 = unquoteC(buf, i);
      return { a, b: q2 ? stripPrefix(q2.value, 'b/') : undefined };
    }
    return { a, b: stripPrefix(buf.subarray(i).toString('utf8'), 'b/') };
  }
  const s = buf.subarray(start).toString('utf8');
  // Same name on both sides: "a/P b/P"
  if ((s.length - 5) % 2 === 0 && s.startsWith('a/')) {
    const n = (s.length - 5) / 2;
    const p = s.slice(2, 2 + n);
    if (s.slice(2 + n, 5 + n) === ' b/' && s.slice(5 + n) === p) return { a: p, b: p };
  }
  // Unquoted old name, quoted new name
  const qb = s.lastIndexOf(' "b/');
  if (qb > 0) {
    const q2 = unquoteC(buf, start + Buffer.byteLength(s.slice(0, qb + 1)));
    if (q2) return { a: stripPrefix(s.slice(0, qb), 'a/'), b: stripPrefix(q2.value, 'b/') };
  }
  const sp = s.indexOf(' b/');
  if (sp > 0) return { a: stripPrefix(s.slice(0, sp), 'a/'), b: s.slice(sp + 3) };
  return {};
}

function startsWith(buf: Buffer, prefix: string): boolean {
  if (buf.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function newFile(): FileState {
  return { deleted: false, submodule: false, binary: false, lines: [], nums: [] };
}

function filePath(f: FileState): string | undefined {
  return f.plusPath ?? f.renameTo ?? f.copyTo ?? f.headerNew ?? f.minusPath ?? f.headerOld ?? undefined;
}

export function parseCommit(line: Buffer): CommitInfo {
  const parts = line.toString('utf8').split('\0');
  const info: CommitInfo = { sha: parts[1] ?? '', author: parts[2] ?? '', email: parts[3] ?? '', date: parts[4] ?? '' };
  if (parts[5]) info.message = parts[5];
  return info;
}

function decodeLine(line: Buffer): string {
  let end = line.length;
  if (end > 1 && line[end - 1] === 0x0d) end--;
  return line.toString('utf8', 1, end);
}

/**
 * Parse a stream of diff lines (each without its '\n'). Strings are accepted for tests; git's
 * output should be passed as Buffers so non-UTF-8 quoted names decode correctly.
 */
export async function* parseDiff(lines: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<SourceEvent> {
  let commit: CommitInfo | undefined;
  let file: FileState | undefined;
  // Hunk state: lines of the old and new side still to come, next new-file line number.
  let oldLeft = 0;
  let newLeft = 0;
  let nextLine = 0;

  function* finish(): Generator<SourceEvent> {
    const f = file;
    file = undefined;
    oldLeft = newLeft = 0;
    if (!f) return;
    const path = filePath(f);
    if (path === undefined) return;
    if (f.binary) {
      if (!f.deleted && f.plusPath !== null) yield { type: 'skip', path, reason: 'binary', detail: commit ? commit.sha : undefined };
      return;
    }
    if (f.submodule || f.lines.length === 0) return;
    if (f.nums[0] === 1 && f.lines[0]!.startsWith(LFS_POINTER) && f.lines.length <= 10 && f.lines.some((l) => l.startsWith('oid sha256:'))) {
      yield { type: 'skip', path, reason: 'lfsPointer', detail: commit ? commit.sha : undefined };
      return;
    }
    const fragment: Fragment = { path, text: f.lines.join('\n'), lineNumbers: f.nums };
    if (commit) fragment.commit = commit;
    yield { type: 'fragment', fragment };
  }

  for await (const raw of lines) {
    const line = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;

    if (oldLeft > 0 || newLeft > 0) {
      const c = line[0];
      if (c === 0x2b /* + */ && newLeft > 0) {
        file!.lines.push(decodeLine(line));
        file!.nums.push(nextLine++);
        newLeft--;
        continue;
      }
      if (c === 0x2d /* - */ && oldLeft > 0) {
        oldLeft--;
        continue;
      }
      if ((c === 0x20 || c === undefined) && oldLeft > 0 && newLeft > 0) {
        oldLeft--;
        newLeft--;
        nextLine++;
        continue;
      }
      if (c === 0x5c /* \ No newline at end of file */) continue;
      // Malformed counts: fall back to reading it as a header line.
      oldLeft = newLeft = 0;
    }

    if (line[0] === 0) {
      yield* finish();
      commit = parseCommit(line);
      yield { type: 'commit', sha: commit.sha };
      continue;
    }
    if (startsWith(line, 'diff --git ')) {
      yield* finish();
      file = newFile();
      const h = parseGitHeader(line, 11);
      file.headerOld = h.a;
      file.headerNew = h.b;
      continue;
    }
    if (!file) continue;
    if (startsWith(line, '@@ ')) {
      const m = HUNK.exec(line.toString('latin1'));
      if (!m) continue;
      oldLeft = m[2] === undefined ? 1 : Number(m[2]);
      newLeft = m[4] === undefined ? 1 : Number(m[4]);
      nextLine = Number(m[3]);
      continue;
    }
    if (startsWith(line, '--- ')) file.minusPath = pathToken(line, 4, 'a/');
    else if (startsWith(line, '+++ ')) file.plusPath = pathToken(line, 4, 'b/');
    else if (startsWith(line, 'rename to ')) file.renameTo = pathToken(line, 10, '') ?? undefined;
    else if (startsWith(line, 'copy to ')) file.copyTo = pathToken(line, 8, '') ?? undefined;
    else if (startsWith(line, 'deleted file mode ')) file.deleted = true;
    else if (startsWith(line, 'new file mode 160000')) file.submodule = true;
    else if (startsWith(line, 'index ')) {
      if (line.toString('latin1').endsWith(' 160000')) file.submodule = true;
    } else if (startsWith(line, 'Binary files ') || startsWith(line, 'GIT binary patch')) {
      file.binary = true;
      if (line.toString('latin1').endsWith(' and /dev/null differ')) file.deleted = true;
    }
    // Anything else (old/new mode, similarity index, blank lines, commit message text) is ignored.
  }
  yield* finish();
}

/** Convenience for tests and small inputs: parse a whole diff held in memory. */
export async function parseDiffText(text: string | Buffer): Promise<SourceEvent[]> {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
    lines.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  if (start < buf.length) lines.push(buf.subarray(start));
  const out: SourceEvent[] = [];
  for await (const e of parseDiff(lines)) out.push(e);
  return out;
}
