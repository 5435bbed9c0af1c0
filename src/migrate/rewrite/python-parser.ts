// Python parsing for the rewriter: web-tree-sitter with the tree-sitter-python grammar compiled to wasm
// (both from npm; no native build, no Python needed at run time). Loaded lazily on first use.
import { createRequire } from 'node:module';
import type { Node as TsNode, Parser as TsParser, Tree } from 'web-tree-sitter';

export type PyNode = TsNode;
let parserPromise: Promise<TsParser> | undefined;

async function makeParser(): Promise<TsParser> {
  const require = createRequire(import.meta.url);
  const { Parser, Language } = await import('web-tree-sitter');
  const runtimeWasm = require.resolve('web-tree-sitter/tree-sitter.wasm');
  await Parser.init({ locateFile: () => runtimeWasm });
  const pkgJson = require.resolve('tree-sitter-python/package.json');
  const grammarWasm = pkgJson.replace(/package\.json$/, 'tree-sitter-python.wasm');
  const lang = await Language.load(grammarWasm);
  const p = new Parser();
  p.setLanguage(lang);
  return p;
}

export async function parsePython(text: string): Promise<Tree> {
  parserPromise ??= makeParser();
  const p = await parserPromise;
  const t = p.parse(text);
  if (!t) throw new Error('python parser returned no tree');
  return t;
}

/** First ERROR/MISSING node, as "line L" text, or null. */
export function firstSyntaxError(tree: Tree): string | null {
  if (!tree.rootNode.hasError) return null;
  const stack: PyNode[] = [tree.rootNode];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) return `syntax error at line ${n.startPosition.row + 1}`;
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c && c.hasError) stack.push(c);
      else if (c && c.isMissing) return `missing ${c.type} at line ${c.startPosition.row + 1}`;
    }
  }
  return 'syntax error';
}

export async function pythonSyntaxError(text: string): Promise<string | null> {
  const t = await parsePython(text);
  try {
    return firstSyntaxError(t);
  } finally {
    t.delete();
  }
}

/** Smallest node of one of `types` that contains [start, end). */
export function enclosing(root: PyNode, start: number, end: number, types: string[]): PyNode | null {
  let n: PyNode | null = root.descendantForIndex(start, Math.max(start, end - 1));
  while (n && !(types.includes(n.type) && n.startIndex <= start && n.endIndex >= end)) n = n.parent;
  return n;
}
