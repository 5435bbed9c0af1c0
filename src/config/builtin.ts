// The built-in rules: every rules/*.toml of the package, in file-name order (earlier files are
// more specific and win when two rules match the same text).
//
// The bundle (scripts/build.mjs) parses rules/*.toml at build time and inlines the result as
// __LEAKGUARD_BUILTIN_RULES__, so a scan does not read or parse TOML at start-up. Run from source
// (tests), the files are parsed here.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleAllowlist, RuleSpec } from '../types.js';
import { readTomlConfig } from './toml-config.js';
import type { FactsTuple } from '../detect/prefilter.js';

export type BuiltinRules = { rules: RuleSpec[]; allowlists: RuleAllowlist[] };

declare const __LEAKGUARD_BUILTIN_RULES__: BuiltinRules | undefined;

export function rulesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'rules')) && existsSync(join(dir, 'package.json'))) return join(dir, 'rules');
    dir = dirname(dir);
  }
  throw new Error('built-in rules directory not found');
}

let cached: BuiltinRules | undefined;

/** Parses rules/*.toml (what the build inlines). */
export function parseBuiltinRules(dir = rulesDir()): BuiltinRules {
  const rules: RuleSpec[] = [];
  const allowlists: RuleAllowlist[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.toml')).sort()) {
    const c = readTomlConfig(join(dir, name));
    for (const r of c.rules) rules.push({ ...r, source: `rules/${name}` });
    allowlists.push(...c.allowlists);
  }
  return { rules, allowlists };
}

export function builtinRules(): BuiltinRules {
  if (cached) return cached;
  cached = typeof __LEAKGUARD_BUILTIN_RULES__ !== 'undefined' ? __LEAKGUARD_BUILTIN_RULES__ : parseBuiltinRules();
  return cached;
}

/**
 * Prefilter facts of the built-in rules, keyed like src/detect/prefilter.ts looks them up; the
 * build inlines them as __LEAKGUARD_REGEX_FACTS__.
 */
export async function builtinRegexFacts(rules: RuleSpec[]): Promise<Record<string, FactsTuple>> {
  const { compileRegex } = await import('./regex.js');
  const { analyzeRegex, factsKey, factsTuple } = await import('../detect/prefilter.js');
  const out: Record<string, FactsTuple> = {};
  for (const r of rules) {
    if (!r.regex) continue;
    const re = compileRegex(r.regex, r.id, 'gd');
    const kws = (r.keywords ?? []).map((k) => k.toLowerCase()).filter(Boolean);
    const f = analyzeRegex(re.source, re.flags, kws);
    out[factsKey(re.source, re.flags, kws)] = factsTuple(f);
  }
  return out;
}
