// `scan --pre-receive`: server side. stdin holds `<old> <new> <ref>` lines; the pushed objects are
// visible to git in the hook's environment (quarantine) while the refs still hold their old values.
// Scans old..new for an update, `new --not --all` for a new ref; deletions scan nothing.
import { UserError } from '../types.js';
import { logEvents } from './git-history.js';
import { assertRepo, ZERO_SHA } from './git-run.js';
import type { Source, SourceEvent } from './types.js';

export interface RefUpdate {
  oldSha: string;
  newSha: string;
  ref: string;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;

export function parsePreReceiveInput(stdinText: string): RefUpdate[] {
  const out: RefUpdate[] = [];
  for (const raw of stdinText.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.split(/\s+/);
    if (parts.length !== 3 || !SHA.test(parts[0]!) || !SHA.test(parts[1]!)) {
      throw new UserError('unexpected pre-receive input: expected "<old sha> <new sha> <ref>" lines');
    }
    out.push({ oldSha: parts[0]!, newSha: parts[1]!, ref: parts[2]! });
  }
  return out;
}

export function preReceiveSource(gitDir: string, stdinText: string): Source {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<SourceEvent> {
      await assertRepo(gitDir);
      const updates = parsePreReceiveInput(stdinText);
      const include: string[] = [];
      const exclude: string[] = [];
      let newRef = false;
      for (const u of updates) {
        if (ZERO_SHA.test(u.newSha)) continue; // deletion
        include.push(u.newSha);
        if (ZERO_SHA.test(u.oldSha)) newRef = true;
        else exclude.push(u.oldSha);
      }
      if (include.length === 0) return;
      const revArgs = [...include, ...exclude.map((s) => `^${s}`)];
      if (newRef) revArgs.push('--not', '--all');
      yield* logEvents(gitDir, revArgs);
    },
  };
}
