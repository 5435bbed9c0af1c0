// The generated loaders need an AWS SDK in the application itself (never leakguard's copy: a
// generated file holds nothing of the machine that made it). Where the app declares its
// dependencies, migrate adds the SDK there, as a small edit located by a parser (package.json
// through jsonc-parser's minimal edits; a line appended to requirements.txt); where it cannot
// (no manifest, pyproject.toml, Pipfile), the plan says exactly what to add.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits, modify, parseTree, findNodeAtLocation } from 'jsonc-parser';

/** The SDK version leakguard is tested with (and that runs on Node 20). */
export const JS_SDK = { name: '@aws-sdk/client-secrets-manager', version: '3.1164.0' };

export interface DependencyChange {
  /** Manifest edits (repo-relative path -> new full text), for the rewriter's extraFiles. */
  files: Record<string, string>;
  notes: string[];
}

function read(root: string, rel: string): string | undefined {
  try {
    return readFileSync(join(root, rel), 'utf8');
  } catch {
    return undefined;
  }
}

/** `dir` and each directory above it up to the repository root ('' is the root). */
function upward(dir: string): string[] {
  const out: string[] = [];
  let d = dir === '.' ? '' : dir;
  for (;;) {
    out.push(d);
    if (d === '') return out;
    const i = d.lastIndexOf('/');
    d = i < 0 ? '' : d.slice(0, i);
  }
}

const relIn = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

/** The JavaScript loader's SDK, in the nearest package.json above `dir` (repo-relative). */
export function javascriptSdk(root: string, dir: string): DependencyChange {
  const hint = `npm i ${JS_SDK.name}@${JS_SDK.version}`;
  for (const d of upward(dir)) {
    const rel = relIn(d, 'package.json');
    const text = read(root, rel);
    if (text === undefined) continue;
    const tree = parseTree(text);
    if (!tree || tree.type !== 'object') return { files: {}, notes: [`${rel}: not a JSON object; add ${JS_SDK.name} to the app's dependencies yourself (${hint})`] };
    for (const section of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      if (findNodeAtLocation(tree, [section, JS_SDK.name])) return { files: {}, notes: [] };
    }
    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    const edits = modify(text, ['dependencies', JS_SDK.name], JS_SDK.version, {
      formattingOptions: { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' },
    });
    return { files: { [rel]: applyEdits(text, edits) }, notes: [`${rel}: adds ${JS_SDK.name} ${JS_SDK.version} to dependencies (the loader needs it; run npm install)`] };
  }
  return { files: {}, notes: [`no package.json above ${dir || 'the repository root'}: the loader needs ${JS_SDK.name} in the app (${hint})`] };
}

/** The Python loader's boto3, in the nearest requirements.txt (or a note for pyproject.toml / Pipfile). */
export function pythonSdk(root: string, dir: string): DependencyChange {
  for (const d of upward(dir)) {
    const req = relIn(d, 'requirements.txt');
    const text = read(root, req);
    if (text !== undefined) {
      if (/^\s*boto3\b/im.test(text)) return { files: {}, notes: [] };
      const nl = text.includes('\r\n') ? '\r\n' : '\n';
      const sep = text === '' || text.endsWith('\n') ? '' : nl;
      return { files: { [req]: `${text}${sep}boto3${nl}` }, notes: [`${req}: adds boto3 (the loader needs it; run pip install -r ${req})`] };
    }
    for (const manifest of ['pyproject.toml', 'Pipfile', 'setup.py', 'setup.cfg']) {
      const rel = relIn(d, manifest);
      const m = read(root, rel);
      if (m === undefined) continue;
      if (/\bboto3\b/.test(m)) return { files: {}, notes: [] };
      return { files: {}, notes: [`${rel}: add boto3 to the app's dependencies (the loader needs it)`] };
    }
  }
  return { files: {}, notes: [`no requirements.txt or pyproject.toml above ${dir || 'the repository root'}: the loader needs boto3 in the app (pip install boto3)`] };
}
