// The built-in rules: every rules/*.toml of the package, in file-name order (earlier files are
// more specific and win when two rules match the same text).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleAllowlist, RuleSpec } from '../types.js';
import { readTomlConfig } from './toml-config.js';

export function rulesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'rules')) && existsSync(join(dir, 'package.json'))) return join(dir, 'rules');
    dir = dirname(dir);
  }
  throw new Error('built-in rules directory not found');
}

let cached: { rules: RuleSpec[]; allowlists: RuleAllowlist[] } | undefined;

export function builtinRules(): { rules: RuleSpec[]; allowlists: RuleAllowlist[] } {
  if (cached) return cached;
  const dir = rulesDir();
  const rules: RuleSpec[] = [];
  const allowlists: RuleAllowlist[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.toml')).sort()) {
    const c = readTomlConfig(join(dir, name));
    for (const r of c.rules) rules.push({ ...r, source: `rules/${name}` });
    allowlists.push(...c.allowlists);
  }
  cached = { rules, allowlists };
  return cached;
}
