// Reads a TOML rules/config file (leakguard's format, a superset of gitleaks') into a ConfigSpec
// fragment. Errors name the file, the line and the problem.
import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import type { RuleAllowlist, RuleSpec } from '../types.js';
import { UserError } from '../types.js';

export interface TomlConfig {
  title?: string;
  extend?: { useDefault?: boolean; path?: string; disabledRules?: string[] };
  rules: RuleSpec[];
  allowlists: RuleAllowlist[];
  disabledRules: string[];
  maxFileSize?: number;
  /** True when the file is gitleaks-flavoured (regexes in Go syntax). */
  gitleaks: boolean;
}

type Table = Record<string, unknown>;

function lineOf(text: string, needle: RegExp): number | undefined {
  const m = needle.exec(text);
  if (!m) return undefined;
  return text.slice(0, m.index).split('\n').length;
}

function strList(v: unknown, where: string, field: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new UserError(`${where}: '${field}' must be a list of strings`);
  return v as string[];
}

function parseAllowlist(t: Table, where: string): RuleAllowlist {
  const cond = t.condition;
  if (cond !== undefined && cond !== 'OR' && cond !== 'AND') throw new UserError(`${where}: condition must be "OR" or "AND"`);
  const target = t.regexTarget;
  if (target !== undefined && target !== 'secret' && target !== 'match' && target !== 'line') {
    throw new UserError(`${where}: regexTarget must be "secret", "match" or "line"`);
  }
  return {
    description: typeof t.description === 'string' ? t.description : undefined,
    condition: cond as RuleAllowlist['condition'],
    regexTarget: target as RuleAllowlist['regexTarget'],
    regexes: strList(t.regexes, where, 'regexes'),
    stopwords: strList(t.stopwords, where, 'stopwords'),
    paths: strList(t.paths, where, 'paths'),
    globs: strList(t.globs, where, 'globs'),
    commits: strList(t.commits, where, 'commits'),
  };
}

export function parseTomlConfig(text: string, file: string, opts: { gitleaks?: boolean } = {}): TomlConfig {
  let doc: Table;
  try {
    doc = parse(text) as Table;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      throw new UserError(`${file}:${err.line}:${err.column}: invalid TOML: ${first}`);
    }
    throw new UserError(`${file}: invalid TOML`);
  }
  const rulesRaw = doc.rules ?? [];
  if (!Array.isArray(rulesRaw)) throw new UserError(`${file}: 'rules' must be an array of tables ([[rules]])`);
  const rules: RuleSpec[] = rulesRaw.map((r: Table, i: number) => {
    const id = typeof r.id === 'string' ? r.id : undefined;
    const line = id ? lineOf(text, new RegExp(`id\\s*=\\s*["']${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`)) : undefined;
    const where = `${file}${line ? `:${line}` : ''}: rule ${id ? `'${id}'` : `#${i + 1}`}`;
    if (!id) throw new UserError(`${where}: missing 'id'`);
    if (r.regex !== undefined && typeof r.regex !== 'string') throw new UserError(`${where}: 'regex' must be a string`);
    if (r.regex === undefined && r.path === undefined) throw new UserError(`${where}: needs a 'regex'`);
    for (const f of ['entropy', 'secretGroup', 'minLength'] as const) {
      if (r[f] !== undefined && typeof r[f] !== 'number') throw new UserError(`${where}: '${f}' must be a number`);
    }
    const allowRaw: Table[] = [];
    if (Array.isArray(r.allowlists)) allowRaw.push(...(r.allowlists as Table[]));
    if (r.allowlist && typeof r.allowlist === 'object') allowRaw.push(r.allowlist as Table);
    let near: RuleSpec['near'];
    if (r.near !== undefined) {
      const n = r.near as Table;
      near = { rules: strList(n.rules, where, 'near.rules') ?? [], lines: typeof n.lines === 'number' ? n.lines : 5 };
    }
    let examples: RuleSpec['examples'];
    if (r.examples !== undefined) {
      const e = r.examples as Table;
      if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new UserError(`${where}: 'examples' must be a table with tp and fp lists`);
      examples = { tp: strList(e.tp, where, 'examples.tp') ?? [], fp: strList(e.fp, where, 'examples.fp') ?? [] };
    }
    return {
      id,
      description: typeof r.description === 'string' ? r.description : undefined,
      regex: r.regex as string | undefined,
      secretGroup: r.secretGroup as number | undefined,
      keywords: strList(r.keywords, where, 'keywords'),
      entropy: r.entropy as number | undefined,
      minLength: r.minLength as number | undefined,
      path: typeof r.path === 'string' ? r.path : undefined,
      pathGlobs: strList(r.pathGlobs ?? r.globs, where, 'pathGlobs'),
      allowlists: allowRaw.map((a, j) => parseAllowlist(a, `${where} allowlist ${j + 1}`)),
      kind: r.kind as RuleSpec['kind'],
      severity: r.severity as RuleSpec['severity'],
      tags: strList(r.tags, where, 'tags'),
      near,
      checks: strList(r.checks, where, 'checks'),
      confidence: confidenceOf(r.confidence, where),
      examples,
      source: file,
    } satisfies RuleSpec;
  });
  const allowlists: RuleAllowlist[] = [];
  if (doc.allowlist && typeof doc.allowlist === 'object') allowlists.push(parseAllowlist(doc.allowlist as Table, `${file}: [allowlist]`));
  if (Array.isArray(doc.allowlists)) (doc.allowlists as Table[]).forEach((a, i) => allowlists.push(parseAllowlist(a, `${file}: [[allowlists]] ${i + 1}`)));
  const extend = doc.extend as TomlConfig['extend'] | undefined;
  const scan = (doc.scan ?? {}) as Table;
  return {
    title: typeof doc.title === 'string' ? doc.title : undefined,
    extend,
    rules,
    allowlists,
    disabledRules: [...(strList(doc.disabledRules, file, 'disabledRules') ?? []), ...(extend?.disabledRules ?? [])],
    maxFileSize: typeof scan.maxFileSize === 'number' ? scan.maxFileSize : undefined,
    gitleaks: opts.gitleaks ?? false,
  };
}

function confidenceOf(v: unknown, where: string): RuleSpec['confidence'] {
  if (v === undefined) return undefined;
  if (v === 'high' || v === 'medium' || v === 'low' || v === 'judged') return v;
  throw new UserError(`${where}: 'confidence' must be high, medium, low or judged`);
}

export function readTomlConfig(file: string, opts: { gitleaks?: boolean } = {}): TomlConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read config (${code ?? 'error'})`);
  }
  return parseTomlConfig(text, file, opts);
}
