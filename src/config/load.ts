// Builds the effective configuration: built-in rules, extended (or replaced) by the user's config
// (`--config FILE`, else .leakguard.toml / .gitleaks.toml / leakguard.toml at the scan root).
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ConfigSpec } from '../types.js';
import { UserError } from '../types.js';
import { backtrackingRisk } from '../regex/backtracking.js';
import { compileRegex } from './regex.js';
import { builtinRules } from './builtin.js';
import { readTomlConfig, type TomlConfig } from './toml-config.js';
import { translateGitleaksConfig } from './gitleaks.js';

export const CONFIG_NAMES = ['.leakguard.toml', 'leakguard.toml', '.gitleaks.toml'];
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export function findConfig(root: string): string | undefined {
  for (const n of CONFIG_NAMES) {
    const p = join(root, n);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * A user rule whose regex can backtrack catastrophically (src/regex/backtracking.ts) is
 * refused with a one-line error before any scan: JavaScript regexes cannot be interrupted, and
 * one such rule on one long line would hang a pre-commit hook.
 */
function refuseBacktracking(user: TomlConfig): void {
  const disabled = new Set(user.disabledRules);
  for (const r of user.rules) {
    if (!r.regex || disabled.has(r.id)) continue;
    const where = `${r.source ?? 'config'}: rule '${r.id}'`;
    const re = compileRegex(r.regex, where);
    const why = backtrackingRisk(re.source, re.flags);
    if (why) throw new UserError(`${where}: regex can take exponential time (${why}); make each repetition unambiguous or disable the rule`);
  }
}

/** Hook for gitleaks configs (Go regex syntax); default: src/config/gitleaks.ts. */
export type ConfigTranslator = (c: TomlConfig, file: string) => TomlConfig;

export function loadConfig(opts: { configPath?: string; root: string; translate?: ConfigTranslator }): ConfigSpec & { configFile?: string } {
  const file = opts.configPath ?? findConfig(opts.root);
  const base = builtinRules();
  if (!file) return { rules: base.rules, allowlists: base.allowlists, maxFileSize: DEFAULT_MAX_FILE_SIZE };
  const isGitleaks = /gitleaks/i.test(basename(file));
  let user = readTomlConfig(file, { gitleaks: isGitleaks });
  user = (opts.translate ?? translateGitleaksConfig)(user, file);
  // leakguard configs extend the built-ins unless they say otherwise; gitleaks configs replace
  // them unless `[extend] useDefault = true` (gitleaks' own semantics).
  refuseBacktracking(user);
  const useDefault = user.extend?.useDefault ?? !isGitleaks;
  const userIds = new Set(user.rules.map((r) => r.id));
  const rules = useDefault ? [...user.rules, ...base.rules.filter((r) => !userIds.has(r.id))] : user.rules;
  return {
    title: user.title,
    rules,
    disabledRules: user.disabledRules,
    allowlists: [...(useDefault ? base.allowlists : []), ...user.allowlists],
    maxFileSize: user.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    configFile: file,
  };
}
