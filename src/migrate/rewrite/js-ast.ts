// Parsing JavaScript / TypeScript for migrate's rewriters: @babel/parser (exact offsets, JS+TS+JSX in one
// small dependency-free package, imported lazily), a minimal structural view of its nodes, and the
// questions the rewriters ask of a tree (which string holds an offset, whether `await` is legal there).
type BabelParser = typeof import('@babel/parser');
let babel: BabelParser | undefined;
export async function loadBabel(): Promise<BabelParser> {
  if (!babel) {
    const m = (await import('@babel/parser')) as BabelParser & { default?: BabelParser };
    babel = typeof m.parse === 'function' ? m : m.default!;
  }
  return babel;
}

// Minimal structural view of Babel nodes (avoids depending on @babel/types).
export interface BNode {
  type: string;
  start: number;
  end: number;
  [k: string]: unknown;
}

export function extOf(path: string): string {
  const m = /\.([a-z]+)$/i.exec(path);
  return m ? m[1]!.toLowerCase() : '';
}

export function parserOptions(path: string): import('@babel/parser').ParserOptions {
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

export async function parseJs(path: string, text: string): Promise<{ ast?: BNode; error?: string }> {
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

export interface Hit {
  node: BNode;
  ancestors: BNode[];
}

export const SKIP_KEYS = new Set(['loc', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'comments', 'tokens', 'range']);

/** Smallest string-ish node (StringLiteral, TemplateLiteral, JSXText, DirectiveLiteral) containing [s, e). */
export function findStringNode(root: BNode, s: number, e: number): Hit | undefined {
  let best: Hit | undefined;
  walkNodes(root, (n, ancestors) => {
    if (n.start > s || n.end < e) return false;
    if (['StringLiteral', 'TemplateLiteral', 'JSXText', 'DirectiveLiteral'].includes(n.type)) best = { node: n, ancestors: [...ancestors] };
    return true;
  });
  return best;
}

export const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);
export const SYNC_BOUNDARIES = new Set(['ClassProperty', 'ClassPrivateProperty', 'ClassAccessorProperty', 'StaticBlock', 'PropertyDefinition']);

/** Whether `await` is legal at the node: nearest function is async (and node is in its body), or ESM top level. */
export function awaitAllowed(hit: Hit, esmTopLevelAwait: boolean): boolean {
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

/** Every node under `root`, depth first, with its ancestors (outermost first); `visit` returning false skips the node's children. */
export function walkNodes(root: BNode, visit: (node: BNode, ancestors: BNode[]) => boolean | void): void {
  const stack: BNode[] = [];
  const go = (n: BNode) => {
    if (visit(n, stack) === false) return;
    stack.push(n);
    for (const k of Object.keys(n)) {
      if (SKIP_KEYS.has(k)) continue;
      const v = n[k];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c === 'object' && typeof (c as BNode).type === 'string') go(c as BNode);
      } else if (v && typeof v === 'object' && typeof (v as BNode).type === 'string') go(v as BNode);
    }
    stack.pop();
  };
  go(root);
}
