// `scan --pre-push [REMOTE [URL]]`: git's pre-push hook stdin, one line per ref being pushed:
//   <local ref> <local sha> <remote ref> <remote sha>
// Scans only the commits the remote lacks: remote_sha..local_sha for an update; for a new branch
// (remote sha all zeros) the commits not reachable from the remote's tracking refs; a deletion
// (local sha all zeros) scans nothing. All lines are walked in one `git log`, so a commit pushed
// on two refs is scanned once.
import { UserError } from '../types.js';
import { logEvents } from './git-history.js';
import { assertRepo, git, revExists, ZERO_SHA } from './git-run.js';
import type { Source, SourceEvent } from './types.js';

export interface PushUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;

export function parsePrePushInput(stdinText: string): PushUpdate[] {
  const out: PushUpdate[] = [];
  for (const raw of stdinText.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.split(/\s+/);
    if (parts.length !== 4 || !SHA.test(parts[1]!) || !SHA.test(parts[3]!)) {
      throw new UserError('unexpected pre-push input: expected "<local ref> <local sha> <remote ref> <remote sha>" lines');
    }
    out.push({ localRef: parts[0]!, localSha: parts[1]!, remoteRef: parts[2]!, remoteSha: parts[3]! });
  }
  return out;
}

/** `--remotes=<name>` when `remote` is a configured remote, else every remote-tracking ref. */
async function remotesArg(root: string, remote: string | undefined): Promise<string> {
  if (remote && !remote.startsWith('-')) {
    const r = await git(root, ['remote']);
    if (r.code === 0 && r.stdout.split('\n').includes(remote)) return `--remotes=${remote}`;
  }
  return '--remotes';
}

/**
 * The pre-commit framework (pre-commit.com) reads git's pre-push stdin itself and hands hooks the
 * first pushed ref as environment variables instead: PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF, or
 * only PRE_COMMIT_LOCAL_BRANCH when the push includes a root commit.
 */
export function updatesFromPreCommitEnv(env: NodeJS.ProcessEnv): PushUpdate[] {
  const to = env.PRE_COMMIT_TO_REF;
  const local = env.PRE_COMMIT_LOCAL_BRANCH;
  const remoteRef = env.PRE_COMMIT_REMOTE_BRANCH ?? '';
  const zero = '0'.repeat(40);
  if (to && !to.startsWith('-')) {
    const from = env.PRE_COMMIT_FROM_REF;
    return [{ localRef: local ?? '', localSha: to, remoteRef, remoteSha: from && !from.startsWith('-') ? from : zero }];
  }
  if (local && !local.startsWith('-')) return [{ localRef: local, localSha: local, remoteRef, remoteSha: zero }];
  return [];
}

export function prePushSource(root: string, stdinText: string, remote?: string, env: NodeJS.ProcessEnv = process.env): Source {
  return {
    async *[Symbol.asyncIterator](): AsyncGenerator<SourceEvent> {
      await assertRepo(root);
      let updates = parsePrePushInput(stdinText);
      if (updates.length === 0) {
        updates = updatesFromPreCommitEnv(env);
        remote ??= env.PRE_COMMIT_REMOTE_NAME;
      }
      const include: string[] = [];
      const exclude: string[] = [];
      let needRemotes = false;
      for (const u of updates) {
        if (ZERO_SHA.test(u.localSha)) continue; // deletion
        if (!(await revExists(root, u.localSha))) throw new UserError(`pre-push: unknown local revision ${u.localSha}`);
        include.push(u.localSha);
        if (!ZERO_SHA.test(u.remoteSha) && (await revExists(root, u.remoteSha))) exclude.push(u.remoteSha);
        else needRemotes = true; // new branch, or a remote tip we have never fetched
      }
      if (include.length === 0) return;
      const revArgs = [...include, ...exclude.map((s) => `^${s}`)];
      if (needRemotes) revArgs.push('--not', await remotesArg(root, remote));
      yield* logEvents(root, revArgs);
    },
  };
}
