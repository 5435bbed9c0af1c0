// A push parser of git's patch output for bulk history: the same events, in the same order, as
// parseDiff (src/sources/diff-parse.ts, the reference), but fed raw stdout chunks and working on
// byte offsets: no per-line Buffer, string or promise. Added lines are copied into one byte buffer
// per file and decoded once. Header lines (rare) are handed to diff-parse's own helpers.
// test/perf/fast-parse.test.ts checks it event for event against parseDiff.
import type { CommitInfo, Fragment } from '../../types.js';
import { HUNK, LFS_POINTER, parseCommit, parseGitHeader, pathToken, type FileHeaderState } from '../diff-parse.js';
import type { SourceEvent } from '../types.js';

interface FileState extends FileHeaderState {
  /** Added lines so far. */
  count: number;
}

function hasPrefix(buf: Buffer, start: number, end: number, prefix: string): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[start + i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function endsWithLatin1(buf: Buffer, start: number, end: number, suffix: string): boolean {
  if (end - start < suffix.length) return false;
  const off = end - suffix.length;
  for (let i = 0; i < suffix.length; i++) if (buf[off + i] !== suffix.charCodeAt(i)) return false;
  return true;
}

export class FastDiffParser {
  private commit: CommitInfo | undefined;
  private file: FileState | undefined;
  private oldLeft = 0;
  private newLeft = 0;
  private nextLine = 0;
  /** Bytes of the current file's added lines, '\n'-joined. */
  private text = Buffer.allocUnsafe(1 << 16);
  private textLen = 0;
  /** Unterminated tail of the previous chunk. */
  private carry: Buffer | undefined;

  constructor(private readonly emit: (ev: SourceEvent) => void) {}

  /** Feed the next chunk of git's stdout. */
  push(chunk: Buffer): void {
    let pos = 0;
    if (this.carry) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, nl)]);
      this.carry = undefined;
      this.line(line, 0, line.length);
      pos = nl + 1;
    }
    const len = chunk.length;
    while (pos < len) {
      const nl = chunk.indexOf(10, pos);
      if (nl === -1) {
        this.carry = Buffer.from(chunk.subarray(pos));
        return;
      }
      this.line(chunk, pos, nl);
      pos = nl + 1;
    }
  }

  /** The stream ended: flush the last line and file. */
  end(): void {
    if (this.carry && this.carry.length) this.line(this.carry, 0, this.carry.length);
    this.carry = undefined;
    this.finish();
  }

  private addLine(buf: Buffer, start: number, end: number): void {
    // The '+' marker is dropped, and one trailing '\r' (as diff-parse's decodeLine does).
    let e = end;
    if (e - start > 1 && buf[e - 1] === 0x0d) e--;
    const n = e - start - 1;
    const need = this.textLen + n + 1;
    if (need > this.text.length) {
      let size = this.text.length * 2;
      while (size < need) size *= 2;
      const grown = Buffer.allocUnsafe(size);
      this.text.copy(grown, 0, 0, this.textLen);
      this.text = grown;
    }
    const f = this.file!;
    if (f.count > 0) this.text[this.textLen++] = 10;
    buf.copy(this.text, this.textLen, start + 1, e);
    this.textLen += n;
    f.count++;
    f.nums.push(this.nextLine++);
  }

  private line(buf: Buffer, start: number, end: number): void {
    if (this.oldLeft > 0 || this.newLeft > 0) {
      const c = start < end ? buf[start] : undefined;
      if (c === 0x2b /* + */ && this.newLeft > 0) {
        this.addLine(buf, start, end);
        this.newLeft--;
        return;
      }
      if (c === 0x2d /* - */ && this.oldLeft > 0) {
        this.oldLeft--;
        return;
      }
      if ((c === 0x20 || c === undefined) && this.oldLeft > 0 && this.newLeft > 0) {
        this.oldLeft--;
        this.newLeft--;
        this.nextLine++;
        return;
      }
      if (c === 0x5c /* \ No newline at end of file */) return;
      this.oldLeft = this.newLeft = 0;
    }
    this.header(buf, start, end);
  }

  private header(buf: Buffer, start: number, end: number): void {
    if (start < end && buf[start] === 0) {
      this.finish();
      this.commit = parseCommit(buf.subarray(start, end));
      this.emit({ type: 'commit', sha: this.commit.sha });
      return;
    }
    if (hasPrefix(buf, start, end, 'diff --git ')) {
      this.finish();
      const f: FileState = { deleted: false, submodule: false, binary: false, count: 0, nums: [] };
      this.file = f;
      this.textLen = 0;
      const h = parseGitHeader(buf.subarray(start, end), 11);
      f.headerOld = h.a;
      f.headerNew = h.b;
      return;
    }
    const file = this.file;
    if (!file) return;
    if (hasPrefix(buf, start, end, '@@ ')) {
      const m = HUNK.exec(buf.toString('latin1', start, end));
      if (!m) return;
      this.oldLeft = m[2] === undefined ? 1 : Number(m[2]);
      this.newLeft = m[4] === undefined ? 1 : Number(m[4]);
      this.nextLine = Number(m[3]);
      return;
    }
    if (hasPrefix(buf, start, end, '--- ')) file.minusPath = pathToken(buf.subarray(start, end), 4, 'a/');
    else if (hasPrefix(buf, start, end, '+++ ')) file.plusPath = pathToken(buf.subarray(start, end), 4, 'b/');
    else if (hasPrefix(buf, start, end, 'rename to ')) file.renameTo = pathToken(buf.subarray(start, end), 10, '') ?? undefined;
    else if (hasPrefix(buf, start, end, 'copy to ')) file.copyTo = pathToken(buf.subarray(start, end), 8, '') ?? undefined;
    else if (hasPrefix(buf, start, end, 'deleted file mode ')) file.deleted = true;
    else if (hasPrefix(buf, start, end, 'new file mode 160000')) file.submodule = true;
    else if (hasPrefix(buf, start, end, 'index ')) {
      if (endsWithLatin1(buf, start, end, ' 160000')) file.submodule = true;
    } else if (hasPrefix(buf, start, end, 'Binary files ') || hasPrefix(buf, start, end, 'GIT binary patch')) {
      file.binary = true;
      if (endsWithLatin1(buf, start, end, ' and /dev/null differ')) file.deleted = true;
    }
  }

  private finish(): void {
    const f = this.file;
    this.file = undefined;
    this.oldLeft = this.newLeft = 0;
    if (!f) return;
    const path = f.plusPath ?? f.renameTo ?? f.copyTo ?? f.headerNew ?? f.minusPath ?? f.headerOld ?? undefined;
    if (path === undefined) return;
    const commit = this.commit;
    if (f.binary) {
      if (!f.deleted && f.plusPath !== null) this.emit({ type: 'skip', path, reason: 'binary', detail: commit ? commit.sha : undefined });
      return;
    }
    if (f.submodule || f.count === 0) return;
    const text = this.text.toString('utf8', 0, this.textLen);
    if (f.nums[0] === 1 && f.count <= 10 && text.startsWith(LFS_POINTER)) {
      const lines = text.split('\n');
      if (lines.some((l) => l.startsWith('oid sha256:'))) {
        this.emit({ type: 'skip', path, reason: 'lfsPointer', detail: commit ? commit.sha : undefined });
        return;
      }
    }
    const fragment: Fragment = { path, text, lineNumbers: f.nums };
    if (commit) fragment.commit = commit;
    this.emit({ type: 'fragment', fragment });
  }
}
