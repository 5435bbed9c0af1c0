// `leakguard scan`: pick a source from the flags, run it through the detector, render a report.
import { execFile } from 'node:child_process';
import { writeFileSync, renameSync } from 'node:fs';
import { dirname, resolve, basename, join } from 'node:path';
import type { ScanResult } from '../../types.js';
import { UserError } from '../../types.js';
import type { Source, SourceEvent } from '../../sources/types.js';
import type { FileSourceOptions } from '../../sources/files.js';
import { parseScanArgs, type ScanArgs } from './scan-args.js';
import { checkTargets } from './scan-targets.js';
import { repoRoot, requireRepo } from '../../util/git.js';
import { findWorkTree } from '../../util/git-discover.js';
import { loadConfig } from '../../config/load.js';
import { Detector } from '../../detect/engine.js';
import { runScan } from '../../scan/run.js';
import { buildSuppressor } from '../../scan/suppress.js';
import { VERSION } from '../../version.js';
// Static, unlike the other sources: the pre-commit path should not wait for more module loads.
import { stagedEvents, stagedSource } from '../../sources/git-staged.js';
import { render } from '../../report/index.js';
import { applyMinConfidence } from '../../judge/level.js';

interface RepoFacts {
  /** Work-tree top level (undefined in a bare repository). */
  root?: string;
  gitDir: string;
  bare: boolean;
}

/**
 * What repoRoot() and requireRepo() say about `cwd`, from one `git rev-parse` (each git spawn
 * costs milliseconds on the pre-commit path). Undefined when `cwd` is not in a repository.
 */
function repoFacts(cwd: string): Promise<RepoFacts | undefined> {
  // The usual layout is answered from the file system (src/util/git-discover.ts).
  const plain = findWorkTree(cwd);
  if (plain) return Promise.resolve({ ...plain, bare: false });
  return new Promise((res) => {
    execFile(
      'git',
      ['rev-parse', '--is-bare-repository', '--absolute-git-dir', '--show-toplevel'],
      { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (_err, stdout) => {
        const [bare, gitDir, top] = (stdout ?? '').split('\n');
        if (bare !== 'true' && bare !== 'false') return res(undefined);
        if (bare === 'true') return res({ gitDir, bare: true });
        res(top ? { root: top, gitDir, bare: false } : undefined);
      },
    );
  });
}

/** A source to run in-process, or files and directories (scanned by scanFiles). */
type PickedSource = { source: Source; root: string; files?: undefined } | { files: { targets: string[]; source: FileSourceOptions }; root: string; source?: undefined };

async function pickSource(a: ScanArgs, cwd: string, maxFileSize: number, here: RepoFacts | undefined, stagedDiff?: Promise<SourceEvent[]>): Promise<PickedSource> {
  if (a.staged) {
    // A bare repository has nothing staged; requireRepo() reports anything else.
    const root = here?.root ?? (await requireRepo(cwd)).root;
    return { source: stagedSource(root, here?.root ? { bare: false, events: stagedDiff } : undefined), root };
  }
  if (a.prePush) {
    const { root } = await requireRepo(cwd);
    const { prePushSource } = await import('../../sources/git-pre-push.js');
    const { readStdin } = await import('../../sources/stdin.js');
    const input = (await readStdin()).toString('utf8');
    return { source: prePushSource(root, input, a.paths[0]), root };
  }
  if (a.preReceive) {
    const { gitDir } = await requireRepo(cwd);
    const { preReceiveSource } = await import('../../sources/git-pre-receive.js');
    const { readStdin } = await import('../../sources/stdin.js');
    const input = (await readStdin()).toString('utf8');
    return { source: preReceiveSource(gitDir, input), root: gitDir };
  }
  if (a.stdin) {
    const { stdinSource } = await import('../../sources/stdin.js');
    return { source: stdinSource(a.stdinName), root: cwd };
  }
  const targets = a.paths.length ? a.paths : ['.'];
  checkTargets(targets, targets.map((t) => resolve(cwd, t)));
  const gitRoot = a.gitignore ? await repoRoot(resolve(cwd, targets[0])) : undefined;
  const base = gitRoot ?? cwd;
  return {
    files: {
      targets: targets.map((t) => resolve(cwd, t)),
      source: { base, maxFileSize, exclude: a.exclude, gitRoot },
    },
    root: base,
  };
}

/** Write atomically: a temp file beside the target, then rename, so no half-written report remains. */
function writeAtomic(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    throw new UserError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

export async function run(args: string[]): Promise<number> {
  const a = await parseScanArgs(args);
  if (a === 'help') return 0;
  const cwd = process.cwd();
  // Pre-commit path: start `git diff --cached` now, beside `git rev-parse` and the config load.
  // Its result is only used once rev-parse says this is a work tree (errors are then reported).
  let stagedDiff: Promise<SourceEvent[]> | undefined;
  if (a.staged) {
    stagedDiff = stagedEvents(cwd);
    stagedDiff.catch(() => undefined);
  }
  const here = await repoFacts(cwd);
  const configRoot = here?.root ?? cwd;
  const config = loadConfig({ configPath: a.config ? resolve(cwd, a.config) : undefined, root: configRoot });
  if (a.maxFileSize !== undefined) config.maxFileSize = a.maxFileSize;
  const detector = new Detector(config);
  const suppress = buildSuppressor({ root: configRoot, baselinePath: a.baseline ? resolve(cwd, a.baseline) : undefined, ignorePath: a.ignoreFile ? resolve(cwd, a.ignoreFile) : undefined });
  const progress = a.progress ? (await import('../progress.js')).createProgress(a.history ? 'commits' : 'files') : undefined;
  let result: ScanResult;
  let root: string;
  if (a.history) {
    // Whole histories are spread over the cores (src/scan/parallel.ts); same findings as one `git log`.
    const target = a.paths[0] ? resolve(cwd, a.paths[0]) : cwd;
    if (a.paths[0]) checkTargets([a.paths[0]], [target]);
    root = (await requireRepo(target)).root;
    if (a.objects) {
      // Every blob in the object database, each once (src/sources/git-objects.ts).
      const { objectsSource } = await import('../../sources/git-objects.js');
      result = await runScan(objectsSource(root, config.maxFileSize ?? Number.MAX_SAFE_INTEGER), { detector, suppress, onProgress: progress?.update });
    } else {
      const { scanHistory } = await import('../../scan/parallel.js');
      const history = { all: a.all, range: a.range, since: a.since };
      result = await scanHistory({ root, history, config, detector, suppress, onProgress: progress?.update });
    }
  } else {
    const picked = await pickSource(a, cwd, config.maxFileSize ?? Number.MAX_SAFE_INTEGER, here, stagedDiff);
    root = picked.root;
    if (picked.files) {
      // Directory scans of big trees are spread over the cores (src/scan/files-parallel.ts).
      const { scanFiles } = await import('../../scan/files-parallel.js');
      result = await scanFiles({ ...picked.files, config, detector, suppress, onProgress: progress?.update });
    } else result = await runScan(picked.source, { detector, suppress, onProgress: progress?.update });
  }
  progress?.done();
  if (a.verify) {
    // Network calls to AWS STS, only when asked (see src/verify/aws.ts).
    const { verifyFindings } = await import('../../verify/aws.js');
    result = await verifyFindings(result, { onlyVerified: a.onlyVerified });
  }
  result = applyMinConfidence(result, a.minConfidence);
  const color = !a.output && a.color;
  const text = render(a.format, result, { redact: a.redact, color, root, version: VERSION });
  if (a.output) writeAtomic(resolve(cwd, a.output), text);
  else process.stdout.write(text);
  if (a.output && a.format !== 'text' && !a.quiet) {
    const n = result.findings.length;
    process.stderr.write(`leakguard: ${n} finding${n === 1 ? '' : 's'}; report written to ${a.output}\n`);
  }
  return result.findings.length > 0 ? 1 : 0;
}
