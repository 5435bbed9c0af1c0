// Scan a directory tree with the effective config: the entry point migrate and baseline use.
import { resolve } from 'node:path';
import type { ScanResult } from '../types.js';
import { loadConfig } from '../config/load.js';
import { Detector } from '../detect/engine.js';
import { repoRoot } from '../util/git.js';
import { buildSuppressor } from './suppress.js';

export async function scanDirectory(
  root: string,
  opts: { configPath?: string; paths?: string[]; baselinePath?: string; useIgnoreFiles?: boolean; gitignore?: boolean } = {},
): Promise<ScanResult> {
  const abs = resolve(root);
  const config = loadConfig({ configPath: opts.configPath, root: abs });
  const detector = new Detector(config);
  const gitRoot = opts.gitignore === false ? undefined : await repoRoot(abs);
  const base = gitRoot ?? abs;
  const targets = (opts.paths?.length ? opts.paths : [abs]).map((p) => resolve(abs, p));
  const suppress = opts.useIgnoreFiles === false && !opts.baselinePath ? undefined : buildSuppressor({ root: base, baselinePath: opts.baselinePath });
  const { scanFiles } = await import('./files-parallel.js');
  return scanFiles({ targets, source: { base, maxFileSize: config.maxFileSize ?? 10 * 1024 * 1024, gitRoot }, config, detector, suppress });
}
