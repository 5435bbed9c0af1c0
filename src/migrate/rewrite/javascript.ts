// JavaScript / TypeScript files (.js .cjs .mjs .jsx .ts .tsx .mts .cts): the string literal holding a secret
// becomes a call into a generated loader next to the file (leakguard-secrets.cjs / .mjs / .ts), keeping the
// module's style (ESM `import` or CommonJS `require`):
//   - where `await` is legal (inside async functions; ES module top level):  await getSecret("<secret>", "<key>")
//   - elsewhere (CommonJS scope, sync functions, class fields):                getSecretSync("<secret>", "<key>")
// Partial values keep the rest of the string: "postgres://u:" + getSecretSync(...) + "@h"; template literals
// and JSX text get a ${...} / {...} field. Parsed with @babel/parser (exact offsets, JS+TS+JSX in one small
// dependency-free package), imported lazily.
import MagicString from 'magic-string';
import type { RewriteRequest, RewriteResult, Rewriter } from '../types.js';
import { javascriptSdk } from './dependencies.js';
import { jsLoader, jsLoaderFileName } from '../loaders/javascript.js';
import { baseName, dirName, joinRel, lineOf, lineStarts, locateAll, valueLeft, type SecretSpan } from './locate.js';
import { manualResult } from './manual.js';
import { cutsEscape } from './splice.js';
import { awaitAllowed, findStringNode, parseJs, type BNode, type Hit } from './js-ast.js';
import { addLoaderImport, moduleStyle } from './js-module.js';

const EXT = /\.(c|m)?(j|t)sx?$/i;

function jsStr(s: string): string {
  return JSON.stringify(s);
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

  const style = moduleStyle(req.root, path, program);
  const esmTla = style.esmTla;

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
  const local = (n: string) => (n === 'leakguardGetSecret' ? 'getSecret' : n === 'leakguardGetSecretSync' ? 'getSecretSync' : n);
  const imported = addLoaderImport(ms, program, text, path, style, [...used].map((n) => ({ name: local(n), as: n })));
  if (imported) notes.push(imported);
  const loaderRel = joinRel(dirName(path), jsLoaderFileName(style.flavor));

  const newText = ms.toString();
  const after = await parseJs(path, newText);
  if (after.error) return manualResult(`file would no longer parse after the edit (${after.error})`, req);
  const left = valueLeft(text, newText, req.items);
  if (left) return manualResult(`value of ${left} still occurs elsewhere in the file`, req);
  if (!used.size) return { kind: 'edit', newText, extraFiles: {}, notes };
  notes.push(`${loaderRel}: generated loader (@aws-sdk/client-secrets-manager, TTL cache, shared in-flight requests)`);
  const sdk = javascriptSdk(req.root, dirOf(path));
  notes.push(...sdk.notes);
  return { kind: 'edit', newText, extraFiles: { [loaderRel]: jsLoader(style.flavor), ...sdk.files }, notes };
}

function needsParens(parent: BNode, n: BNode): boolean {
  if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === n) return true;
  if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee === n) return true;
  if (parent.type === 'BinaryExpression' && parent.operator === '**') return true;
  return false;
}

export const javascriptRewriter: Rewriter = {
  id: 'javascript',
  handles: (path) => EXT.test(baseName(path)) && !/\.d\.(c|m)?ts$/i.test(path) && !/leakguard-secrets\.(c|m)?(j|t)s$/.test(path),
  rewrite: rewriteJs,
  validate: async (path, text) => (await parseJs(path, text)).error ?? null,
};
