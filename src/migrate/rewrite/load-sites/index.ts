// A config file the app reads itself (a YAML, JSON or INI file that no framework interpolates) only works
// after migration if the app resolves the aws-sm:// references it now holds. This finds, in the work tree's
// Python and JavaScript / TypeScript code, where each such file is loaded and plans the edit that passes the
// loaded config through the generated loader's resolver (plus the loader itself and its SDK dependency).
// A config whose load site is not found is left alone by the plan, with a manual step. A migrated .env is
// read by `leakguard exec` and compose; where the app's own code loads it (python-dotenv, dotenv), the
// environment is resolved right after.
import { readFile } from 'node:fs/promises';
import { jsLoader, jsLoaderFileName } from '../../loaders/javascript.js';
import { PYTHON_LOADER, PYTHON_LOADER_FILE } from '../../loaders/python.js';
import { workTreeFiles } from '../../../util/work-tree.js';
import { javascriptSdk, pythonSdk } from '../dependencies.js';
import { dirName, joinRel } from '../locate.js';
import { wireJavaScript } from './javascript.js';
import { configMatcher, mentionsAny } from './match.js';
import { wirePython } from './python.js';

export interface LoadWiring {
  /** The source file edited. */
  path: string;
  /** Its text before the edit (the planned rewrite's result when the file is also rewritten for its own secrets). */
  before: string;
  /** Equal to `before` when an earlier run wired it already. */
  after: string;
  extraFiles: Record<string, string>;
  notes: string[];
  /** The config files whose load sites it holds. */
  configs: string[];
}

const PYTHON = /\.pyw?$/i;
const JAVASCRIPT = /\.(c|m)?(j|t)sx?$/i;
const SKIP = /(^|\/)(node_modules|vendor|third_party|site-packages|\.venv|venv|dist|build|\.git)\//;
const LOADER = /(^|\/)(leakguard_secrets\.py|leakguard-secrets\.(c|m)?(j|t)s)$/;

/**
 * Plan the wiring of every load site of `configs` (repo-relative paths). `plannedText` gives the text a file
 * will have after the plan's own rewrite of it, for files the plan rewrites anyway.
 */
export async function wireLoadSites(
  root: string,
  configs: string[],
  plannedText: (path: string) => string | undefined,
  envFiles: string[] = [],
): Promise<LoadWiring[]> {
  if (!configs.length && !envFiles.length) return [];
  const files = workTreeFiles(root, 2 << 20, (rel) => (PYTHON.test(rel) || (JAVASCRIPT.test(rel) && !/\.d\.(c|m)?ts$/i.test(rel))) && !SKIP.test(rel) && !LOADER.test(rel)) ?? [];
  const matcher = configMatcher(configs);
  const out: LoadWiring[] = [];
  for (const path of files) {
    let text = plannedText(path);
    if (text === undefined) {
      try {
        text = await readFile(`${root}/${path}`, 'utf8');
      } catch {
        continue;
      }
    }
    if (!mentionsAny(text, configs) && !(envFiles.length && /dotenv|read_env/.test(text))) continue;
    const dir = dirName(path);
    if (PYTHON.test(path)) {
      const w = await wirePython(path, text, matcher, envFiles);
      if (!w) continue;
      const sdk = pythonSdk(root, dir);
      const loader = joinRel(dir, PYTHON_LOADER_FILE);
      out.push({ path, before: text, after: w.newText, extraFiles: { [loader]: PYTHON_LOADER, ...sdk.files }, notes: [...w.notes, ...sdk.notes], configs: [...w.configs] });
    } else {
      const w = await wireJavaScript(root, path, text, matcher, envFiles);
      if (!w) continue;
      const sdk = javascriptSdk(root, dir);
      const loader = joinRel(dir, jsLoaderFileName(w.flavor));
      out.push({ path, before: text, after: w.newText, extraFiles: { [loader]: jsLoader(w.flavor), ...sdk.files }, notes: [...w.notes, ...sdk.notes], configs: [...w.configs] });
    }
  }
  return out;
}
