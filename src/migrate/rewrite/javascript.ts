// JavaScript / TypeScript files (.js .cjs .mjs .jsx .ts .tsx .mts .cts): the string literal holding a secret
// becomes a call into a generated loader next to the file (leakguard-secrets.cjs / .mjs / .ts), keeping the
// module's style (ESM `import` or CommonJS `require`):
//   - where `await` is legal (inside async functions; ES module top level):  await getSecret("<secret>", "<key>")
//   - elsewhere (CommonJS scope, sync functions, class fields):                getSecretSync("<secret>", "<key>")
// Partial values keep the rest of the string: "postgres://u:" + getSecretSync(...) + "@h"; template literals
// and JSX text get a ${...} / {...} field. Parsed with @babel/parser (exact offsets, JS+TS+JSX in one small
// dependency-free package), imported lazily.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MagicString from 'magic-string';
import type { RewriteRequest, RewriteResult, Rewriter } from '../types.js';
import { javascriptSdk } from './dependencies.js';
import { jsLoader, jsLoaderFileName, type JsLoaderFlavor } from '../loaders/javascript.js';
import { baseName, dirName, joinRel, lineOf, lineStarts, locateAll, valueLeft, type SecretSpan } from './locate.js';
import { manualResult } from './manual.js';
import { cutsEscape } from './splice.js';

type BabelParser = typeof import('@babel/parser');
let babel: BabelParser | undefined;
async function loadBabel(): Promise<BabelParser> {
  if (!babel) {
    const m = (await import('@babel/parser')) as BabelParser & { default?: BabelParser };
    babel = typeof m.parse === 'function' ? m : m.default!;
  }
  return babel;
}

// Minimal structural view of Babel nodes (avoids depending on @babel/types).
interface BNode {
  type: string;
  start: number;
  end: number;
  [k: string]: unknown;
}

const EXT = /\.(c|m)?(j|t)sx?$/i;

function extOf(path: string): string {
  const m = /\.([a-z]+)$/i.exec(path);
  return m ? m[1]!.toLowerCase() : '';
}

function parserOptions(path: string): import('@babel/parser').ParserOptions {
  const ext = extOf(path);
  const ts = ext === 'ts' || ext === 'tsx' || ext === 'mts' || ext === 'cts';
  const plugins: import('@babel/parser').ParserPlugin[] = [];
  if (ts) plugins.push('typescript');
  if (ext !== 'ts' && ext !== 'mts' && ext !== 'cts') plugins.push('jsx');
  return {
    sourceType: ext === 'mjs' || ext === 'mts' ? 'module' : ext === 'cjs' || ext === 'cts' ? 'script' : 'unambiguous',
    allowReturnOutsideFunction: ext === 'cjs' || ext === 'cts',
    allowAwaitOutsideFunction: false,
    errorRecovery: false,
    plugins,
  };
}

async function parseJs(path: string, text: string): Promise<{ ast?: BNode; error?: string }> {
  const b = await loadBabel();
  try {
    const file = b.parse(text, parserOptions(path)) as unknown as { program: BNode };
    return { ast: file.program };
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    // Babel messages quote source positions, not source text; keep the first line only.
    return { error: m.split('\n')[0]!.slice(0, 200) };
  }
}

/** Nearest package.json "type" from the file's directory up to the repo root. */
function packageType(root: string, relPath: string): 'module' | 'commonjs' {
  let dir = dirName(relPath);
  for (;;) {
    const pj = join(root, dir, 'package.json');
    if (existsSync(pj)) {
      try {
        const t = (JSON.parse(readFileSync(pj, 'utf8')) as { type?: unknown }).type;
        return t === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (!dir) return 'commonjs';
    dir = dirName(dir);
  }
}

interface Hit {
  node: BNode;
  ancestors: BNode[];
}

const SKIP_KEYS = new Set(['loc', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'comments', 'tokens', 'range']);

/** Smallest string-ish node (StringLiteral, TemplateLiteral, JSXText, DirectiveLiteral) containing [s, e). */
function findStringNode(root: BNode, s: number, e: number): Hit | undefined {
  let best: Hit | undefined;
  const stack: BNode[] = [];
  const visit = (n: BNode) => {
    if (n.start > s || n.end < e) return;
    if (['StringLiteral', 'TemplateLiteral', 'JSXText', 'DirectiveLiteral'].includes(n.type)) best = { node: n, ancestors: [...stack] };
    stack.push(n);
    for (const k of Object.keys(n)) {
      if (SKIP_KEYS.has(k)) continue;
      const v = n[k];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c === 'object' && typeof (c as BNode).type === 'string') visit(c as BNode);
      } else if (v && typeof v === 'object' && typeof (v as BNode).type === 'string') visit(v as BNode);
    }
    stack.pop();
  };
  visit(root);
  return best;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);
const SYNC_BOUNDARIES = new Set(['ClassProperty', 'ClassPrivateProperty', 'ClassAccessorProperty', 'StaticBlock', 'PropertyDefinition']);

/** Whether `await` is legal at the node: nearest function is async (and node is in its body), or ESM top level. */
function awaitAllowed(hit: Hit, esmTopLevelAwait: boolean): boolean {
  const chain = [...hit.ancestors, hit.node];
  for (let i = chain.length - 2; i >= 0; i--) {
    const a = chain[i]!;
    if (SYNC_BOUNDARIES.has(a.type)) return false;
    if (FUNCTIONS.has(a.type)) {
      const child = chain[i + 1]!;
      const body = a.body as BNode | undefined;
      return a.async === true && !!body && child.start >= body.start && child.end <= body.end;
    }
  }
  return esmTopLevelAwait;
}

function jsStr(s: string): string {
  return JSON.stringify(s);
}

function relImportStyle(text: string): 'js' | 'ts' | 'none' | undefined {
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  if (!specs.length) return undefined;
  if (specs.some((s) => /\.(m|c)?js$/.test(s))) return 'js';
  if (specs.some((s) => /\.(m|c)?ts$/.test(s))) return 'ts';
  return 'none';
}

/** Absolute path of the SDK entry leakguard uses (fallback for apps without their own copy). */
/** The repo-relative directory of a repo-relative path ('' at the root). */
function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

const AWS_KEY_PROPS = new Set(['accessKeyId', 'secretAccessKey', 'sessionToken']);

function propName(p: BNode): string | undefined {
  const k = p.key as BNode | undefined;
  if (!k || p.computed) return undefined;
  return k.type === 'Identifier' ? (k.name as string) : k.type === 'StringLiteral' ? (k.value as string) : undefined;
}

function calleeText(text: string, n: BNode): string {
  const c = n.callee as BNode | undefined;
  return c ? text.slice(c.start, c.end) : '';
}

/**
 * Static AWS keys given to an SDK client: `new S3Client({ credentials: { accessKeyId: '…', … } })`
 * (v3), `new AWS.S3({ accessKeyId: '…' })` or `AWS.config.update({ … })` (v2). The property to drop
 * so the default credential chain applies, with the object holding it, or undefined.
 */
function credentialProperty(hit: Hit, text: string): { prop: BNode; owner: BNode } | undefined {
  const a = hit.ancestors;
  const prop = a[a.length - 1];
  if (prop?.type !== 'ObjectProperty' || prop.value !== hit.node || !AWS_KEY_PROPS.has(propName(prop) ?? '')) return undefined;
  const obj = a[a.length - 2];
  const holder = a[a.length - 3];
  // v3: the credentials object of a client's options
  if (holder?.type === 'ObjectProperty' && propName(holder) === 'credentials') {
    const opts = a[a.length - 4];
    const call = a[a.length - 5];
    if (opts?.type === 'ObjectExpression' && call?.type === 'NewExpression' && /Client$/.test(calleeText(text, call))) return { prop: holder, owner: opts };
    return undefined;
  }
  // v2: keys among a service's or the global config's options
  if (obj?.type === 'ObjectExpression' && holder && ((holder.type === 'NewExpression' && /^AWS\.\w+$/.test(calleeText(text, holder))) || (holder.type === 'CallExpression' && /^AWS\.config\.update$/.test(calleeText(text, holder))))) return { prop, owner: obj };
  return undefined;
}

/**
 * Spans that remove `drop` from an object's properties with their commas: a property followed by a
 * kept one goes up to that one's start; a run of dropped properties at the end goes from the last
 * kept property's end; all of them: the whole list (and a trailing comma).
 */
function propertySpans(text: string, props: BNode[], drop: Set<BNode>): Array<[number, number]> {
  const kept = props.filter((p) => !drop.has(p));
  if (!kept.length) {
    const last = props[props.length - 1]!;
    const m = /^\s*,/.exec(text.slice(last.end as number));
    return [[props[0]!.start as number, (last.end as number) + (m ? m[0].length : 0)]];
  }
  const lastKept = props.indexOf(kept[kept.length - 1]!);
  const out: Array<[number, number]> = [];
  props.forEach((p, i) => {
    if (drop.has(p) && i < lastKept) out.push([p.start as number, props[i + 1]!.start as number]);
  });
  if (lastKept < props.length - 1) out.push([props[lastKept]!.end as number, props[props.length - 1]!.end as number]);
  return out;
}

async function rewriteJs(req: RewriteRequest): Promise<RewriteResult> {
  const { text, path } = req;
  const parsed = await parseJs(path, text);
  if (!parsed.ast) return manualResult(`file does not parse (${parsed.error})`, req);
  const program = parsed.ast;
  const located = locateAll(text, req.items);
  if ('missing' in located) return manualResult(`value for key ${located.missing.key} not found verbatim at line ${located.missing.finding.line}`, req);
  const starts = lineStarts(text);

  const ext = extOf(path);
  const isTs = ['ts', 'tsx', 'mts', 'cts'].includes(ext);
  const body = (program.body as BNode[]) ?? [];
  const hasEsmSyntax = body.some((n) => /^(Import|Export)/.test(n.type) && n.type !== 'TSImportEqualsDeclaration');
  const runtimeEsm =
    ext === 'mjs' || ext === 'mts' ? true : ext === 'cjs' || ext === 'cts' ? false : packageType(req.root, path) === 'module';
  // TS written with import syntax but run as CommonJS is compiled to require(): no top-level await there.
  const useImportSyntax = isTs ? ext !== 'cts' : runtimeEsm || (hasEsmSyntax && ext !== 'cjs');
  const flavor: JsLoaderFlavor = isTs ? (runtimeEsm ? 'ts-esm' : 'ts-cjs') : useImportSyntax ? 'esm' : 'cjs';
  const esmTla = runtimeEsm && useImportSyntax;

  const nameAsync = /\bgetSecret\b/.test(text) && !text.includes('leakguard-secrets') ? 'leakguardGetSecret' : 'getSecret';
  const nameSync = /\bgetSecretSync\b/.test(text) && !text.includes('leakguard-secrets') ? 'leakguardGetSecretSync' : 'getSecretSync';
  const used = new Set<string>();
  const ms = new MagicString(text);
  const notes: string[] = [];

  // group spans per string node
  const groups = new Map<number, { hit: Hit; spans: SecretSpan[] }>();
  for (const s of located.spans) {
    const line = lineOf(starts, s.start);
    const hit = findStringNode(program, s.start, s.end);
    if (!hit) return manualResult(`line ${line}: value is not inside a string literal (comment or regex?)`, req);
    const parent = hit.ancestors[hit.ancestors.length - 1];
    const n = hit.node;
    if (n.type === 'DirectiveLiteral') return manualResult(`line ${line}: value is a directive`, req);
    if (parent) {
      if (/^(Import|Export)/.test(parent.type) || parent.type === 'TSExternalModuleReference' || parent.type === 'TSLiteralType' || parent.type === 'TSEnumMember' || parent.type === 'TSModuleDeclaration')
        return manualResult(`line ${line}: value is in a position that must stay a literal`, req);
      if ((parent.type === 'ObjectProperty' || parent.type === 'ClassProperty' || parent.type === 'ObjectMethod') && parent.key === n && !parent.computed)
        return manualResult(`line ${line}: value is a property name`, req);
      if (parent.type === 'TaggedTemplateExpression') return manualResult(`line ${line}: value is in a tagged template`, req);
      if (parent.type === 'CallExpression' && (parent.callee as BNode | undefined)?.type === 'Import') return manualResult(`line ${line}: value is a module specifier`, req);
      if (parent.type === 'CallExpression' && (parent.callee as BNode | undefined)?.type === 'Identifier' && (parent.callee as BNode).name === 'require')
        return manualResult(`line ${line}: value is a module specifier`, req);
    }
    if (n.type === 'TemplateLiteral') {
      const quasis = n.quasis as BNode[];
      if (!quasis.some((q) => s.start >= q.start && s.end <= q.end)) return manualResult(`line ${line}: value inside a template expression`, req);
    }
    if (n.type !== 'JSXText' && cutsEscape(text, s.start)) return manualResult(`line ${line}: value starts inside an escape sequence`, req);
    const g = groups.get(n.start) ?? { hit, spans: [] };
    g.spans.push(s);
    groups.set(n.start, g);
  }

  // Static AWS keys given to an SDK client: drop them (the values are still stored, and listed for
  // rotation) so the default credential chain (role, SSO, environment) applies.
  const dropByOwner = new Map<BNode, Set<BNode>>();
  for (const [at, { hit, spans }] of [...groups]) {
    const found = credentialProperty(hit, text);
    if (!found) continue;
    const { prop, owner } = found;
    groups.delete(at);
    for (const sp of spans) notes.push(`${path}:${lineOf(starts, sp.start)}: ${sp.item.key}: removed from the SDK client's options, so the default credential chain (role, SSO, environment) applies`);
    let set = dropByOwner.get(owner);
    if (!set) dropByOwner.set(owner, (set = new Set()));
    set.add(prop);
  }
  for (const [owner, set] of dropByOwner) for (const [a, b] of propertySpans(text, owner.properties as BNode[], set)) ms.remove(a, b);

  for (const { hit, spans } of groups.values()) {
    const n = hit.node;
    const parent = hit.ancestors[hit.ancestors.length - 1];
    const canAwait = awaitAllowed(hit, esmTla);
    const callOf = (s: SecretSpan) => {
      const fn = canAwait ? nameAsync : nameSync;
      used.add(fn);
      const c = `${fn}(${jsStr(s.item.secretName)}, ${jsStr(s.item.key)})`;
      return canAwait ? `await ${c}` : c;
    };
    for (const s of spans) notes.push(`${path}:${lineOf(starts, s.start)}: ${s.item.key} -> ${callOf(s)}`);
    if (n.type === 'TemplateLiteral') {
      for (const s of spans) ms.overwrite(s.start, s.end, '${' + callOf(s) + '}');
      continue;
    }
    if (n.type === 'JSXText') {
      for (const s of spans) ms.overwrite(s.start, s.end, '{' + callOf(s) + '}');
      continue;
    }
    // StringLiteral
    const q = text[n.start]!;
    const pieces: string[] = [];
    let cursor = n.start + 1;
    for (const s of spans) {
      if (s.start > cursor) pieces.push(q + text.slice(cursor, s.start) + q);
      pieces.push(callOf(s));
      cursor = s.end;
    }
    if (cursor < n.end - 1) pieces.push(q + text.slice(cursor, n.end - 1) + q);
    let rep = pieces.join(' + ');
    if (parent?.type === 'JSXAttribute') rep = `{${rep}}`;
    else if (pieces.length > 1 || (canAwait && parent && needsParens(parent, n))) rep = `(${rep})`;
    ms.overwrite(n.start, n.end, rep);
  }

  // import / require of the loader
  const loaderFile = jsLoaderFileName(flavor);
  const loaderRel = joinRel(dirName(path), loaderFile);
  let spec = './' + loaderFile;
  if (isTs) {
    const style = relImportStyle(text) ?? (runtimeEsm ? 'js' : 'none');
    spec = style === 'js' ? './leakguard-secrets.js' : style === 'ts' ? './leakguard-secrets.ts' : './leakguard-secrets';
  }
  const existing = [
    ...text.matchAll(/(?:import\s*\{([^}]*)\}\s*from\s*|\{([^}]*)\}\s*=\s*require\(\s*)['"][^'"]*leakguard-secrets[^'"]*['"]/g),
  ];
  const have = new Set(
    existing.flatMap((m) =>
      (m[1] ?? m[2] ?? '')
        .split(',')
        .map((x) => x.trim().split(/\s+as\s+|\s*:\s*/).pop()!)
        .filter(Boolean),
    ),
  );
  const names = [...used].sort().filter((n) => !have.has(n));
  const local = (n: string, imp: boolean) =>
    n === 'leakguardGetSecret' ? (imp ? 'getSecret as leakguardGetSecret' : 'getSecret: leakguardGetSecret')
    : n === 'leakguardGetSecretSync' ? (imp ? 'getSecretSync as leakguardGetSecretSync' : 'getSecretSync: leakguardGetSecretSync')
    : n;
  const specifiers = names.map((n) => local(n, useImportSyntax)).join(', ');
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  if (names.length) {
    const stmt = useImportSyntax
      ? `import { ${specifiers} } from ${jsStr(spec)};${nl}`
      : `const { ${specifiers} } = require(${jsStr(spec)});${nl}`;
    const at = insertionPoint(program, text, useImportSyntax);
    ms.appendRight(at, (at > 0 && text[at - 1] !== '\n' ? nl : '') + stmt);
    notes.push(`${path}: ${useImportSyntax ? 'import' : 'require'} ${names.join(', ')} from ${spec}`);
  }

  const newText = ms.toString();
  const after = await parseJs(path, newText);
  if (after.error) return manualResult(`file would no longer parse after the edit (${after.error})`, req);
  const left = valueLeft(text, newText, req.items);
  if (left) return manualResult(`value of ${left} still occurs elsewhere in the file`, req);
  if (!used.size) return { kind: 'edit', newText, extraFiles: {}, notes };
  notes.push(`${loaderRel}: generated loader (@aws-sdk/client-secrets-manager, TTL cache, shared in-flight requests)`);
  const sdk = javascriptSdk(req.root, dirOf(path));
  notes.push(...sdk.notes);
  return { kind: 'edit', newText, extraFiles: { [loaderRel]: jsLoader(flavor), ...sdk.files }, notes };
}

function needsParens(parent: BNode, n: BNode): boolean {
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === n) return true;
  if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee === n) return true;
  if (parent.type === 'BinaryExpression' && parent.operator === '**') return true;
  return false;
}

/** After the last top-level import (ESM) / after directives and leading comments (CommonJS). */
function insertionPoint(program: BNode, text: string, importSyntax: boolean): number {
  const afterLine = (i: number) => {
    const eol = text.indexOf('\n', i);
    return eol < 0 ? text.length : eol + 1;
  };
  const body = (program.body as BNode[]) ?? [];
  if (importSyntax) {
    const imports = body.filter((n) => n.type === 'ImportDeclaration');
    if (imports.length) return afterLine(imports[imports.length - 1]!.end);
  }
  const directives = (program.directives as BNode[]) ?? [];
  if (directives.length) return afterLine(directives[directives.length - 1]!.end);
  const first = body[0];
  if (!first) return text.length;
  // start of the first statement's line (leading comments such as a licence header stay on top)
  const lineStart = text.lastIndexOf('\n', first.start - 1) + 1;
  return lineStart;
}

export const javascriptRewriter: Rewriter = {
  id: 'javascript',
  handles: (path) => EXT.test(baseName(path)) && !/\.d\.(c|m)?ts$/i.test(path) && !/leakguard-secrets\.(c|m)?(j|t)s$/.test(path),
  rewrite: rewriteJs,
  validate: async (path, text) => (await parseJs(path, text)).error ?? null,
};
