// Streams blobs' contents with one `git cat-file --batch`: the ids go in on stdin, and each comes
// back as `<id> blob <size>\n<size bytes>\n`. Blobs are handed over one at a time as they arrive;
// a blob's bytes are joined once, however many chunks it came in.
import { gitStream } from '../git-run.js';

/** `gitOpts` go before `cat-file` (memory caps: `-c core.packedGitLimit=…`). */
export async function* readBlobs(root: string, shas: string[], gitOpts: string[] = []): AsyncGenerator<{ sha: string; bytes: Buffer }> {
  /** Bytes not yet consumed: a partial header line, or the start of the next blob. */
  let rest: Buffer = Buffer.alloc(0);
  let want: { sha: string; size: number; parts: Buffer[]; have: number } | undefined;
  for await (const chunk of gitStream(root, [...gitOpts, 'cat-file', '--batch'], 'git cat-file', shas)) {
    let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    rest = Buffer.alloc(0);
    for (;;) {
      if (!want) {
        const nl = buf.indexOf(10);
        if (nl < 0) {
          rest = buf;
          break;
        }
        const [sha, type, size] = buf.subarray(0, nl).toString('latin1').split(' ');
        buf = buf.subarray(nl + 1);
        if (type === 'missing' || !size) continue; // gone since it was listed
        want = { sha: sha!, size: Number(size), parts: [], have: 0 };
      }
      // The body and its closing '\n'.
      const need = want.size + 1 - want.have;
      if (buf.length < need) {
        want.parts.push(buf);
        want.have += buf.length;
        break;
      }
      want.parts.push(buf.subarray(0, need));
      buf = buf.subarray(need);
      const bytes = Buffer.concat(want.parts, want.size + 1).subarray(0, want.size);
      const sha = want.sha;
      want = undefined;
      yield { sha, bytes };
    }
  }
}
