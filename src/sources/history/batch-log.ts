// One batch of a parallel history scan: `git log --no-walk=unsorted <sha>...` prints exactly the
// listed commits, each with the same patch `git log -p` prints for it in a full walk (a commit's
// patch depends only on the commit and its parents), parsed by the same diff parser. So the events
// of the batches, concatenated in order, are the events of the plain walk.
import { spawn } from 'node:child_process';
import { UserError } from '../../types.js';
import { COMMIT_FORMAT, parseDiff } from '../diff-parse.js';
import { firstLine, gitLines, PATCH_OPTS } from '../git-run.js';
import type { SourceEvent } from '../types.js';
import { FastDiffParser } from './fast-parse.js';

/**
 * Keeps each git process's memory small: git maps pack files in windows (up to 8 GiB by default,
 * so its resident size grows to the pack size over a long walk); these limits cap that without
 * changing any output. The delta-base cache is the one that buys speed (fewer re-inflated bases):
 * on git/git 24 MiB instead of the default 96 costs about 3% of the scan's time and keeps node plus
 * its two git processes under 300 MB together (48 MiB: about 340 MB). LEAKGUARD_GIT_OPTS replaces
 * them (benchmarks).
 */
export const GIT_MEMORY_OPTS = (process.env.LEAKGUARD_GIT_OPTS ?? '-c core.packedGitWindowSize=16m -c core.packedGitLimit=32m -c core.deltaBaseCacheLimit=24m').split(' ');

export function batchLogArgs(shas: string[]): string[] {
  return [...GIT_MEMORY_OPTS, 'log', COMMIT_FORMAT, '--no-show-signature', '--encoding=UTF-8', '--root', ...PATCH_OPTS, '--no-walk=unsorted', ...shas, '--'];
}

export function batchEvents(root: string, shas: string[]): AsyncGenerator<SourceEvent> {
  return parseDiff(gitLines(root, batchLogArgs(shas), 'git log'));
}

/**
 * The fast form of batchEvents: spawns the batch's `git log` and hands every event to `emit`
 * synchronously as stdout arrives (FastDiffParser). Resolves when git has exited; rejects with
 * the same one-line UserError as gitLines when git fails.
 */
export function streamBatch(root: string, shas: string[], emit: (ev: SourceEvent) => void): Promise<void> {
  return streamPatch(root, batchLogArgs(shas), 'git log', emit);
}

/** Run git with `args` (patch output) in `cwd` and hand its events to `emit` as they arrive. */
export function streamPatch(cwd: string, args: string[], what: string, emit: (ev: SourceEvent) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const parser = new FastDiffParser(emit);
    let stderr = '';
    let failed: unknown;
    let spawnError: NodeJS.ErrnoException | undefined;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 16384) stderr += d;
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        parser.push(chunk);
      } catch (err) {
        failed = err;
        child.kill();
      }
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    child.on('close', (code, signal) => {
      if (failed) return reject(failed);
      if (spawnError) {
        return reject(new UserError(spawnError.code === 'ENOENT' ? 'git is not installed or not on PATH' : `cannot run git: ${spawnError.code}`));
      }
      const exit = code ?? (signal ? 128 : 1);
      if (exit !== 0) return reject(new UserError(`${what} failed: ${firstLine(stderr) || `git exited with ${exit}`}`));
      try {
        parser.end();
      } catch (err) {
        return reject(err);
      }
      resolve();
    });
  });
}
