// Streams blobs' contents with one `git cat-file --batch`: the ids go in on stdin, and each comes
// back as `<id> blob <size>\n<size bytes>\n`. Blobs are handed over one at a time as they arrive.
import { spawn } from 'node:child_process';
import { UserError } from '../../types.js';
import { firstLine } from '../git-run.js';

export async function* readBlobs(root: string, shas: string[]): AsyncGenerator<{ sha: string; bytes: Buffer }> {
  const child = spawn('git', ['cat-file', '--batch'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 16384) stderr += d;
  });
  const exited = new Promise<number>((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', (code) => resolve(code ?? 1));
  });
  child.stdin.on('error', () => undefined);
  // Written in pieces as the pipe drains, so a long list never sits in memory twice.
  void (async () => {
    for (let i = 0; i < shas.length; i += 1000) {
      if (!child.stdin.write(shas.slice(i, i + 1000).join('\n') + '\n')) await new Promise((r) => child.stdin.once('drain', r));
    }
    child.stdin.end();
  })();
  let pending: Buffer = Buffer.alloc(0);
  let want: { sha: string; size: number } | undefined;
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        if (!want) {
          const nl = pending.indexOf(10);
          if (nl < 0) break;
          const [sha, type, size] = pending.subarray(0, nl).toString('latin1').split(' ');
          pending = pending.subarray(nl + 1);
          if (type === 'missing' || !size) continue; // gone since it was listed
          want = { sha: sha!, size: Number(size) };
        }
        if (pending.length < want.size + 1) break;
        const bytes = Buffer.from(pending.subarray(0, want.size));
        pending = pending.subarray(want.size + 1);
        const sha = want.sha;
        want = undefined;
        yield { sha, bytes };
      }
    }
    const code = await exited;
    finished = true;
    if (code !== 0) throw new UserError(`git cat-file failed: ${firstLine(stderr) || `git exited with ${code}`}`);
  } finally {
    if (!finished && child.exitCode === null) child.kill();
  }
}
