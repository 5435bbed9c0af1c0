// gitleaks compatibility: a gitleaks TOML config (`.gitleaks.toml`, or any file passed to --config)
// has its Go (RE2) regexes translated into JavaScript (src/regex/go-translate.ts), `[extend] path`
// followed, path-only rules dropped (leakguard rules need a regex), and gitleaks rule ids in
// `disabledRules` mapped onto the built-in leakguard rules that cover the same secrets.
import { dirname, resolve } from 'node:path';
import type { RuleAllowlist, RuleSpec } from '../types.js';
import { UserError } from '../types.js';
import { GoRegexError, looksLikeGoRegex, translateGoRegex } from '../regex/go-translate.js';
import { readTomlConfig, type TomlConfig } from './toml-config.js';

/**
 * gitleaks' default rule ids -> the built-in leakguard rules that find the same secrets. Used for
 * `disabledRules` and for gitleaks fingerprints in `.gitleaksignore` (`path:rule:line`).
 */
export const GITLEAKS_RULE_MAP: Readonly<Record<string, readonly string[]>> = {
  'aws-access-token': ['aws-access-key-id'],
  'private-key': ['private-key', 'private-key-header', 'putty-private-key'],
  'github-pat': ['github-token'],
  'github-oauth': ['github-token'],
  'github-app-token': ['github-token'],
  'github-refresh-token': ['github-token'],
  'github-fine-grained-pat': ['github-fine-grained-pat'],
  'gitlab-pat': ['gitlab-token'],
  'gitlab-pat-routable': ['gitlab-token'],
  'gitlab-ptt': ['gitlab-token'],
  'gitlab-rrt': ['gitlab-token'],
  'gitlab-deploy-token': ['gitlab-token'],
  'gitlab-runner-authentication-token': ['gitlab-token'],
  'gitlab-cicd-job-token': ['gitlab-token'],
  'gitlab-feed-token': ['gitlab-token'],
  'gitlab-incoming-mail-token': ['gitlab-token'],
  'gitlab-oauth-app-secret': ['gitlab-token'],
  'gitlab-scim-token': ['gitlab-token'],
  'slack-bot-token': ['slack-token'],
  'slack-user-token': ['slack-token'],
  'slack-legacy-token': ['slack-token'],
  'slack-legacy-bot-token': ['slack-token'],
  'slack-legacy-workspace-token': ['slack-token'],
  'slack-config-access-token': ['slack-token'],
  'slack-config-refresh-token': ['slack-token'],
  'slack-app-token': ['slack-app-token'],
  'slack-webhook-url': ['slack-webhook'],
  'stripe-access-token': ['stripe-key'],
  'npm-access-token': ['npm-token'],
  'gcp-api-key': ['google-api-key'],
  jwt: ['jwt'],
  'jwt-base64': ['jwt'],
  'generic-api-key': [
    'generic-secret-assignment',
    'aws-secret-access-key',
    'password-assignment',
    'password-config-value',
    'password-xml-element',
    'password-xml-key-value',
    'php-define-password',
    'jwt-signing-secret',
  ],
};

/** The rule ids a gitleaks rule id stands for: itself (a custom rule keeps its id) plus the mapped built-ins. */
export function leakguardRuleIds(gitleaksId: string): string[] {
  return [gitleaksId, ...(GITLEAKS_RULE_MAP[gitleaksId] ?? [])];
}

/** Whether a finding of `ruleId` is named by a gitleaks rule id (`.gitleaksignore` entries). */
export function ruleIdMatches(entryRuleId: string, ruleId: string): boolean {
  return entryRuleId === ruleId || (GITLEAKS_RULE_MAP[entryRuleId]?.includes(ruleId) ?? false);
}

type Mode = 'strict' | 'guess';

function tr(src: string | undefined, mode: Mode, where: string): string | undefined {
  if (src === undefined) return undefined;
  if (mode === 'guess' && !looksLikeGoRegex(src)) return src;
  try {
    const out = translateGoRegex(src);
    const lead = /^\(\?i\)/.exec(out);
    // Compiles here so the error names the rule and says it was translated.
    new RegExp(lead ? out.slice(lead[0].length) : out, lead ? 'i' : '');
    return out;
  } catch (e) {
    const what = e instanceof GoRegexError ? e.message : e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    throw new UserError(`${where}: cannot translate Go regex: ${what}`);
  }
}

function trList(list: string[] | undefined, mode: Mode, where: string): string[] | undefined {
  return list?.map((r) => tr(r, mode, where)!);
}

function trAllowlist(a: RuleAllowlist, mode: Mode, where: string): RuleAllowlist {
  return { ...a, regexes: trList(a.regexes, mode, `${where} regexes`), paths: trList(a.paths, mode, `${where} paths`) };
}

function trRule(r: RuleSpec, mode: Mode, file: string): RuleSpec {
  const where = `${file}: rule '${r.id}'`;
  return {
    ...r,
    regex: tr(r.regex, mode, `${where} regex`),
    path: tr(r.path, mode, `${where} path`),
    allowlists: r.allowlists?.map((a, i) => trAllowlist(a, mode, `${where} allowlist ${i + 1}`)),
  };
}

/**
 * Translates a config read by readTomlConfig. gitleaks-flavoured configs (c.gitleaks) are translated
 * strictly; leakguard configs only where a regex uses Go-only syntax (so a rule copied from a gitleaks
 * config works there too). `file` is the config's path, for `[extend] path` and error messages.
 */
export function translateGitleaksConfig(c: TomlConfig, file = 'config', seen: Set<string> = new Set()): TomlConfig {
  const mode: Mode = c.gitleaks ? 'strict' : 'guess';
  // gitleaks rules without a regex only flag a file by its name; leakguard scans contents, so they are dropped.
  let rules = c.rules.filter((r) => r.regex !== undefined).map((r) => trRule(r, mode, file));
  // leakguard reports one finding per span, earlier rules first; gitleaks files list rules
  // alphabetically, so catch-all rules (generic-api-key) go last to let specific ones win.
  if (c.gitleaks) rules = [...rules.filter((r) => !/^generic/i.test(r.id)), ...rules.filter((r) => /^generic/i.test(r.id))];
  const allowlists = c.allowlists.map((a, i) => trAllowlist(a, mode, `${file}: allowlist ${i + 1}`));
  const disabledRules = [...new Set(c.disabledRules.flatMap((id) => (c.gitleaks ? leakguardRuleIds(id) : [id])))];
  let out: TomlConfig = { ...c, rules, allowlists, disabledRules };
  const basePath = c.extend?.path;
  if (basePath) {
    const abs = resolve(dirname(file), basePath);
    if (seen.has(abs)) throw new UserError(`${file}: [extend] path '${basePath}' extends itself`);
    seen.add(abs);
    const base = translateGitleaksConfig(readTomlConfig(abs, { gitleaks: c.gitleaks || /gitleaks/i.test(abs) }), abs, seen);
    const ids = new Set(rules.map((r) => r.id));
    out = {
      ...out,
      rules: [...rules, ...base.rules.filter((r) => !ids.has(r.id))],
      allowlists: [...base.allowlists, ...allowlists],
      disabledRules: [...new Set([...base.disabledRules, ...disabledRules])],
      extend: { ...c.extend, useDefault: c.extend?.useDefault || base.extend?.useDefault },
    };
  }
  return out;
}
