// Where Python code loads a migrated config file, and the edit that resolves its references there:
//   CONFIG = yaml.safe_load(f)            -> CONFIG = resolve_secrets(yaml.safe_load(f))
//   json.loads(Path(p).read_text())       -> resolve_secrets(json.loads(Path(p).read_text()))
//   parser.read("app.ini")                -> parser.read("app.ini") + a line resolve_secrets(parser)
//   load_dotenv() (a migrated .env)       -> load_dotenv() + a line resolve_environ()
// The file is found from a string literal naming it, followed through the expressions that build a path
// or open it, through `with open(...) as f` and simple assignments (p = os.path.join(BASE, "config.yaml"),
// a parameter's default) to the call that parses it. Parsed with tree-sitter; edits are splices.
import MagicString from 'magic-string';
import { parsePython, pythonSyntaxError, type PyNode } from '../python-parser.js';
import { importPoint, pythonLoaderImport } from '../python.js';
import type { ConfigMatcher } from './match.js';

/** Functions that parse a file or text into a config (yaml, json, toml, tomllib, tomlkit, ruamel, anyconfig…). */
const PARSE_CALLS = new Set(['safe_load', 'load', 'loads', 'full_load', 'unsafe_load', 'round_trip_load', 'parse']);
/** Modules whose load() is not a config (pickle, marshal, shelve). */
const NOT_CONFIG = /^(pickle|cPickle|marshal|shelve|dill|joblib|torch|np|numpy|pd|pandas)\./;
/** ConfigParser methods that read into the parser itself. */
const PARSER_READS = new Set(['read', 'read_file', 'read_string']);
/** Expressions a path or a file handle passes through on its way to the parse call. */
const PASS_THROUGH = new Set([
  'argument_list',
  'parenthesized_expression',
  'binary_operator',
  'attribute',
  'keyword_argument',
  'await',
  'conditional_expression',
  'boolean_operator',
  'list',
  'tuple',
  'call',
]);

/** Calls that load a .env file into os.environ (python-dotenv, django-environ, django-dotenv). */
const DOTENV_LOADS = new Set(['load_dotenv', 'read_env', 'read_dotenv']);

/**
 * A load site: the edit that resolves there, or `done` when an earlier run already made it. `after` inserts a
 * line after the statement: resolve_secrets(<target>) for a parser, resolve_environ() after a .env load.
 */
export type PythonSite =
  | { kind: 'wrap'; start: number; end: number }
  | { kind: 'after'; statementEnd: number; indent: string; target: string | null }
  | { kind: 'done'; at: number };

const textOf = (n: PyNode, text: string) => text.slice(n.startIndex, n.endIndex);

function literalValue(n: PyNode, text: string): string | undefined {
  let out = '';
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i)!;
    if (c.type === 'interpolation') return undefined;
    if (c.type === 'string_content') out += textOf(c, text);
  }
  return out;
}

function nodesOfType(root: PyNode, type: string, out: PyNode[] = []): PyNode[] {
  const stack: PyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === type) out.push(n);
    for (let i = n.namedChildCount - 1; i >= 0; i--) stack.push(n.namedChild(i)!);
  }
  return out;
}

function within(n: PyNode, outer: PyNode | null): boolean {
  return !!outer && n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
}

function lastName(fn: PyNode, text: string): string {
  return fn.type === 'attribute' ? textOf(fn.childForFieldName('attribute')!, text) : textOf(fn, text);
}

function lineIndent(text: string, at: number): string {
  const ls = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(ls))![0];
}

/** The load sites of the configs the matcher knows, with the configs each one loads. */
export function findPythonSites(root: PyNode, text: string, matcher: ConfigMatcher, envFiles: string[] = []): Map<string, { site: PythonSite; configs: Set<string> }> {
  const sites = new Map<string, { site: PythonSite; configs: Set<string> }>();
  const identifiers = nodesOfType(root, 'identifier');
  const add = (site: PythonSite, configs: string[]) => {
    const id = site.kind === 'wrap' ? `w${site.start}:${site.end}` : site.kind === 'after' ? `a${site.statementEnd}` : `d${site.at}`;
    const e = sites.get(id) ?? { site, configs: new Set<string>() };
    for (const c of configs) e.configs.add(c);
    sites.set(id, e);
  };
  /** The identifiers named `name` after `after`, inside `scope`. */
  const uses = (name: string, scope: PyNode | null, after: number, member = false) =>
    identifiers.filter((i) => {
      if (i.startIndex < after || textOf(i, text) !== name || (scope && !within(i, scope))) return false;
      // a plain name, not the attribute of another object (os.path) nor a keyword (path=...), unless a member is wanted
      const p = i.parent;
      const isMember = p?.type === 'attribute' && p.childForFieldName('attribute')?.startIndex === i.startIndex;
      if (p?.type === 'keyword_argument' && p.childForFieldName('name')?.startIndex === i.startIndex) return false;
      return member ? isMember : !isMember;
    });

  const trace = (start: PyNode, configs: string[], depth: number): void => {
    if (depth > 3) return;
    let cur = start;
    for (let p = cur.parent; p; cur = p, p = p.parent) {
      if (p.type === 'call') {
        const fn = p.childForFieldName('function');
        const args = p.childForFieldName('arguments');
        if (fn && args && within(cur, args)) {
          const name = lastName(fn, text);
          const fnText = textOf(fn, text);
          if (PARSE_CALLS.has(name) && fn.type === 'attribute' && !NOT_CONFIG.test(fnText)) {
            const outer = p.parent?.type === 'argument_list' ? p.parent.parent : null;
            const outerFn = outer?.childForFieldName('function');
            if (outerFn && /(^|\.)(leakguard_)?resolve_secrets$/.test(textOf(outerFn, text))) add({ kind: 'done', at: p.startIndex }, configs);
            else add({ kind: 'wrap', start: p.startIndex, end: p.endIndex }, configs);
            return;
          }
          const obj = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
          if (PARSER_READS.has(name) && obj && (obj.type === 'identifier' || obj.type === 'attribute') && p.parent?.type === 'expression_statement') {
            const stmt = p.parent;
            const target = textOf(obj, text);
            const next = text.slice(stmt.endIndex, stmt.endIndex + 200);
            if (new RegExp(`^\\s*(leakguard_)?resolve_secrets\\(${target.replace(/[.]/g, '\\.')}\\)`).test(next)) add({ kind: 'done', at: stmt.startIndex }, configs);
            else add({ kind: 'after', statementEnd: stmt.endIndex, indent: lineIndent(text, stmt.startIndex), target }, configs);
            return;
          }
        }
        continue;
      }
      if (PASS_THROUGH.has(p.type)) continue;
      if (p.type === 'as_pattern') {
        // with open(path) as f: the handle is what reaches the parse call
        const alias = p.childForFieldName('alias');
        const stmt = p.parent?.parent?.parent; // with_item -> with_clause -> with_statement
        const id = alias && nodesOfType(alias, 'identifier')[0];
        if (id && stmt?.type === 'with_statement') for (const u of uses(textOf(id, text), stmt.childForFieldName('body'), p.endIndex)) trace(u, configs, depth + 1);
        return;
      }
      if (p.type === 'assignment' && p.childForFieldName('right') && within(cur, p.childForFieldName('right'))) {
        const left = p.childForFieldName('left');
        if (!left || (left.type !== 'identifier' && left.type !== 'attribute')) return;
        // name = <path or handle>: follow its later uses (to the end of the file: a module constant is used in functions)
        for (const u of uses(lastName(left, text), null, p.endIndex, left.type === 'attribute')) trace(left.type === 'attribute' ? u.parent! : u, configs, depth + 1);
        return;
      }
      if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
        const name = p.childForFieldName('name');
        let fnDef: PyNode | null = p.parent;
        while (fnDef && fnDef.type !== 'function_definition') fnDef = fnDef.parent;
        if (name && fnDef) for (const u of uses(textOf(name, text), fnDef.childForFieldName('body'), p.endIndex)) trace(u, configs, depth + 1);
        return;
      }
      return;
    }
  };

  for (const s of nodesOfType(root, 'string')) {
    const v = literalValue(s, text);
    if (v === undefined) continue;
    const configs = matcher(v);
    if (configs.length) trace(s, configs, 0);
  }
  // a migrated .env: where the app loads one into os.environ, resolve the environment right after
  if (envFiles.length) {
    for (const call of nodesOfType(root, 'call')) {
      const fn = call.childForFieldName('function');
      if (!fn) continue;
      const name = lastName(fn, text);
      if (name === 'dotenv_values') {
        const outer = call.parent?.type === 'argument_list' ? call.parent.parent?.childForFieldName('function') : null;
        add(outer && /(^|\.)(leakguard_)?resolve_secrets$/.test(textOf(outer, text)) ? { kind: 'done', at: call.startIndex } : { kind: 'wrap', start: call.startIndex, end: call.endIndex }, envFiles);
        continue;
      }
      if (!DOTENV_LOADS.has(name) || call.parent?.type !== 'expression_statement') continue;
      const stmt = call.parent;
      const next = text.slice(stmt.endIndex, stmt.endIndex + 200);
      if (/^\s*resolve_environ\(\)/.test(next)) add({ kind: 'done', at: stmt.startIndex }, envFiles);
      else add({ kind: 'after', statementEnd: stmt.endIndex, indent: lineIndent(text, stmt.startIndex), target: null }, envFiles);
    }
  }
  return sites;
}

export interface PythonWiring {
  newText: string;
  configs: Set<string>;
  notes: string[];
}

/**
 * Resolve the references at every load site of the configs in a Python file's text; undefined when it loads
 * none. A file whose load sites an earlier run wired comes back unchanged (newText === text), with its configs.
 */
export async function wirePython(path: string, text: string, matcher: ConfigMatcher, envFiles: string[] = []): Promise<PythonWiring | undefined> {
  const tree = await parsePython(text);
  try {
    if (tree.rootNode.hasError) return undefined;
    const found = findPythonSites(tree.rootNode, text, matcher, envFiles);
    if (!found.size) return undefined;
    const isImported = (n: string) => new RegExp(`^\\s*from\\s+\\.?leakguard_secrets\\s+import\\s+[^\\n]*\\b${n}\\b(?!\\s+as)`, 'm').test(text);
    const defined = new RegExp(`^\\s*def\\s+resolve_secrets\\b|^\\s*resolve_secrets\\s*=`, 'm').test(text);
    const fn = defined && !isImported('resolve_secrets') ? 'leakguard_resolve_secrets' : 'resolve_secrets';
    const used = new Set<string>();
    const ms = new MagicString(text);
    const nl = text.includes('\r\n') ? '\r\n' : '\n';
    const configs = new Set<string>();
    const notes: string[] = [];
    const line = (at: number) => text.slice(0, at).split('\n').length;
    for (const { site, configs: c } of found.values()) {
      for (const x of c) configs.add(x);
      if (site.kind === 'done') continue;
      if (site.kind === 'wrap') {
        used.add(fn);
        ms.prependRight(site.start, `${fn}(`);
        ms.appendLeft(site.end, ')');
        notes.push(`${path}:${line(site.start)}: the loaded config passes through ${fn}(...), which resolves its aws-sm:// references (${[...c].join(', ')})`);
      } else if (site.target === null) {
        used.add('resolve_environ');
        ms.appendLeft(site.statementEnd, `${nl}${site.indent}resolve_environ()`);
        notes.push(`${path}:${line(site.statementEnd)}: resolve_environ() after it loads the .env resolves the aws-sm:// references it put in os.environ (${[...c].join(', ')})`);
      } else {
        used.add(fn);
        ms.appendLeft(site.statementEnd, `${nl}${site.indent}${fn}(${site.target})`);
        notes.push(`${path}:${line(site.statementEnd)}: ${fn}(${site.target}) after it reads the file resolves its aws-sm:// references (${[...c].join(', ')})`);
      }
    }
    if (!notes.length) return { newText: text, configs, notes };
    const missing = [...used].filter((n) => !isImported(n === 'leakguard_resolve_secrets' ? 'resolve_secrets as leakguard_resolve_secrets' : n)).sort();
    if (missing.length) {
      const at = importPoint(tree.rootNode, text);
      let block = pythonLoaderImport(missing.map((n) => (n === 'leakguard_resolve_secrets' ? 'resolve_secrets as leakguard_resolve_secrets' : n)).join(', '), nl);
      if (at > 0 && text[at - 1] !== '\n') block = nl + block;
      ms.appendRight(at, block);
      notes.push(`${path}: import ${missing.join(', ')} from leakguard_secrets`);
    }
    const newText = ms.toString();
    if (await pythonSyntaxError(newText)) return undefined;
    return { newText, configs, notes };
  } finally {
    tree.delete();
  }
}
