// Entry point of the per-format rewriters used by `leakguard migrate`.
//
// rewriterFor(path, text) always answers: a format rewriter (Python, JS/TS, .env, JSON, YAML, INI, .properties)
// or a manual rewriter whose rewrite() returns {kind:'manual', reason, step} with a concrete step for the file
// type (CI workflows, AWS credentials files, Terraform, Java, Go, Ruby, PHP, C#, shell, Dockerfiles, key files,
// and a generic fallback). It never returns undefined for a real path, so no file is skipped silently.
import type { Rewriter } from '../types.js';
import { dotenvRewriter } from './dotenv.js';
import { fallbackManual, manualRewriters } from './manual.js';
import { jsonRewriter } from './json.js';
import { yamlRewriter } from './yaml.js';
import { iniRewriter } from './ini.js';
import { pythonRewriter } from './python.js';
import { javascriptRewriter } from './javascript.js';

const FORMAT_REWRITERS: Rewriter[] = [pythonRewriter, javascriptRewriter, dotenvRewriter, jsonRewriter, yamlRewriter, iniRewriter];

export function allRewriters(): Rewriter[] {
  return [...manualRewriters, ...FORMAT_REWRITERS, fallbackManual];
}

export function rewriterFor(path: string, text: string): Rewriter | undefined {
  const p = path.replace(/\\/g, '/');
  for (const r of manualRewriters) if (r.handles(p, text)) return r;
  for (const r of FORMAT_REWRITERS) if (r.handles(p, text)) return r;
  return fallbackManual;
}

export { formatReference, parseReference, findReferences, REFERENCE_PATTERN } from '../references.js';
