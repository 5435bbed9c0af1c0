// Where JavaScript / TypeScript code loads a migrated config file, and the edit that resolves its
// references there (through the generated loader next to the file):
//   JSON.parse(fs.readFileSync(p, 'utf8'))   -> resolveSecretsSync(JSON.parse(...))   (await resolveSecrets(...) where await is legal)
//   yaml.load(readFileSync(p)) / YAML.parse  -> the same
//   require('./config.json')                 -> resolveSecretsSync(require('./config.json'))
//   import config from './config.json'       -> import configUnresolved from './config.json';
//                                               const config = resolveSecretsSync(configUnresolved);
//   require('dotenv').config() (a migrated .env), import 'dotenv/config'  -> then resolveEnvSync(); (process.env resolved)
// The file is found from a string literal naming it, followed through the expressions that build a path
// or read it and through simple declarations (const p = path.join(__dirname, 'config.yaml')).
import MagicString from 'magic-string';
import { awaitAllowed, parseJs, walkNodes, type BNode } from '../js-ast.js';
import { addLoaderImport, insertionPoint, moduleStyle } from '../js-module.js';
import type { ConfigMatcher } from './match.js';

/** Methods that parse text into a config object, on an object that is not a path or URL helper. */
const PARSE_METHODS = new Set(['parse', 'load', 'safeLoad', 'parseYaml', 'parseToml']);
const NOT_CONFIG_OBJECTS = new Set(['path', 'posix', 'win32', 'url', 'URL', 'Date', 'querystring', 'qs', 'csv', 'Papa', 'cheerio', 'marked', 'esprima', 'acorn', 'babel']);
const PASS_THROUGH = new Set([
  'CallExpression',
  'NewExpression',
  'MemberExpression',
  'OptionalMemberExpression',
  'OptionalCallExpression',
  'AwaitExpression',
  'TemplateLiteral',
  'BinaryExpression',
  'LogicalExpression',
  'ConditionalExpression',
  'ArrayExpression',
  'ParenthesizedExpression',
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
]);
const RESOLVERS = /^(resolveSecrets|resolveSecretsSync)$/;

type Site =
  | { kind: 'wrap'; node: BNode; ancestors: BNode[] }
  | { kind: 'import'; decl: BNode; local: BNode }
  | { kind: 'env-after'; at: number; indent: string }
  | { kind: 'env-after-imports' }
  | { kind: 'done' };

const STATEMENT_LISTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase']);

function isRequireOf(n: BNode | undefined, spec: string): boolean {
  if (!n || n.type !== 'CallExpression') return false;
  const c = n.callee as BNode;
  const a = ((n.arguments as BNode[]) ?? [])[0];
  return c.type === 'Identifier' && c.name === 'require' && a?.type === 'StringLiteral' && a.value === spec;
}

function calleeName(call: BNode): { name?: string; object?: string } {
  const c = call.callee as BNode | undefined;
  if (!c) return {};
  if (c.type === 'Identifier') return { name: c.name as string };
  if ((c.type === 'MemberExpression' || c.type === 'OptionalMemberExpression') && !c.computed) {
    const prop = c.property as BNode;
    const obj = c.object as BNode;
    return { name: prop.name as string, object: obj.type === 'Identifier' ? (obj.name as string) : obj.type === 'MemberExpression' && !obj.computed ? ((obj.property as BNode).name as string) : undefined };
  }
  return {};
}

function isArgument(call: BNode, n: BNode): boolean {
  return ((call.arguments as BNode[]) ?? []).some((a) => n.start >= a.start && n.end <= a.end);
}

function literalOf(n: BNode): string | undefined {
  if (n.type === 'StringLiteral') return n.value as string;
  if (n.type === 'TemplateLiteral') {
    const q = n.quasis as BNode[];
    // the last quasi names the file: `${dir}/config.json`
    return q.length ? ((q[q.length - 1]!.value as { cooked?: string }).cooked ?? undefined) : undefined;
  }
  return undefined;
}

/** The load sites of the configs the matcher knows, with the configs each one loads. */
export function findJsSites(program: BNode, matcher: ConfigMatcher, text = '', envFiles: string[] = []): Map<string, { site: Site; configs: Set<string> }> {
  const sites = new Map<string, { site: Site; configs: Set<string> }>();
  const identifiers: Array<{ node: BNode; ancestors: BNode[] }> = [];
  const literals: Array<{ node: BNode; ancestors: BNode[]; configs: string[] }> = [];
  walkNodes(program, (n, anc) => {
    if (n.type === 'Identifier') identifiers.push({ node: n, ancestors: [...anc] });
    else if (n.type === 'StringLiteral' || n.type === 'TemplateLiteral') {
      const v = literalOf(n);
      const configs = v === undefined ? [] : matcher(v);
      if (configs.length) literals.push({ node: n, ancestors: [...anc], configs });
    }
  });
  const add = (id: string, site: Site, configs: string[]) => {
    const e = sites.get(id) ?? { site, configs: new Set<string>() };
    for (const c of configs) e.configs.add(c);
    sites.set(id, e);
  };
  /** Later plain uses of a name (not a property key or member name). */
  const uses = (name: string, after: number) =>
    identifiers.filter(({ node, ancestors }) => {
      if (node.start < after || node.name !== name) return false;
      const p = ancestors[ancestors.length - 1];
      if (p && (p.type === 'MemberExpression' || p.type === 'OptionalMemberExpression') && p.property === node && !p.computed) return false;
      if (p && p.type === 'ObjectProperty' && p.key === node && !p.computed && !p.shorthand) return false;
      if (p && p.type === 'VariableDeclarator' && p.id === node) return false;
      return true;
    });

  const trace = (node: BNode, ancestors: BNode[], configs: string[], depth: number): void => {
    if (depth > 3) return;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const p = ancestors[i]!;
      const cur = ancestors[i + 1] ?? node;
      if (p.type === 'CallExpression' || p.type === 'OptionalCallExpression') {
        if (!isArgument(p, cur)) continue;
        const { name, object } = calleeName(p);
        const outer = ancestors[i - 1];
        const already = outer && outer.type === 'CallExpression' && RESOLVERS.test(calleeName(outer).name ?? '');
        if ((p.callee as BNode).type === 'Identifier' && name === 'require') {
          if (configs.some((c) => /\.json5?$/i.test(c))) add(`w${p.start}`, already ? { kind: 'done' } : { kind: 'wrap', node: p, ancestors: ancestors.slice(0, i) }, configs);
          return;
        }
        if (name && PARSE_METHODS.has(name) && object && !NOT_CONFIG_OBJECTS.has(object)) {
          add(`w${p.start}`, already ? { kind: 'done' } : { kind: 'wrap', node: p, ancestors: ancestors.slice(0, i) }, configs);
          return;
        }
        continue;
      }
      if (PASS_THROUGH.has(p.type)) continue;
      if (p.type === 'ImportDeclaration') {
        const def = ((p.specifiers as BNode[]) ?? []).find((s) => s.type === 'ImportDefaultSpecifier');
        const local = def?.local as BNode | undefined;
        if (local && p.importKind !== 'type') add(`i${p.start}`, /Unresolved$/.test(local.name as string) ? { kind: 'done' } : { kind: 'import', decl: p, local }, configs);
        return;
      }
      if (p.type === 'VariableDeclarator' && p.init === cur && (p.id as BNode).type === 'Identifier') {
        for (const u of uses((p.id as BNode).name as string, p.end)) trace(u.node, u.ancestors, configs, depth + 1);
        return;
      }
      if (p.type === 'AssignmentExpression' && p.right === cur && (p.left as BNode).type === 'Identifier') {
        for (const u of uses((p.left as BNode).name as string, p.end)) trace(u.node, u.ancestors, configs, depth + 1);
        return;
      }
      return;
    }
  };
  for (const l of literals) trace(l.node, l.ancestors, l.configs, 0);
  if (envFiles.length) findDotenvSites(program, text, (id, site) => add(id, site, envFiles));
  return sites;
}

/** Where dotenv loads a .env into process.env: after that statement (or after the imports), resolve it. */
function findDotenvSites(program: BNode, text: string, add: (id: string, site: Site) => void): void {
  const objects = new Set<string>(); // bound to the dotenv module
  const configs = new Set<string>(); // bound to its config function
  walkNodes(program, (n) => {
    if (n.type === 'ImportDeclaration' && (n.source as BNode).value === 'dotenv') {
      for (const s of (n.specifiers as BNode[]) ?? []) {
        const local = (s.local as BNode).name as string;
        if (s.type === 'ImportSpecifier' && ((s.imported as BNode).name ?? (s.imported as BNode).value) === 'config') configs.add(local);
        else if (s.type !== 'ImportSpecifier') objects.add(local);
      }
    }
    if (n.type === 'VariableDeclarator' && isRequireOf(n.init as BNode, 'dotenv')) {
      const id = n.id as BNode;
      if (id.type === 'Identifier') objects.add(id.name as string);
      if (id.type === 'ObjectPattern')
        for (const p of (id.properties as BNode[]) ?? []) if (p.type === 'ObjectProperty' && (p.key as BNode).name === 'config' && (p.value as BNode).type === 'Identifier') configs.add((p.value as BNode).name as string);
    }
  });
  const topLevel = /^\s*resolveEnvSync\(\);?\s*$/m.test(text);
  walkNodes(program, (n, anc) => {
    if (n.type === 'ImportDeclaration' && (n.source as BNode).value === 'dotenv/config') {
      add(`e-imports`, topLevel ? { kind: 'done' } : { kind: 'env-after-imports' });
      return;
    }
    if (n.type !== 'CallExpression') return;
    const c = n.callee as BNode;
    const loads =
      isRequireOf(n, 'dotenv/config') ||
      (c.type === 'Identifier' && configs.has(c.name as string)) ||
      (c.type === 'MemberExpression' && !c.computed && (c.property as BNode).name === 'config' && (isRequireOf(c.object as BNode, 'dotenv') || ((c.object as BNode).type === 'Identifier' && objects.has((c.object as BNode).name as string))));
    if (!loads) return;
    // the statement holding the call, in a statement list
    for (let i = anc.length - 1; i > 0; i--) {
      const stmt = anc[i]!;
      if (!STATEMENT_LISTS.has(anc[i - 1]!.type)) continue;
      if (stmt.type !== 'ExpressionStatement' && stmt.type !== 'VariableDeclaration') return;
      const next = text.slice(stmt.end, stmt.end + 200);
      const lineStart = text.lastIndexOf('\n', stmt.start - 1) + 1;
      add(`e${stmt.start}`, /^\s*(resolveEnvSync\(\)|await resolveEnv\(\))/.test(next) ? { kind: 'done' } : { kind: 'env-after', at: stmt.end, indent: /^[ \t]*/.exec(text.slice(lineStart))![0] });
      return;
    }
  });
}

export interface JsWiring {
  newText: string;
  configs: Set<string>;
  notes: string[];
  flavor: ReturnType<typeof moduleStyle>['flavor'];
}

/**
 * Resolve the references at every load site of the configs in a JS/TS file's text; undefined when it loads
 * none. A file whose load sites an earlier run wired comes back unchanged (newText === text), with its configs.
 */
export async function wireJavaScript(root: string, path: string, text: string, matcher: ConfigMatcher, envFiles: string[] = []): Promise<JsWiring | undefined> {
  const parsed = await parseJs(path, text);
  if (!parsed.ast) return undefined;
  const program = parsed.ast;
  const found = findJsSites(program, matcher, text, envFiles);
  if (!found.size) return undefined;
  const style = moduleStyle(root, path, program);
  const ms = new MagicString(text);
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const used = new Set<string>();
  const configs = new Set<string>();
  const notes: string[] = [];
  const line = (at: number) => text.slice(0, at).split('\n').length;
  const declarations: string[] = [];
  for (const { site, configs: c } of found.values()) {
    for (const x of c) configs.add(x);
    const which = [...c].join(', ');
    if (site.kind === 'done') continue;
    if (site.kind === 'env-after' || site.kind === 'env-after-imports') {
      used.add('resolveEnvSync');
      if (site.kind === 'env-after') ms.appendLeft(site.at, `${nl}${site.indent}resolveEnvSync();`);
      else declarations.push(`resolveEnvSync();${nl}`);
      notes.push(`${path}: resolveEnvSync() after dotenv loads the .env resolves the aws-sm:// references it put in process.env (${which})`);
      continue;
    }
    if (site.kind === 'import') {
      const local = site.local.name as string;
      ms.overwrite(site.local.start, site.local.end, `${local}Unresolved`);
      declarations.push(`const ${local} = resolveSecretsSync(${local}Unresolved);${nl}`);
      used.add('resolveSecretsSync');
      notes.push(`${path}:${line(site.decl.start)}: the imported config passes through resolveSecretsSync(...), which resolves its aws-sm:// references (${which})`);
      continue;
    }
    const canAwait = awaitAllowed({ node: site.node, ancestors: site.ancestors }, style.esmTla);
    const fn = canAwait ? 'resolveSecrets' : 'resolveSecretsSync';
    used.add(fn);
    ms.prependRight(site.node.start, canAwait ? `(await ${fn}(` : `${fn}(`);
    ms.appendLeft(site.node.end, canAwait ? '))' : ')');
    notes.push(`${path}:${line(site.node.start)}: the loaded config passes through ${canAwait ? 'await ' : ''}${fn}(...), which resolves its aws-sm:// references (${which})`);
  }
  if (!notes.length) return { newText: text, configs, notes, flavor: style.flavor };
  const imported = addLoaderImport(ms, program, text, path, style, [...used].map((n) => ({ name: n, as: n })));
  if (imported) notes.push(imported);
  // after the imports (the loader's among them): the resolved binding replaces the imported one
  if (declarations.length) {
    const at = insertionPoint(program, text, true);
    ms.appendRight(at, (at > 0 && text[at - 1] !== '\n' ? nl : '') + declarations.join(''));
  }
  const newText = ms.toString();
  if ((await parseJs(path, newText)).error) return undefined;
  return { newText, configs, notes, flavor: style.flavor };
}
