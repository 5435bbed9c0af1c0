// JSON / JSONC files: the secret inside a string value becomes the reference `aws-sm://<secret>#<key>`.
// jsonc-parser gives exact node offsets, so only the value's characters change.
import type { Rewriter } from '../types.js';
import { baseName } from './locate.js';
import { spliceRewrite } from './splice.js';
import { READ_BY_APP_NOTE } from '../references.js';

type JsoncModule = typeof import('jsonc-parser');
let jsonc: JsoncModule | undefined;
async function loadJsonc(): Promise<JsoncModule> {
  if (!jsonc) {
    const m = (await import('jsonc-parser')) as JsoncModule & { default?: JsoncModule };
    jsonc = typeof m.default?.parseTree === "function" ? m.default : m;
  }
  return jsonc;
}

async function parseErrors(text: string): Promise<string | null> {
  const j = await loadJsonc();
  const errors: import('jsonc-parser').ParseError[] = [];
  j.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!errors.length) return null;
  return `${j.printParseErrorCode(errors[0]!.error)} at offset ${errors[0]!.offset}`;
}

export function isJsonPath(path: string): boolean {
  const b = baseName(path).toLowerCase();
  return /\.(json|jsonc|json5)$/.test(b) && !/(^|\/)package-lock\.json$/.test(b);
}

export const jsonRewriter: Rewriter = {
  id: 'json',
  handles: (path) => isJsonPath(path),
  async rewrite(req) {
    const j = await loadJsonc();
    const original = await parseErrors(req.text);
    const root = j.parseTree(req.text, [], { allowTrailingComma: true, disallowComments: false });
    return spliceRewrite(req, {
      label: 'JSON',
      fileNote: READ_BY_APP_NOTE,
      readByApp: true,
      check(span) {
        if (original) return `file does not parse (${original})`;
        if (!root) return 'empty document';
        const node = j.findNodeAtOffset(root, span.start, false);
        if (!node || node.type !== 'string') return 'value is not inside a JSON string';
        if (span.start <= node.offset || span.end >= node.offset + node.length) return 'value overlaps the string quotes';
        if (node.parent?.type === 'property' && node.parent.children?.[0] === node) return 'value is a property name';
        const inner = req.text.slice(node.offset + 1, node.offset + node.length - 1);
        return { whole: inner === span.item.finding.secret };
      },
      validate: parseErrors,
    });
  },
  validate: async (_path, text) => parseErrors(text),
};
