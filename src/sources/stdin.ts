// Text piped on standard input, scanned as one file named by --stdin-name.
import type { Source } from './types.js';
import { textOrSkip } from './decode.js';

export async function readStdin(): Promise<Buffer> {
  // A terminal is not input: the pre-commit framework's pre-push runs hooks with no refs on stdin.
  if (process.stdin.isTTY) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

export async function* stdinSource(name: string, input?: Buffer): Source {
  const buf = input ?? (await readStdin());
  const d = textOrSkip(name, buf);
  yield 'text' in d ? { type: 'fragment', fragment: { path: name, text: d.text } } : d;
}
