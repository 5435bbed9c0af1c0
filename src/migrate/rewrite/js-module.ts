// How a JavaScript / TypeScript file loads modules, and the import (or require) of the generated loader
// that follows it: ESM `import { … } from './leakguard-secrets.mjs'` or CommonJS `const { … } = require(…)`,
// with the specifier style the file already uses for relative TypeScript imports.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type MagicString from 'magic-string';
import { jsLoaderFileName, type JsLoaderFlavor } from '../loaders/javascript.js';
import { extOf, type BNode } from './js-ast.js';
import { dirName } from './locate.js';

export interface ModuleStyle {
  isTs: boolean;
  runtimeEsm: boolean;
  /** The file writes `import` (else `require`). */
  useImportSyntax: boolean;
  flavor: JsLoaderFlavor;
  /** `await` is legal at the module's top level. */
  esmTla: boolean;
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

export function moduleStyle(root: string, path: string, program: BNode): ModuleStyle {
  const ext = extOf(path);
  const isTs = ['ts', 'tsx', 'mts', 'cts'].includes(ext);
  const body = (program.body as BNode[]) ?? [];
  const hasEsmSyntax = body.some((n) => /^(Import|Export)/.test(n.type) && n.type !== 'TSImportEqualsDeclaration');
  const runtimeEsm = ext === 'mjs' || ext === 'mts' ? true : ext === 'cjs' || ext === 'cts' ? false : packageType(root, path) === 'module';
  // TS written with import syntax but run as CommonJS is compiled to require(): no top-level await there.
  const useImportSyntax = isTs ? ext !== 'cts' : runtimeEsm || (hasEsmSyntax && ext !== 'cjs');
  const flavor: JsLoaderFlavor = isTs ? (runtimeEsm ? 'ts-esm' : 'ts-cjs') : useImportSyntax ? 'esm' : 'cjs';
  return { isTs, runtimeEsm, useImportSyntax, flavor, esmTla: runtimeEsm && useImportSyntax };
}

function relImportStyle(text: string): 'js' | 'ts' | 'none' | undefined {
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  if (!specs.length) return undefined;
  if (specs.some((s) => /\.(m|c)?js$/.test(s))) return 'js';
  if (specs.some((s) => /\.(m|c)?ts$/.test(s))) return 'ts';
  return 'none';
}

/** After the last top-level import (ESM) / after directives and leading comments (CommonJS). */
export function insertionPoint(program: BNode, text: string, importSyntax: boolean): number {
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
  return text.lastIndexOf('\n', first.start - 1) + 1;
}

/** The loader's module specifier as this file writes it. */
export function loaderSpecifier(text: string, style: ModuleStyle): string {
  const loaderFile = jsLoaderFileName(style.flavor);
  if (!style.isTs) return './' + loaderFile;
  const s = relImportStyle(text) ?? (style.runtimeEsm ? 'js' : 'none');
  return s === 'js' ? './leakguard-secrets.js' : s === 'ts' ? './leakguard-secrets.ts' : './leakguard-secrets';
}

/**
 * Import (or require) `names` from the loader next to the file, skipping those it already imports; each
 * name is the loader's export and the local name it is bound to. Returns the plan's note, or undefined
 * when nothing was added.
 */
export function addLoaderImport(
  ms: MagicString,
  program: BNode,
  text: string,
  path: string,
  style: ModuleStyle,
  names: Array<{ name: string; as: string }>,
): string | undefined {
  const spec = loaderSpecifier(text, style);
  const existing = [...text.matchAll(/(?:import\s*\{([^}]*)\}\s*from\s*|\{([^}]*)\}\s*=\s*require\(\s*)['"][^'"]*leakguard-secrets[^'"]*['"]/g)];
  const have = new Set(
    existing.flatMap((m) =>
      (m[1] ?? m[2] ?? '')
        .split(',')
        .map((x) => x.trim().split(/\s+as\s+|\s*:\s*/).pop()!)
        .filter(Boolean),
    ),
  );
  const wanted = [...new Map(names.map((n) => [n.as, n])).values()].sort((a, b) => (a.as < b.as ? -1 : a.as > b.as ? 1 : 0)).filter((n) => !have.has(n.as));
  if (!wanted.length) return undefined;
  const imp = style.useImportSyntax;
  const specifiers = wanted.map((n) => (n.name === n.as ? n.name : imp ? `${n.name} as ${n.as}` : `${n.name}: ${n.as}`)).join(', ');
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const stmt = imp ? `import { ${specifiers} } from ${JSON.stringify(spec)};${nl}` : `const { ${specifiers} } = require(${JSON.stringify(spec)});${nl}`;
  const at = insertionPoint(program, text, imp);
  ms.appendRight(at, (at > 0 && text[at - 1] !== '\n' ? nl : '') + stmt);
  return `${path}: ${imp ? 'import' : 'require'} ${wanted.map((n) => n.as).join(', ')} from ${spec}`;
}
